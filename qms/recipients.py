"""Who receives the reminders and digests the apps send."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import roles
from .models import User


def pilots_by_service(service_ids: Iterable[int] | None = None) -> dict[int, list[User]]:
    """{service id: [its active pilots who have an e-mail address]}, each list by
    username; for `service_ids` only when given, else for every service. One query."""
    pilots = (User.objects.filter(is_active=True, groups__name=roles.PILOT,
                                  service__isnull=False)
              .exclude(email="").select_related("service").order_by("username").distinct())
    if service_ids is not None:
        pilots = pilots.filter(service_id__in=set(service_ids))
    by_service = defaultdict(list)
    for pilot in pilots:
        by_service[pilot.service_id].append(pilot)
    return by_service


def pilots_up_the_tree(service_ids: Iterable[int]) -> dict[int, list[User]]:
    """{service id: the active pilots with an e-mail address of that service, then of
    each direction above it}. Two queries (the service tree, the pilots)."""
    from .models import Service

    parents = dict(Service.objects.values_list("pk", "parent_id"))
    chains: dict[int, list[int]] = {}
    for service_id in set(service_ids):
        chain, node = [], service_id
        while node is not None and node not in chain:
            chain.append(node)
            node = parents.get(node)
        chains[service_id] = chain
    pilots = pilots_by_service({pk for chain in chains.values() for pk in chain})
    return {service_id: [p for pk in chain for p in pilots.get(pk, [])]
            for service_id, chain in chains.items()}
