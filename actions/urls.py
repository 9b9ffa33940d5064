"""Intranet pages of the action plan, under /actions/."""

from . import views

app_name = "actions"

urlpatterns = views.urlpatterns
