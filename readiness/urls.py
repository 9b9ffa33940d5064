"""The clause-to-evidence matrix per service and standard, its readiness score, gaps turned
into actions and the readiness pack; mounted at /preparation/ (namespace "readiness")."""

from . import views

app_name = "readiness"

urlpatterns = views.urlpatterns
