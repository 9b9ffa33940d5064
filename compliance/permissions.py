"""Who may read and write the regulatory watch, in one place for the back office, the
intranet pages and the services.

- The quality engineer: everything.
- A pilot: manages the texts of their services (those they own, or concerning one of
  their services) and records their evaluations.
- An agent: reads the register of their services.
- Auditors and the direction: read everything."""

from __future__ import annotations

from django.db.models import Q

from qms import roles
from qms.permissions import is_pilot_of, is_quality_engineer, service_ids_of

from .models import Regulation


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


def visible_regulations(user, queryset=None):
    """The texts the user reads."""
    queryset = Regulation.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    ids = service_ids_of(user)
    return queryset.filter(
        Q(pk__in=Regulation.objects.filter(services__in=ids).values("pk")) | Q(owner=user)
    )


def _service_ids(regulation: Regulation) -> set[int]:
    if regulation.pk is None:
        return set(getattr(regulation, "_pending_service_ids", ()))
    cached = getattr(regulation, "_prefetched_objects_cache", {}).get("services")
    if cached is not None:
        return {service.pk for service in cached}
    return set(regulation.services.values_list("pk", flat=True))


def can_view_regulation(user, regulation: Regulation) -> bool:
    if not _active(user):
        return False
    if can_view_all(user) or regulation.owner_id == user.pk:
        return True
    return bool(_service_ids(regulation) & service_ids_of(user))


def can_edit_regulation(user, regulation: Regulation) -> bool:
    """The quality engineer; a pilot who owns the text or one of whose services it
    concerns."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    if not roles.user_has_role(user, roles.PILOT):
        return False
    if regulation.owner_id == user.pk:
        return True
    return any(is_pilot_of(user, sid) for sid in _service_ids(regulation))


def can_evaluate(user, regulation: Regulation) -> bool:
    """Evaluations are recorded by whoever manages the text."""
    return can_edit_regulation(user, regulation)


def can_add_regulation(user) -> bool:
    return _active(user) and (
        is_quality_engineer(user) or roles.user_has_role(user, roles.PILOT)
    )


def editable_regulations(user, queryset=None):
    queryset = Regulation.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_quality_engineer(user):
        return queryset
    if not roles.user_has_role(user, roles.PILOT):
        return queryset.none()
    ids = service_ids_of(user)
    return queryset.filter(
        Q(pk__in=Regulation.objects.filter(services__in=ids).values("pk")) | Q(owner=user)
    )
