"""Roles, required competences, trainings and their effectiveness, the competence matrix
per service (ISO 9001 §7.2, §7.3); mounted at /competences/ (namespace "competence")."""

from . import views

app_name = "competence"

urlpatterns = views.urlpatterns
