"""Intranet pages of the regulatory watch, under /conformite/ (compliance/views.py)."""

from . import views

app_name = "compliance"

urlpatterns = views.urlpatterns
