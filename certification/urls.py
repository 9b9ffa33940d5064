"""Per-service certification targets and history, the calendar of external audits and
its reminders; mounted at /certifications/ (namespace "certification"),
certification/views.py."""

from . import views

app_name = "certification"

urlpatterns = views.urlpatterns
