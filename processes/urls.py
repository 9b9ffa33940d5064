"""Intranet pages of the process register, the map and the context (views.py) and of the
risk sheets, register and matrix (risk_views.py), under /processus/."""

from . import risk_views, views

app_name = "processes"

urlpatterns = views.urlpatterns + risk_views.urlpatterns
