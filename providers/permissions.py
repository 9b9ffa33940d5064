"""Who may read and write the providers' register, in one place for the back office, the
intranet pages and the services.

- The quality engineer: everything.
- A pilot: reads, edits and evaluates the providers of their services (and of the
  services under theirs).
- Auditors and the direction: read everything.
- Agents: no access."""

from __future__ import annotations

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of

from .models import Provider


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


def _is_pilot(user) -> bool:
    return roles.user_has_role(user, roles.PILOT)


def can_access(user) -> bool:
    """Whether the user reaches the register at all (agents do not)."""
    return _active(user) and (can_view_all(user) or _is_pilot(user))


def visible_providers(user, queryset=None):
    queryset = Provider.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    if not _is_pilot(user):
        return queryset.none()
    return queryset.filter(pk__in=Provider.objects.for_services(service_ids_of(user)))



def editable_providers(user, queryset=None):
    queryset = Provider.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_quality_engineer(user):
        return queryset
    if not _is_pilot(user):
        return queryset.none()
    return queryset.filter(pk__in=Provider.objects.for_services(service_ids_of(user)))


def _service_ids(provider: Provider) -> set[int]:
    pending = getattr(provider, "_pending_service_ids", None)
    if pending is not None:
        return set(pending)
    if provider.pk is None:
        return set()
    cached = getattr(provider, "_prefetched_objects_cache", {}).get("services")
    if cached is not None:
        return {service.pk for service in cached}
    return set(provider.services.values_list("pk", flat=True))


def can_view_provider(user, provider: Provider) -> bool:
    if not _active(user):
        return False
    if can_view_all(user):
        return True
    return _is_pilot(user) and bool(_service_ids(provider) & service_ids_of(user))


def can_edit_provider(user, provider: Provider) -> bool:
    """The quality engineer; a pilot one of whose services the provider works for."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    return _is_pilot(user) and bool(_service_ids(provider) & service_ids_of(user))


def can_evaluate(user, provider: Provider) -> bool:
    return can_edit_provider(user, provider) and provider.is_active


def can_add_provider(user) -> bool:
    return _active(user) and (is_quality_engineer(user) or _is_pilot(user))


def can_manage_criteria(user) -> bool:
    return _active(user) and is_quality_engineer(user)
