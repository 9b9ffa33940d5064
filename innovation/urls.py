"""Intranet pages of the innovation & performance programme; mounted at /innovation/
(namespace "innovation"). The working groups' side (programme, themes, ideas,
proposals and their arbitration) is in views_groups; the contracts' side (contracts,
reports, budget moves, dashboard, steering committees, closing, roadmaps) in
views_contracts."""

from . import views_contracts, views_groups

app_name = "innovation"

urlpatterns = views_groups.urlpatterns + views_contracts.urlpatterns
