"""Intranet pages of the management and process reviews; mounted at
/revues-de-direction/ (namespace "reviews")."""

from . import views

app_name = "reviews"

urlpatterns = views.urlpatterns
