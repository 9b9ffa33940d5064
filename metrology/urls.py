"""Monitoring and measuring resources and their verifications or calibrations (ISO 9001
§7.1.5); mounted at /equipements-de-mesure/ (namespace "metrology")."""

app_name = "metrology"

urlpatterns = []
