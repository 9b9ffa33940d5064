"""Permission helpers shared by every app: a user's services and roles."""

from . import roles
from .models import Service


def services_of(user):
    """The user's service and every service below it (a direction's pilot covers its
    services). Cached on the user object for the request."""
    if not user.is_authenticated or not user.service_id:
        return Service.objects.none()
    ids = getattr(user, "_qms_service_ids", None)
    if ids is None:
        ids = list(
            Service.objects.filter(pk=user.service_id)
            .with_descendants()
            .values_list("pk", flat=True)
        )
        user._qms_service_ids = ids
    return Service.objects.filter(pk__in=ids)


def service_ids_of(user) -> set[int]:
    services_of(user)
    return set(getattr(user, "_qms_service_ids", []) or [])


def is_quality_engineer(user) -> bool:
    return user.is_active and (
        user.is_superuser or roles.user_has_role(user, roles.QUALITY_ENGINEER)
    )


def is_pilot_of(user, service_id) -> bool:
    """A pilot whose services include this one."""
    return roles.user_has_role(user, roles.PILOT) and service_id in service_ids_of(user)
