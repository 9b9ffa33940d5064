"""Intranet pages of the contracts' side of the programme."""

urlpatterns = []
