"""Who may read and write the measuring resources, in one place for the back office, the
intranet pages and the services.

- The quality engineer: everything.
- A pilot: manages the resources of their services (and of the services under theirs)
  and records their verifications.
- An agent: reads the resources of their service.
- Auditors and the direction: read everything."""

from __future__ import annotations

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of

from .models import MeasuringResource


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


def visible_resources(user, queryset=None):
    queryset = MeasuringResource.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    return queryset.filter(service_id__in=service_ids_of(user))


def editable_resources(user, queryset=None):
    queryset = MeasuringResource.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_quality_engineer(user):
        return queryset
    if not roles.user_has_role(user, roles.PILOT):
        return queryset.none()
    return queryset.filter(service_id__in=service_ids_of(user))


def can_view_resource(user, resource: MeasuringResource) -> bool:
    return _active(user) and (can_view_all(user)
                              or resource.service_id in service_ids_of(user))


def can_edit_resource(user, resource: MeasuringResource) -> bool:
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    return (roles.user_has_role(user, roles.PILOT)
            and resource.service_id in service_ids_of(user))


def can_verify(user, resource: MeasuringResource) -> bool:
    return can_edit_resource(user, resource)


def can_add_resource(user) -> bool:
    return _active(user) and (is_quality_engineer(user)
                              or roles.user_has_role(user, roles.PILOT))
