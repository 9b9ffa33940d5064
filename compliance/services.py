"""Writes on the regulatory watch: texts, their requirements, and compliance evaluations.
Keyword-only, validated (`full_clean`), atomic, the user kept in the history. Callers
acting for a person pass `check_permission=True` (compliance.permissions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create
from qms.services import reject_unknown_fields as _unknown
from qms.services import require as _check
from qms.services import save_with_history as _save

from . import permissions
from .models import Evaluation, EvaluationResult, Regulation, Requirement, Topic

REGULATION_FIELDS = {
    "kind", "number", "published_on", "url", "title", "topic", "in_force_on", "nature",
    "summary", "applicability", "applicability_reason", "owner", "evaluation_cycle_months",
    "next_evaluation_due", "is_active",
}
REQUIREMENT_FIELDS = {"article", "text", "order", "is_active"}
#: A compliance action is due this many months after the evaluation that calls for it.
ACTION_MONTHS = 3


# --- topics ------------------------------------------------------------------------------------
@transaction.atomic
def topic_create(*, name: str, user=None, description: str = "") -> Topic:
    return _save(Topic(name=name, description=description), user=user)


# --- regulations -------------------------------------------------------------------------------
@transaction.atomic
def regulation_create(*, title: str, kind: str, topic: Topic, user=None,
                      services: Iterable = (), processes: Iterable = (),
                      check_permission: bool = False, **fields: Any) -> Regulation:
    """Record a text in the register. A pilot records texts concerning their services (or
    that they own)."""
    _unknown("regulation_create", fields, REGULATION_FIELDS)
    services, processes = list(services), list(processes)
    regulation = Regulation(title=title, kind=kind, topic=topic, **fields)
    if check_permission:
        regulation._pending_service_ids = {s.pk for s in services}
        _check(permissions.can_edit_regulation(user, regulation),
               _("You may only record the texts of your services."))
    _save(regulation, user=user, reason=_("Creation"))
    regulation.services.set(services)
    regulation.processes.set(processes)
    return regulation


@transaction.atomic
def regulation_update(*, regulation: Regulation, user=None, reason: str = "",
                      services: Iterable | None = None, processes: Iterable | None = None,
                      check_permission: bool = False, **fields: Any) -> Regulation:
    """Change a text; archive it with is_active=False (it stays in the register's
    history). Changing its cycle moves the next evaluation date accordingly."""
    _unknown("regulation_update", fields, REGULATION_FIELDS)
    if check_permission:
        _check(permissions.can_edit_regulation(user, regulation),
               _("You may only change the texts of your services."))
    for name, value in fields.items():
        setattr(regulation, name, value)
    if ("evaluation_cycle_months" in fields and "next_evaluation_due" not in fields
            and regulation.last_evaluated_on):
        regulation.next_evaluation_due = regulation.last_evaluated_on + relativedelta(
            months=regulation.evaluation_cycle_months)
    _save(regulation, user=user, reason=reason)
    if services is not None:
        services = list(services)
        if check_permission:
            regulation._pending_service_ids = {s.pk for s in services}
            probe = Regulation(pk=None, owner=regulation.owner)
            probe._pending_service_ids = regulation._pending_service_ids
            _check(permissions.can_edit_regulation(user, probe),
                   _("You may only change the texts of your services."))
        regulation.services.set(services)
    if processes is not None:
        regulation.processes.set(list(processes))
    return regulation


# --- requirements ------------------------------------------------------------------------------
@transaction.atomic
def requirement_create(*, regulation: Regulation, article: str, text: str, user=None,
                       services: Iterable = (), check_permission: bool = False,
                       **fields: Any) -> Requirement:
    _unknown("requirement_create", fields, REQUIREMENT_FIELDS)
    if check_permission:
        _check(permissions.can_edit_regulation(user, regulation),
               _("You may only change the texts of your services."))
    if "order" not in fields:
        fields["order"] = regulation.requirements.count() + 1
    requirement = _save(Requirement(regulation=regulation, article=article, text=text,
                                    **fields), user=user, reason=_("Creation"))
    requirement.services.set(list(services))
    return requirement


@transaction.atomic
def requirement_update(*, requirement: Requirement, user=None, reason: str = "",
                       services: Iterable | None = None, check_permission: bool = False,
                       **fields: Any) -> Requirement:
    _unknown("requirement_update", fields, REQUIREMENT_FIELDS)
    if check_permission:
        _check(permissions.can_edit_regulation(user, requirement.regulation),
               _("You may only change the texts of your services."))
    for name, value in fields.items():
        setattr(requirement, name, value)
    _save(requirement, user=user, reason=reason)
    if services is not None:
        requirement.services.set(list(services))
    return requirement


# --- evaluations -------------------------------------------------------------------------------
def _row_errors(regulation: Regulation, results: list[dict]) -> list[str]:
    """Every problem of the rows, each naming its requirement."""
    errors: list[str] = []
    seen: set[int] = set()
    for number, row in enumerate(results, start=1):
        requirement = row.get("requirement")
        name = (requirement.article if isinstance(requirement, Requirement)
                else _("row %(number)s") % {"number": number})
        label = _("Requirement %(article)s") % {"article": name}
        if not isinstance(requirement, Requirement) or requirement.regulation_id != regulation.pk:
            errors.append(_("%(label)s: not a requirement of this text.") % {"label": label})
            continue
        if not requirement.is_active:
            errors.append(_("%(label)s: this requirement is archived.") % {"label": label})
        if requirement.pk in seen:
            errors.append(_("%(label)s: evaluated twice.") % {"label": label})
        seen.add(requirement.pk)
        result = EvaluationResult(requirement=requirement, status=row.get("status") or "",
                                  evidence=(row.get("evidence") or "").strip())
        try:
            result.clean_fields(exclude=["evaluation", "requirement"])
            result.clean()
        except ValidationError as error:
            for messages in error.message_dict.values():
                for message in messages:
                    errors.append(_("%(label)s: %(message)s") % {"label": label,
                                                                  "message": message})
    return errors


def _action_service(requirement: Requirement, regulation: Regulation, owner):
    services = list(requirement.services.all()[:1]) or list(regulation.services.all()[:1])
    return services[0] if services else owner.service


@transaction.atomic
def evaluation_record(*, regulation: Regulation, assessor, evaluated_on: datetime.date,
                      results: list[dict], user=None, comment: str = "",
                      check_permission: bool = False) -> Evaluation:
    """Record the compliance evaluation of a text: one row per requirement
    ({"requirement", "status", "evidence"}). Every row is validated first: one bad row
    and nothing is written, every bad row named. Sets the text's last evaluation date and
    the next one (+ its cycle). Each partly or non-compliant requirement gets a compliance
    action (owner: the text's owner), unless one is already open for it."""
    if check_permission:
        _check(permissions.can_evaluate(user, regulation),
               _("You may only evaluate the texts of your services."))
    errors = []
    if evaluated_on is None:
        errors.append(_("Give the date of the evaluation."))
    elif evaluated_on > timezone.localdate():
        errors.append(_("An evaluation cannot be dated in the future."))
    if assessor is None:
        errors.append(_("Name the assessor."))
    if not regulation.is_active:
        errors.append(_("This text is archived: it is no longer evaluated."))
    if not results:
        errors.append(_("Evaluate at least one requirement."))
    errors += _row_errors(regulation, list(results))
    if (evaluated_on is not None
            and Evaluation.objects.filter(regulation=regulation,
                                          evaluated_on=evaluated_on).exists()):
        errors.append(_("This text already has an evaluation on this date."))
    if errors:
        raise ValidationError(errors)

    evaluation = _save(Evaluation(regulation=regulation, evaluated_on=evaluated_on,
                                  assessor=assessor, comment=comment),
                       user=user, reason=_("Creation"))
    owner = regulation.owner or assessor
    for row in results:
        requirement = row["requirement"]
        _save(EvaluationResult(evaluation=evaluation, requirement=requirement,
                               status=row["status"], evidence=row["evidence"].strip()),
              user=user)
        if row["status"] in EvaluationResult.FAILING and not (
            Action.objects.for_source(requirement).open().exists()
        ):
            action_create(
                source=requirement, kind=Action.Kind.COMPLIANCE,
                title=_("Compliance: %(regulation)s, %(article)s") % {
                    "regulation": regulation, "article": requirement.article},
                description=row["evidence"].strip(),
                owner=owner, service=_action_service(requirement, regulation, owner),
                due_date=evaluated_on + relativedelta(months=ACTION_MONTHS), user=user,
            )
    # Only a newer evaluation moves the cycle (an older one recorded late does not).
    if regulation.last_evaluated_on is None or evaluated_on >= regulation.last_evaluated_on:
        regulation.last_evaluated_on = evaluated_on
        regulation.next_evaluation_due = evaluated_on + relativedelta(
            months=regulation.evaluation_cycle_months)
        _save(regulation, user=user, reason=_("Compliance evaluation"))
    return evaluation
