"""Writes on the risk sheets and their risks and opportunities: creating a sheet, a risk
(numbered R-<process code>-NN), changing it, recording its periodic review, and planning
a treatment action in the one action plan. Keyword-only, validated (`full_clean`), atomic,
the user kept in the history.

Who may write: the quality engineer, every sheet; a pilot, the sheets (and their risks)
of their services. The back office checks it through its permission policies; callers
acting for a person pass `check_permission=True` to have the services check it too."""

from __future__ import annotations

import datetime
import re
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create
from qms import roles
from qms.permissions import is_pilot_of, is_quality_engineer, service_ids_of
from qms.services import require as _check
from qms.services import save_with_history as _save

from ..models import Process, Risk, RiskSheet

__all__ = [
    "RISK_FIELDS",
    "REVIEW_MONTHS",
    "can_edit_risk",
    "can_edit_risk_sheet",
    "can_view_all_risks",
    "can_view_risk_sheet",
    "risk_reader_service",
    "next_risk_reference",
    "risk_add_treatment_action",
    "risk_create",
    "risk_review_record",
    "risk_sheet_create",
    "risk_sheet_update",
    "risk_update",
]

#: Fields a caller may set through risk_create / risk_update.
RISK_FIELDS = {
    "kind", "title", "description", "cause", "consequence", "origin_issue",
    "impacted_parties", "likelihood", "severity", "existing_controls", "treatment",
    "treatment_rationale", "residual_likelihood", "residual_severity", "review_date",
    "reviewed_at", "reviewer", "is_active",
}
#: Fields a caller may set through risk_sheet_create / risk_sheet_update.
SHEET_FIELDS = {"title", "scope", "reviewer", "last_reviewed_at", "is_active"}
#: A risk is reviewed every year unless told otherwise.
REVIEW_MONTHS = 12


# --- who may read -------------------------------------------------------------------------------
# The risk register is an internal management record: the oversight roles (quality engineer,
# direction, auditors) and the pilots read every sheet, the register and the matrix of the
# municipality (a pilot's processes interact with the others'); an agent reads the sheets of
# their own services (the sheets they keep and those of the processes they own), and the
# register and matrix narrowed to them.
def can_view_all_risks(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return roles.user_has_oversight(user) or roles.user_has_role(user, roles.PILOT)


def risk_reader_service(user):
    """The service an agent's register and matrix are narrowed to (their own, with the
    services below it); None for those who read everything (or nothing)."""
    if can_view_all_risks(user) or user is None or not user.is_authenticated:
        return None
    return user.service


def can_view_risk_sheet(user, sheet: RiskSheet) -> bool:
    if can_view_all_risks(user):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    ids = service_ids_of(user)
    return sheet.service_id in ids or bool(
        sheet.process_id and sheet.process.service_id in ids
    )


# --- who may write ------------------------------------------------------------------------------
def can_edit_risk_sheet(user, sheet: RiskSheet) -> bool:
    """The quality engineer: every sheet; a pilot: the sheets of their services."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_quality_engineer(user) or (
        sheet.service_id is not None and is_pilot_of(user, sheet.service_id)
    )


def can_edit_risk(user, risk: Risk) -> bool:
    """A risk is written by whoever writes its sheet."""
    return risk.sheet_id is not None and can_edit_risk_sheet(user, risk.sheet)


# --- sheets -------------------------------------------------------------------------------------
def default_sheet_title(*, process: Process | None, service) -> str:
    if process is not None:
        return _("Risk sheet — %(process)s") % {"process": process}
    return _("Risk sheet — %(service)s") % {"service": service}


@transaction.atomic
def risk_sheet_create(*, process: Process | None = None, service=None, title: str = "",
                      user=None, check_permission: bool = False, **fields: Any) -> RiskSheet:
    """The risk sheet of a process (kept by the process's owner service) or, without a
    process, of a service for its own risks. Refused: a second sheet for a process or for
    a service's own risks, a process's sheet kept by another service."""
    unknown = set(fields) - SHEET_FIELDS
    if unknown:
        raise TypeError(f"risk_sheet_create() got unexpected fields: {', '.join(sorted(unknown))}")
    if service is None and process is not None:
        service = process.service
    if service is None:
        raise ValidationError({"service": _("Choose the service that keeps the sheet.")})
    sheet = RiskSheet(process=process, service=service,
                      title=title or default_sheet_title(process=process, service=service),
                      **fields)
    if check_permission:
        _check(can_edit_risk_sheet(user, sheet),
               _("You may only keep the risk sheets of your services."))
    return _save(sheet, user=user, reason=_("Creation"))


@transaction.atomic
def risk_sheet_update(*, sheet: RiskSheet, user=None, reason: str = "",
                      check_permission: bool = False, **fields: Any) -> RiskSheet:
    unknown = set(fields) - SHEET_FIELDS
    if unknown:
        raise TypeError(f"risk_sheet_update() got unexpected fields: {', '.join(sorted(unknown))}")
    if check_permission:
        _check(can_edit_risk_sheet(user, sheet),
               _("You may only keep the risk sheets of your services."))
    for name, value in fields.items():
        setattr(sheet, name, value)
    return _save(sheet, user=user, reason=reason)


# --- risks --------------------------------------------------------------------------------------
def _reference_prefix(sheet: RiskSheet) -> str:
    if sheet.process_id:
        code = sheet.process.code
    else:
        code = slugify(sheet.service.code).upper() or f"S{sheet.service_id}"
    return f"R-{code}-"


def next_risk_reference(sheet: RiskSheet) -> str:
    """The next free reference of the sheet: R-<process code>-NN (R-<SERVICE CODE>-NN for a
    service's own sheet), numbered after the highest one already given."""
    prefix = _reference_prefix(sheet)
    pattern = re.compile(re.escape(prefix) + r"(\d+)$")
    numbers = [
        int(match.group(1))
        for reference in Risk.objects.filter(reference__startswith=prefix)
        .values_list("reference", flat=True)
        if (match := pattern.match(reference))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def _check_fields(name: str, fields: dict) -> None:
    unknown = set(fields) - RISK_FIELDS
    if unknown:
        raise TypeError(f"{name}() got unexpected fields: {', '.join(sorted(unknown))}")


def risk_create(*, sheet: RiskSheet, title: str, likelihood: int, severity: int, user=None,
                reference: str = "", check_permission: bool = False, **fields: Any) -> Risk:
    """Record a risk (or, with kind="opportunity", an opportunity) on a sheet. Without a
    reference, it takes the sheet's next one (R-PRC-R01-07)."""
    _check_fields("risk_create", fields)
    if check_permission:
        _check(can_edit_risk_sheet(user, sheet),
               _("You may only record risks on the risk sheets of your services."))
    for attempt in range(5):
        risk = Risk(sheet=sheet, title=title, likelihood=likelihood, severity=severity,
                    **fields)
        try:
            with transaction.atomic():
                risk.reference = reference or next_risk_reference(sheet)
                return _save(risk, user=user, reason=_("Creation"))
        except IntegrityError:
            # Two risks recorded at once took the same number: take the next one.
            if reference or attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def risk_update(*, risk: Risk, user=None, reason: str = "", check_permission: bool = False,
                sheet: RiskSheet | None = None, **fields: Any) -> Risk:
    """Change a risk's description, scores, treatment decision or review data. Moving it
    to another sheet needs the right to write on both."""
    _check_fields("risk_update", fields)
    if check_permission:
        _check(can_edit_risk(user, risk),
               _("You may only change the risks of your services' risk sheets."))
        if sheet is not None:
            _check(can_edit_risk_sheet(user, sheet),
                   _("You may only record risks on the risk sheets of your services."))
    if sheet is not None:
        risk.sheet = sheet
    for name, value in fields.items():
        setattr(risk, name, value)
    return _save(risk, user=user, reason=reason)


@transaction.atomic
def risk_review_record(*, risk: Risk, user, reviewed_at: datetime.date | None = None,
                       next_review_date: datetime.date | None = None, comment: str = "",
                       check_permission: bool = False) -> Risk:
    """Record the periodic review of a risk: who reviewed it and when (today unless told),
    and when it is to be reviewed next (a year later unless told)."""
    if check_permission:
        _check(can_edit_risk(user, risk),
               _("You may only review the risks of your services' risk sheets."))
    reviewed_at = reviewed_at or timezone.localdate()
    risk.reviewed_at = reviewed_at
    risk.reviewer = user
    risk.review_date = next_review_date or reviewed_at + relativedelta(months=REVIEW_MONTHS)
    return _save(risk, user=user, reason=comment or _("Periodic review"))


def risk_add_treatment_action(*, risk: Risk, user, title: str, owner,
                              due_date: datetime.date, check_permission: bool = False,
                              **fields: Any) -> Action:
    """Plan an action of the action plan that treats the risk (kind "risk treatment",
    attached to the risk, in the sheet's service). Refused for a risk whose treatment is
    not decided, or decided without action (accepted, opportunity not pursued)."""
    if check_permission:
        _check(can_edit_risk(user, risk),
               _("You may only plan actions for the risks of your services' risk sheets."))
    if not risk.is_active:
        raise ValidationError(_("This risk is archived: reactivate it before planning an "
                                "action."))
    if risk.treatment not in Risk.ACTING_TREATMENTS:
        raise ValidationError({"treatment": _(
            "Plan treatment actions for a risk to reduce, transfer or avoid, or an "
            "opportunity to pursue: record that decision first."
        )})
    return action_create(
        source=risk, kind=Action.Kind.RISK_TREATMENT, title=title, owner=owner,
        service=risk.sheet.service, due_date=due_date, user=user, **fields,
    )
