"""Intranet pages of the working groups' side of the programme."""

from django.urls import path

urlpatterns = [path("", lambda request: None, name="index")]
