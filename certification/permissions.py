"""Who may read and change the certifications, in one place for the back office, the
intranet pages and the services.

- The quality engineer manages every certification and its audits.
- A pilot changes the certifications covering one of their services (or a service below
  their direction) and plans or records their audits; not the others'.
- Everyone logged in reads the municipality-wide view, the certifications' pages and the
  calendar.
- The certificate file is read only by the staff concerned: the quality engineer, the
  pilots of the covered services, the direction and the auditors (never the agents)."""

from __future__ import annotations

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _service_ids(certification) -> set[int]:
    if certification.pk is None:
        return set(getattr(certification, "_pending_service_ids", ()))
    cached = getattr(certification, "_prefetched_objects_cache", {}).get("services")
    if cached is not None:
        return {service.pk for service in cached}
    return set(certification.services.values_list("pk", flat=True))


def can_view(user) -> bool:
    return _active(user)


def can_add_certification(user) -> bool:
    return _active(user) and is_quality_engineer(user)


def is_pilot_of_certification(user, certification) -> bool:
    return (roles.user_has_role(user, roles.PILOT)
            and bool(_service_ids(certification) & service_ids_of(user)))


def can_edit_certification(user, certification) -> bool:
    """The quality engineer; a pilot of one of the services it covers."""
    if not _active(user):
        return False
    return is_quality_engineer(user) or is_pilot_of_certification(user, certification)


def can_manage_audits(user, certification) -> bool:
    """Plan an audit, change its dates, record its result."""
    return can_edit_certification(user, certification)


def can_download_certificate(user, certification) -> bool:
    if not _active(user):
        return False
    if is_quality_engineer(user) or roles.user_has_role(user, roles.DIRECTION) \
            or roles.user_has_role(user, roles.AUDITOR):
        return True
    return is_pilot_of_certification(user, certification)


def editable_certifications(user, queryset=None):
    from .models import Certification

    queryset = Certification.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_quality_engineer(user):
        return queryset
    if not roles.user_has_role(user, roles.PILOT):
        return queryset.none()
    return queryset.filter(
        pk__in=Certification.objects.filter(services__in=service_ids_of(user)).values("pk"))
