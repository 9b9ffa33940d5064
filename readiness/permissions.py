"""Who may read and act on the readiness matrix, in one place for the intranet pages, the
PDF, the back office and the services.

- The quality engineer: every matrix; declares, links documents and opens actions
  everywhere; edits the clause rules.
- A pilot: the matrices of their service(s) and those under them, and acts on them.
- Auditors and the direction: read every matrix and pack.
- Agents: no access."""

from __future__ import annotations

from qms import roles
from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_all(user) -> bool:
    """Quality engineer, auditors and direction."""
    return _active(user) and roles.user_has_oversight(user)


def _is_pilot(user) -> bool:
    return roles.user_has_role(user, roles.PILOT)


def can_access(user) -> bool:
    """Whether the user may open the readiness pages at all."""
    return _active(user) and (can_view_all(user) or _is_pilot(user))


def can_view(user, service: Service) -> bool:
    if not _active(user):
        return False
    if can_view_all(user):
        return True
    return _is_pilot(user) and service.pk in service_ids_of(user)


def can_act(user, service: Service) -> bool:
    """Declare, link a document, turn a gap into an action."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    return _is_pilot(user) and service.pk in service_ids_of(user)


def can_edit_rules(user) -> bool:
    return _active(user) and is_quality_engineer(user)


def visible_services(user, queryset=None):
    queryset = Service.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if can_view_all(user):
        return queryset
    if _is_pilot(user):
        return queryset.filter(pk__in=service_ids_of(user))
    return queryset.none()
