"""Monitoring and measuring resources and their verifications or calibrations (ISO 9001
§7.1.5); mounted at /equipements-de-mesure/ (namespace "metrology"). The pages are in
metrology/views.py."""

from . import views

app_name = "metrology"

urlpatterns = views.urlpatterns
