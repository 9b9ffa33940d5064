"""Writes on the action plan. Every module that feeds the plan calls these functions;
the admin, the intranet, the API and the tasks do too, so the rules hold everywhere.

    from actions.services import action_create
    action_create(source=risk, title="…", kind=Action.Kind.RISK_TREATMENT,
                  owner=pilot, service=risk.sheet.service, due_date=…, user=request.user)
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.references import next_reference

from .models import Action
from .permissions import can_edit_action

#: Fields a caller may set through action_create / action_update.
EDITABLE_FIELDS = {
    "title", "description", "kind", "owner", "service", "start_date", "due_date", "progress",
    "operating_budget_planned", "operating_budget_spent", "investment_budget_planned",
    "investment_budget_spent", "expected_result", "status",
}


def _next_reference(year: int) -> str:
    return next_reference(Action.objects, f"ACT-{year}-", 4)


def source_label(source) -> str:
    """How an action names its source: "<model name> <str(record)>"."""
    return f"{source._meta.verbose_name.capitalize()} {source}"[:255]


def _save(action: Action, *, user, reason: str = "") -> Action:
    action.full_clean()
    action._history_user = user
    if reason:
        action._change_reason = reason[:100]
    action.save()
    return action


def action_create(
    *, title: str, kind: str, owner, service, due_date: datetime.date, user=None,
    source: models.Model | None = None, check_permission: bool = False, **fields: Any,
) -> Action:
    """Create an action, attached to `source` (a record of any model) when given.

    With `check_permission`, refuse a user who may not write in the action's service (the
    admin and the intranet pass it; a module creating a treatment action on behalf of its
    own permission checks need not)."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"action_create() got unexpected fields: {', '.join(sorted(unknown))}")
    action = Action(
        title=title, kind=kind, owner=owner, service=service, due_date=due_date,
        created_by=user if user and user.is_authenticated else None, **fields,
    )
    if source is not None:
        if source.pk is None:
            raise ValueError("The source record must be saved before an action is attached.")
        action.source_content_type = ContentType.objects.get_for_model(source)
        action.source_object_id = source.pk
        action.source_label = source_label(source)
    if check_permission and not can_edit_action(user, action):
        raise PermissionDenied(_("You may not create actions for this service."))
    _normalise_status(action)
    year = timezone.localdate().year
    for attempt in range(5):
        try:
            with transaction.atomic():
                action.reference = _next_reference(year)
                return _save(action, user=user, reason="Création")
        except IntegrityError:
            # Two actions created at the same time took the same number: take the next.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _normalise_status(action: Action) -> None:
    """Keep status, progress and completion date consistent."""
    today = timezone.localdate()
    if action.status == Action.Status.DONE:
        action.progress = 100
        action.completed_at = action.completed_at or today
    else:
        action.completed_at = None
        if action.status == Action.Status.PLANNED and action.progress:
            action.status = Action.Status.IN_PROGRESS
    if action.status != Action.Status.CANCELLED:
        action.cancellation_reason = ""


@transaction.atomic
def action_update(*, action: Action, user, reason: str = "", **fields: Any) -> Action:
    """Change an action's fields (any of EDITABLE_FIELDS) and record who did it."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"action_update() got unexpected fields: {', '.join(sorted(unknown))}")
    if not can_edit_action(user, action):
        raise PermissionDenied(_("You may not change this action."))
    if action.status in (Action.Status.DONE, Action.Status.CANCELLED) and (
        fields.get("status", action.status) == action.status
    ) and set(fields) - {"status"}:
        raise ValidationError(_("A closed or cancelled action can no longer be changed; "
                                "reopen it first."))
    if fields.get("status") == Action.Status.CANCELLED:
        raise ValidationError(_("Cancel an action with its reason (action_cancel)."))
    for name, value in fields.items():
        setattr(action, name, value)
    _normalise_status(action)
    if "owner" in fields or "service" in fields:
        # The new service must be one the user writes in too.
        if not can_edit_action(user, action):
            raise PermissionDenied(_("You may not move an action to this service."))
    return _save(action, user=user, reason=reason or "Mise à jour")


@transaction.atomic
def action_record_effectiveness(
    *, action: Action, user, verdict: str, evidence: str,
    checked_at: datetime.date | None = None,
) -> Action:
    """Record the effectiveness check of an action (date, verdict, evidence)."""
    if not can_edit_action(user, action):
        raise PermissionDenied(_("You may not change this action."))
    action.effectiveness_verdict = verdict
    action.effectiveness_evidence = evidence
    action.effectiveness_checked_at = checked_at or timezone.localdate()
    action.effectiveness_checked_by = user
    return _save(action, user=user, reason="Vérification de l'efficacité")


@transaction.atomic
def action_close(*, action: Action, user) -> Action:
    """Mark an action done. A corrective action needs an effective check first."""
    if not can_edit_action(user, action):
        raise PermissionDenied(_("You may not change this action."))
    if action.status == Action.Status.CANCELLED:
        raise ValidationError(_("A cancelled action cannot be closed."))
    action.status = Action.Status.DONE
    _normalise_status(action)
    return _save(action, user=user, reason="Clôture")


@transaction.atomic
def action_cancel(*, action: Action, user, reason: str) -> Action:
    """Cancel an action, with the reason why (kept in its history)."""
    if not can_edit_action(user, action):
        raise PermissionDenied(_("You may not change this action."))
    if action.status == Action.Status.DONE:
        raise ValidationError(_("A completed action cannot be cancelled."))
    action.status = Action.Status.CANCELLED
    action.cancellation_reason = (reason or "").strip()
    action.completed_at = None
    return _save(action, user=user, reason="Annulation")


@transaction.atomic
def action_reopen(*, action: Action, user, reason: str) -> Action:
    """Reopen a done or cancelled action (e.g. an effectiveness check that failed)."""
    if not can_edit_action(user, action):
        raise PermissionDenied(_("You may not change this action."))
    if not reason.strip():
        raise ValidationError({"status": _("Give the reason why the action is reopened.")})
    action.status = Action.Status.IN_PROGRESS
    action.progress = min(action.progress, 90)
    _normalise_status(action)
    return _save(action, user=user, reason=f"Réouverture : {reason}")
