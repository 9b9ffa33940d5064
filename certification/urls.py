"""Per-service certification targets and history, the calendar of external audits and
its reminders; mounted at /certifications/ (namespace "certification")."""

from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.certification_index, name="index"),
]
