"""Who may read and write the competence records, in one place for the back office, the
intranet pages and the services.

- The quality engineer: everything (the catalogue of competences, municipality-wide roles).
- A pilot: the roles of their services, and the assignments, trainings and assessments of
  the agents of their services (user.service among the pilot's services and those below).
- An agent: reads their own roles, trainings, competences and acknowledgements.
- Auditors and the direction: read everything."""

from __future__ import annotations

from qms import roles
from qms.models import Service, User
from qms.permissions import is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _pilot(user) -> bool:
    return roles.user_has_role(user, roles.PILOT)


def can_view_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


def visible_service_ids(user) -> set[int] | None:
    """The services whose matrix and register the user reads; None for every service."""
    if not _active(user):
        return set()
    if can_view_all(user):
        return None
    if _pilot(user):
        return service_ids_of(user)
    return set()


def visible_services(user):
    ids = visible_service_ids(user)
    queryset = Service.objects.active()
    return queryset if ids is None else queryset.filter(pk__in=ids)


def can_view_service(user, service) -> bool:
    ids = visible_service_ids(user)
    return ids is None or service.pk in ids


def visible_agents(user, queryset=None):
    """The people whose competence records the user reads: everyone (oversight), the
    agents of a pilot's services (and the pilot), or oneself."""
    queryset = User.objects.filter(is_active=True) if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    ids = visible_service_ids(user)
    if ids is None:
        return queryset
    from django.db.models import Q

    return queryset.filter(Q(service_id__in=ids) | Q(pk=user.pk))


def can_view_agent(user, agent) -> bool:
    if not _active(user):
        return False
    if agent.pk == user.pk or can_view_all(user):
        return True
    return _pilot(user) and agent.service_id in service_ids_of(user)


def can_manage_agent(user, agent) -> bool:
    """Record the roles, trainings and assessments of this agent."""
    if not _active(user) or agent is None:
        return False
    if is_quality_engineer(user):
        return True
    return _pilot(user) and agent.service_id is not None and (
        agent.service_id in service_ids_of(user))


def can_record_trainings(user) -> bool:
    return _active(user) and (is_quality_engineer(user) or _pilot(user))


def manageable_agents(user, queryset=None):
    queryset = User.objects.filter(is_active=True) if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_quality_engineer(user):
        return queryset
    if not _pilot(user):
        return queryset.none()
    return queryset.filter(service_id__in=service_ids_of(user))


def can_manage_role(user, role) -> bool:
    """A municipality-wide role belongs to the quality engineer; a service's role also to
    the pilots of that service."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    return _pilot(user) and role.service_id is not None and (
        role.service_id in service_ids_of(user))


def can_manage_catalogue(user) -> bool:
    return _active(user) and is_quality_engineer(user)


def visible_trainings(user, queryset=None):
    from .models import Training

    queryset = Training.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    ids = visible_service_ids(user)
    if ids is None:
        return queryset
    from django.db.models import Q

    return queryset.filter(Q(agent__service_id__in=ids) | Q(agent=user))
