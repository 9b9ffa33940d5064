"""Writes on nonconformities: declaring one (from an audit finding, a complaint, an
internal detection, an indicator alert or a supplier), recording the cause analysis,
planning corrective actions in the one action plan, and closing it — by the quality
engineer only, once every corrective action is done and verified effective.

Other modules open a nonconformity through `nonconformity_create(..., source=record)`
(feedback passes a complaint); this app never imports them."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create, source_label
from qms.references import next_reference as reference_after

from .. import permissions as perms
from ..models import Nonconformity
from ._common import check, check_fields, save

NC_FIELDS = {
    "severity", "process", "detected_at", "detected_by", "immediate_correction",
    "target_closure_date", "risk", "extent", "source_label",
}
UPDATE_FIELDS = NC_FIELDS | {"title", "description", "service"}


def next_reference(year: int) -> str:
    return reference_after(Nonconformity.objects, f"NC-{year}-", 3)


@transaction.atomic
def nonconformity_create(*, title: str, description: str, service, source_kind: str,
                         user=None, source: models.Model | None = None, finding=None,
                         check_permission: bool = True, **fields: Any) -> Nonconformity:
    """Declare a nonconformity, numbered NC-YYYY-NNN. `source` is any record it comes
    from (a complaint, an indicator, an audit), kept as a generic link."""
    check_fields("nonconformity_create", fields, NC_FIELDS)
    if check_permission:
        check(perms.can_declare_nonconformity(user, service),
              _("You may only declare nonconformities in your own service."))
    nc = Nonconformity(title=title, description=description, service=service,
                       source_kind=source_kind, finding=finding,
                       created_by=user if user is not None and user.is_authenticated else None,
                       **fields)
    if nc.detected_by is None and user is not None and user.is_authenticated:
        nc.detected_by = user
    if source is not None:
        if source.pk is None:
            raise ValueError("The source record must be saved before it is linked.")
        nc.source_content_type = ContentType.objects.get_for_model(source)
        nc.source_object_id = source.pk
        nc.source_label = nc.source_label or source_label(source)
    if service is None:
        raise ValidationError({"service": _("Choose the service concerned.")})
    year = (nc.detected_at or timezone.localdate()).year
    for attempt in range(5):
        try:
            with transaction.atomic():
                nc.reference = next_reference(year)
                return save(nc, user=user, reason=_("Creation"))
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def nonconformity_update(*, nc: Nonconformity, user, reason: str = "",
                         **fields: Any) -> Nonconformity:
    check_fields("nonconformity_update", fields, UPDATE_FIELDS)
    check(perms.can_edit_nonconformity(user, nc),
          _("You may only change the open nonconformities of your services."))
    if "service" in fields and not perms.can_declare_nonconformity(user, fields["service"]):
        raise ValidationError({"service": _("You may not move a nonconformity to this "
                                            "service.")})
    for name, value in fields.items():
        setattr(nc, name, value)
    return save(nc, user=user, reason=reason or _("Update"))


@transaction.atomic
def nonconformity_record_analysis(
    *, nc: Nonconformity, user, method: str, root_cause: str,
    five_whys: list[str] | None = None, ishikawa: dict[str, str] | None = None,
    extent: str | None = None,
) -> Nonconformity:
    """Record the cause analysis: the 5 whys (the successive answers) or the Ishikawa
    causes per category, the root cause, and the extent (similar cases elsewhere)."""
    check(perms.can_edit_nonconformity(user, nc),
          _("You may only analyse the open nonconformities of your services."))
    five_whys = [w.strip() for w in (five_whys or []) if w and w.strip()]
    ishikawa = {k: v.strip() for k, v in (ishikawa or {}).items() if v and v.strip()}
    errors = {}
    if method not in Nonconformity.Method.values:
        errors["analysis_method"] = _("Choose the 5 whys or Ishikawa.")
    elif method == Nonconformity.Method.FIVE_WHYS and not five_whys:
        errors["five_whys"] = _("Answer « why? » at least once.")
    elif method == Nonconformity.Method.ISHIKAWA and not ishikawa:
        errors["ishikawa"] = _("Give the causes found in at least one Ishikawa category.")
    if not (root_cause or "").strip():
        errors["root_cause"] = _("State the root cause the analysis found.")
    if errors:
        raise ValidationError(errors)
    nc.analysis_method = method
    nc.five_whys = five_whys if method == Nonconformity.Method.FIVE_WHYS else []
    nc.ishikawa = ishikawa if method == Nonconformity.Method.ISHIKAWA else {}
    nc.root_cause = root_cause.strip()
    if extent is not None:
        nc.extent = extent
    if nc.status == Nonconformity.Status.OPEN:
        nc.status = Nonconformity.Status.ANALYSED
    save(nc, user=user, reason=_("Cause analysis"))
    return nonconformity_refresh_status(nc=nc, user=user)


def corrective_actions(nc: Nonconformity):
    return Action.objects.for_source(nc).order_by("due_date", "reference")


@transaction.atomic
def nonconformity_add_action(*, nc: Nonconformity, user, title: str, owner,
                             due_date: datetime.date, **fields: Any) -> Action:
    """Plan a corrective action for the nonconformity in the action plan."""
    check(perms.can_edit_nonconformity(user, nc),
          _("You may only plan actions for the open nonconformities of your services."))
    if not nc.root_cause.strip():
        raise ValidationError(_("Analyse the causes before planning corrective actions."))
    fields.setdefault("service", nc.service)
    action = action_create(title=title, kind=Action.Kind.CORRECTIVE, owner=owner,
                           due_date=due_date, user=user, source=nc, **fields)
    nonconformity_refresh_status(nc=nc, user=user)
    return action


def _status_from_actions(nc: Nonconformity, actions: list[Action]) -> str:
    live = [a for a in actions if a.status != Action.Status.CANCELLED]
    if not nc.root_cause.strip():
        return Nonconformity.Status.OPEN
    if not live:
        return Nonconformity.Status.ANALYSED
    if all(a.status == Action.Status.DONE or a.progress == 100 for a in live):
        return Nonconformity.Status.EFFECTIVENESS
    return Nonconformity.Status.ACTIONS


@transaction.atomic
def nonconformity_refresh_status(*, nc: Nonconformity, user=None) -> Nonconformity:
    """Bring the status in line with the analysis and the corrective actions (actions in
    progress, or all carried out and awaiting their effectiveness check)."""
    if nc.is_closed:
        return nc
    status = _status_from_actions(nc, list(corrective_actions(nc)))
    if status != nc.status:
        nc.status = status
        save(nc, user=user, reason=Nonconformity.Status(status).label)
    return nc


def nonconformity_derived_status(nc: Nonconformity, actions: list[Action] | None = None) -> str:
    """The status the nonconformity has given its analysis and actions, without saving
    it (read by the pages; the daily task stores it)."""
    if nc.is_closed:
        return nc.status
    if actions is None:
        actions = list(corrective_actions(nc))
    return _status_from_actions(nc, actions)


def nonconformity_refresh_statuses() -> int:
    """Store the derived status of every open nonconformity (run daily by
    audits.tasks.refresh_nonconformity_statuses): two queries, then one save (with its
    history row) per nonconformity whose status changed. Returns how many changed."""
    ct = ContentType.objects.get_for_model(Nonconformity)
    ncs = list(Nonconformity.objects.open())
    by_nc: dict[int, list[Action]] = {}
    for action in Action.objects.filter(source_content_type=ct,
                                        source_object_id__in=[nc.pk for nc in ncs]):
        by_nc.setdefault(action.source_object_id, []).append(action)
    changed = 0
    for nc in ncs:
        status = _status_from_actions(nc, by_nc.get(nc.pk, []))
        if status != nc.status:
            with transaction.atomic():
                nc.status = status
                save(nc, user=None, reason=Nonconformity.Status(status).label)
            changed += 1
    return changed


def closure_blockers(nc: Nonconformity) -> list[str]:
    """Why the nonconformity cannot be closed yet (empty when it can)."""
    blockers = []
    if not nc.root_cause.strip():
        blockers.append(_("the causes have not been analysed"))
    actions = [a for a in corrective_actions(nc) if a.status != Action.Status.CANCELLED]
    if not actions:
        blockers.append(_("no corrective action has been planned"))
    for action in actions:
        if action.status != Action.Status.DONE:
            blockers.append(_("%(action)s is not done") % {"action": action.reference})
        elif action.effectiveness_verdict != Action.Verdict.EFFECTIVE:
            blockers.append(_("%(action)s has not been verified effective")
                            % {"action": action.reference})
    return blockers


@transaction.atomic
def nonconformity_close(*, nc: Nonconformity, user, comment: str = "",
                        risk_changes: dict[str, Any] | None = None) -> Nonconformity:
    """Close the nonconformity (quality engineer only), once its causes are analysed and
    every corrective action is done and verified effective. `risk_changes` updates the
    linked risk (e.g. new likelihood after the actions), recorded in its history."""
    check(perms.can_close_nonconformity(user, nc),
          _("Only the quality engineer closes a nonconformity."))
    if nc.is_closed:
        raise ValidationError(_("This nonconformity is already closed."))
    blockers = closure_blockers(nc)
    if blockers:
        raise ValidationError(_(
            "%(reference)s cannot be closed yet: %(reasons)s."
        ) % {"reference": nc.reference, "reasons": "; ".join(blockers)})
    if risk_changes:
        if nc.risk is None:
            raise ValidationError({"risk": _("No risk is linked to this nonconformity.")})
        from processes.services.risks import risk_update

        risk_update(risk=nc.risk, user=user, reason=_("Closure of %(reference)s")
                    % {"reference": nc.reference}, **risk_changes)
    nc.status = Nonconformity.Status.CLOSED
    nc.closed_at = timezone.localdate()
    nc.closed_by = user
    nc.closure_comment = comment
    return save(nc, user=user, reason=_("Closure"))
