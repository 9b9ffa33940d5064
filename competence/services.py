"""Writes on the competence records: the catalogue, job roles and their requirements,
assignments, trainings (and their effectiveness) and assessments. Keyword-only, validated
(`full_clean`), atomic, the user kept in the history. Callers acting for a person pass
`check_permission=True` (competence.permissions): a pilot is refused the agents of
other services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.services import reject_unknown_fields as _unknown
from qms.services import require as _check
from qms.services import save_with_history as _save

from . import permissions
from .models import (
    Competence,
    CompetenceAssessment,
    JobRole,
    RoleAssignment,
    RoleRequirement,
    Training,
)

COMPETENCE_FIELDS = {"category", "description", "is_active", "name"}
ROLE_FIELDS = {"title", "service", "description", "is_active"}
TRAINING_FIELDS = {
    "agent", "title", "date", "end_date", "organiser_kind", "organiser", "hours",
    "certificate", "status",
}


def _agent_message() -> str:
    return _("You may only manage the trainings and competences of the agents of your "
             "services.")


# --- catalogue ---------------------------------------------------------------------------------
@transaction.atomic
def competence_create(*, name: str, user=None, check_permission: bool = False,
                      **fields: Any) -> Competence:
    _unknown("competence_create", fields, COMPETENCE_FIELDS)
    if check_permission:
        _check(permissions.can_manage_catalogue(user),
               _("Only the quality engineer keeps the catalogue of competences."))
    return _save(Competence(name=name, **fields), user=user, reason=_("Creation"))


@transaction.atomic
def competence_update(*, competence: Competence, user=None, reason: str = "",
                      check_permission: bool = False, **fields: Any) -> Competence:
    _unknown("competence_update", fields, COMPETENCE_FIELDS)
    if check_permission:
        _check(permissions.can_manage_catalogue(user),
               _("Only the quality engineer keeps the catalogue of competences."))
    for name, value in fields.items():
        setattr(competence, name, value)
    return _save(competence, user=user, reason=reason)


# --- roles -------------------------------------------------------------------------------------
def _role_message() -> str:
    return _("You may only manage the job roles of your services.")


@transaction.atomic
def job_role_create(*, title: str, user=None, service=None, check_permission: bool = False,
                    **fields: Any) -> JobRole:
    _unknown("job_role_create", fields, ROLE_FIELDS)
    role = JobRole(title=title, service=service, **fields)
    if check_permission:
        _check(permissions.can_manage_role(user, role), _role_message())
    return _save(role, user=user, reason=_("Creation"))


@transaction.atomic
def job_role_update(*, role: JobRole, user=None, reason: str = "",
                    check_permission: bool = False, **fields: Any) -> JobRole:
    _unknown("job_role_update", fields, ROLE_FIELDS)
    if check_permission:
        _check(permissions.can_manage_role(user, role), _role_message())
    for name, value in fields.items():
        setattr(role, name, value)
    if check_permission:  # and may not move it out of their services
        _check(permissions.can_manage_role(user, role), _role_message())
    return _save(role, user=user, reason=reason)


@transaction.atomic
def role_requirement_set(*, role: JobRole, competence: Competence, level: int,
                         is_mandatory: bool = True, user=None,
                         check_permission: bool = False) -> RoleRequirement:
    """Require a competence of a role at a level (or change the level required)."""
    if check_permission:
        _check(permissions.can_manage_role(user, role), _role_message())
    requirement = RoleRequirement.objects.filter(role=role, competence=competence).first()
    if requirement is None:
        requirement = RoleRequirement(role=role, competence=competence)
    requirement.level, requirement.is_mandatory = level, is_mandatory
    return _save(requirement, user=user)


# --- assignments -------------------------------------------------------------------------------
@transaction.atomic
def role_assign(*, agent, role: JobRole, since: datetime.date, until=None, user=None,
                check_permission: bool = False) -> RoleAssignment:
    if check_permission:
        _check(permissions.can_manage_agent(user, agent), _agent_message())
    return _save(RoleAssignment(agent=agent, role=role, since=since, until=until), user=user,
                 reason=_("Creation"))


@transaction.atomic
def role_assignment_end(*, assignment: RoleAssignment, until: datetime.date, user=None,
                        check_permission: bool = False) -> RoleAssignment:
    if check_permission:
        _check(permissions.can_manage_agent(user, assignment.agent), _agent_message())
    assignment.until = until
    return _save(assignment, user=user, reason=_("End of the role"))


@transaction.atomic
def role_assignment_update(*, assignment: RoleAssignment, user=None, reason: str = "",
                           check_permission: bool = False, **fields: Any) -> RoleAssignment:
    _unknown("role_assignment_update", fields, {"agent", "role", "since", "until"})
    if check_permission:
        _check(permissions.can_manage_agent(user, assignment.agent), _agent_message())
    for name, value in fields.items():
        setattr(assignment, name, value)
    if check_permission:
        _check(permissions.can_manage_agent(user, assignment.agent), _agent_message())
    return _save(assignment, user=user, reason=reason)


# --- trainings ---------------------------------------------------------------------------------
@transaction.atomic
def training_create(*, agent, title: str, date: datetime.date, hours, user=None,
                    competences: Iterable[Competence] = (), check_permission: bool = False,
                    **fields: Any) -> Training:
    """Record a training of an agent (planned or done). A pilot records those of the
    agents of their services."""
    _unknown("training_create", fields, TRAINING_FIELDS)
    if check_permission:
        _check(permissions.can_manage_agent(user, agent), _agent_message())
    training = _save(Training(agent=agent, title=title, date=date, hours=hours, **fields),
                     user=user, reason=_("Creation"))
    training.competences.set(list(competences))
    return training


@transaction.atomic
def training_update(*, training: Training, user=None, reason: str = "",
                    competences: Iterable[Competence] | None = None,
                    check_permission: bool = False, **fields: Any) -> Training:
    _unknown("training_update", fields, TRAINING_FIELDS)
    if check_permission:
        _check(permissions.can_manage_agent(user, training.agent), _agent_message())
    for name, value in fields.items():
        setattr(training, name, value)
    if check_permission:  # the new agent too
        _check(permissions.can_manage_agent(user, training.agent), _agent_message())
    _save(training, user=user, reason=reason)
    if competences is not None:
        training.competences.set(list(competences))
    return training


@transaction.atomic
def training_evaluate(*, training: Training, result: str, comment: str,
                      evaluated_on: datetime.date | None = None, evaluated_by=None, user=None,
                      check_permission: bool = False) -> Training:
    """Record the evaluation of a training's effectiveness: its result, the date, who
    evaluated it and why (the comment is required)."""
    if check_permission:
        _check(permissions.can_manage_agent(user, training.agent), _agent_message())
    training.effectiveness_result = result
    training.effectiveness_comment = (comment or "").strip()
    training.evaluated_on = evaluated_on or timezone.localdate()
    training.evaluated_by = evaluated_by or (user if user is not None
                                             and user.is_authenticated else None)
    return _save(training, user=user, reason=_("Effectiveness evaluation"))


# --- assessments -------------------------------------------------------------------------------
@transaction.atomic
def assessment_record(*, agent, competence: Competence, level: int,
                      assessed_on: datetime.date | None = None, assessed_by=None,
                      comment: str = "", user=None,
                      check_permission: bool = False) -> CompetenceAssessment:
    if check_permission:
        _check(permissions.can_manage_agent(user, agent), _agent_message())
    assessed_by = assessed_by or (user if user is not None and user.is_authenticated else None)
    return _save(CompetenceAssessment(
        agent=agent, competence=competence, level=level,
        assessed_on=assessed_on or timezone.localdate(), assessed_by=assessed_by,
        comment=comment), user=user, reason=_("Creation"))


@transaction.atomic
def assessment_update(*, assessment: CompetenceAssessment, user=None, reason: str = "",
                      check_permission: bool = False, **fields: Any) -> CompetenceAssessment:
    _unknown("assessment_update", fields,
             {"agent", "competence", "level", "assessed_on", "assessed_by", "comment"})
    if check_permission:
        _check(permissions.can_manage_agent(user, assessment.agent), _agent_message())
    for name, value in fields.items():
        setattr(assessment, name, value)
    if check_permission:
        _check(permissions.can_manage_agent(user, assessment.agent), _agent_message())
    return _save(assessment, user=user, reason=reason)
