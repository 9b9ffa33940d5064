"""Intranet pages of the audits and nonconformities (views.py), under /audits/."""

from . import views

app_name = "audits"

urlpatterns = views.urlpatterns
