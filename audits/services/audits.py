"""Writes on the audit programme and its audits: programme approval by the direction,
planning an audit (with the independence rule), its status, checklist and findings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.references import next_reference

from .. import permissions as perms
from ..models import (
    Audit,
    AuditProgramme,
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    independence_errors,
)
from ._common import check, check_fields, save

PROGRAMME_FIELDS = {"title", "objectives", "scope", "risks", "methods"}
AUDIT_FIELDS = {
    "title", "kind", "auditee", "lead_auditor", "planned_start", "planned_end", "places",
    "objectives", "scope", "plan", "held_start", "held_end", "conclusions", "criteria_met",
    "disagreements", "not_covered", "distribution",
}
FINDING_FIELDS = {"criterion", "clause_reference", "process", "service", "evidence", "order"}

#: The allowed moves between statuses (cancelling is possible until the report).
TRANSITIONS = {
    Audit.Status.PLANNED: {Audit.Status.PREPARATION, Audit.Status.IN_PROGRESS,
                           Audit.Status.CANCELLED},
    Audit.Status.PREPARATION: {Audit.Status.PLANNED, Audit.Status.IN_PROGRESS,
                               Audit.Status.CANCELLED},
    Audit.Status.IN_PROGRESS: {Audit.Status.PREPARATION, Audit.Status.REPORTED,
                               Audit.Status.CANCELLED},
    Audit.Status.REPORTED: {Audit.Status.IN_PROGRESS, Audit.Status.CLOSED},
    Audit.Status.CLOSED: set(),
    Audit.Status.CANCELLED: set(),
}


# --- programme -------------------------------------------------------------------------------
@transaction.atomic
def programme_create(*, year: int, title: str, objectives: str, scope: str, user,
                     **fields: Any) -> AuditProgramme:
    check_fields("programme_create", fields, PROGRAMME_FIELDS)
    check(perms.can_edit_programme(user), _("Only the quality engineer prepares the audit "
                                            "programme."))
    programme = AuditProgramme(year=year, title=title, objectives=objectives, scope=scope,
                               **fields)
    return save(programme, user=user, reason=_("Creation"))


@transaction.atomic
def programme_update(*, programme: AuditProgramme, user, reason: str = "",
                     **fields: Any) -> AuditProgramme:
    check_fields("programme_update", fields, PROGRAMME_FIELDS)
    check(perms.can_edit_programme(user, programme),
          _("Only the quality engineer changes the audit programme."))
    for name, value in fields.items():
        setattr(programme, name, value)
    return save(programme, user=user, reason=reason or _("Update"))


@transaction.atomic
def programme_approve(*, programme: AuditProgramme, user) -> AuditProgramme:
    """The direction approves the year's programme (ISO 19011 §5.1)."""
    check(perms.can_approve_programme(user),
          _("Only the direction approves the audit programme."))
    if programme.is_approved:
        raise ValidationError(_("This programme is already approved."))
    if not programme.audits.not_cancelled().exists():
        raise ValidationError(_("Plan at least one audit before the programme is approved."))
    programme.status = AuditProgramme.Status.APPROVED
    programme.approved_by = user
    programme.approved_at = timezone.now()
    return save(programme, user=user, reason=_("Approval"))


# --- audits ------------------------------------------------------------------------------------
def _next_reference(year: int) -> str:
    return next_reference(Audit.objects, f"AUD-{year}-", 2)


def check_independence(*, services: Iterable, lead_auditor, team: Iterable) -> None:
    messages = independence_errors(services=services, auditors=[lead_auditor, *team])
    if messages:
        raise ValidationError({"team": messages})


@transaction.atomic
def audit_create(*, programme: AuditProgramme, title: str, services: Iterable,
                 planned_start: datetime.date, planned_end: datetime.date, user,
                 team: Iterable = (), processes: Iterable = (), criteria: Iterable = (),
                 **fields: Any) -> Audit:
    """Plan an audit in a programme. Refused: an auditor of an audited service, an audit
    without a service, dates outside the programme's year."""
    check_fields("audit_create", fields, AUDIT_FIELDS)
    check(perms.can_edit_audit(user), _("Only the quality engineer plans audits."))
    services, team = list(services), list(team)
    if not services:
        raise ValidationError({"services": _("Choose at least one audited service.")})
    check_independence(services=services, lead_auditor=fields.get("lead_auditor"), team=team)
    audit = Audit(programme=programme, title=title, planned_start=planned_start,
                  planned_end=planned_end, created_by=user, **fields)
    for attempt in range(5):
        try:
            with transaction.atomic():
                audit.reference = _next_reference(planned_start.year)
                save(audit, user=user, reason=_("Creation"))
                break
        except IntegrityError:
            if attempt == 4:
                raise
    audit.services.set(services)
    audit.team.set(team)
    audit.processes.set(list(processes))
    audit.criteria.set(list(criteria))
    return audit


@transaction.atomic
def audit_update(*, audit: Audit, user, reason: str = "", services: Iterable | None = None,
                 team: Iterable | None = None, processes: Iterable | None = None,
                 criteria: Iterable | None = None, **fields: Any) -> Audit:
    check_fields("audit_update", fields, AUDIT_FIELDS)
    check(perms.can_edit_audit(user, audit), _("Only the quality engineer changes an audit."))
    if audit.status in (Audit.Status.CLOSED, Audit.Status.CANCELLED):
        raise ValidationError(_("A closed or cancelled audit can no longer be changed."))
    new_services = list(services) if services is not None else list(audit.services.all())
    new_team = list(team) if team is not None else list(audit.team.all())
    if not new_services:
        raise ValidationError({"services": _("Choose at least one audited service.")})
    for name, value in fields.items():
        setattr(audit, name, value)
    check_independence(services=new_services, lead_auditor=audit.lead_auditor, team=new_team)
    save(audit, user=user, reason=reason or _("Update"))
    if services is not None:
        audit.services.set(new_services)
    if team is not None:
        audit.team.set(new_team)
    if processes is not None:
        audit.processes.set(list(processes))
    if criteria is not None:
        audit.criteria.set(list(criteria))
    return audit


@transaction.atomic
def audit_set_status(*, audit: Audit, status: str, user, reason: str = "") -> Audit:
    """Move an audit along planned → in preparation → in progress → report written →
    closed (or cancelled, with its reason)."""
    check(perms.can_edit_audit(user, audit), _("Only the quality engineer changes an audit."))
    if status not in TRANSITIONS[audit.status]:
        raise ValidationError({"status": _(
            "An audit cannot go from « %(old)s » to « %(new)s »."
        ) % {"old": audit.get_status_display(), "new": Audit.Status(status).label}})
    if status == Audit.Status.CANCELLED:
        if not (reason or "").strip():
            raise ValidationError({"cancellation_reason": _(
                "Give the reason why the audit is cancelled.")})
        audit.cancellation_reason = reason.strip()
    if status in (Audit.Status.REPORTED, Audit.Status.CLOSED):
        missing = []
        if not audit.conclusions.strip():
            missing.append(str(Audit._meta.get_field("conclusions").verbose_name))
        if not audit.criteria_met:
            missing.append(str(Audit._meta.get_field("criteria_met").verbose_name))
        if missing:
            raise ValidationError({"status": _(
                "Write the report first; missing: %(fields)s."
            ) % {"fields": ", ".join(missing)}})
        audit.held_start = audit.held_start or audit.planned_start
        audit.held_end = audit.held_end or audit.planned_end
    audit.status = status
    return save(audit, user=user, reason=reason or Audit.Status(status).label)


@transaction.atomic
def audit_build_checklist(*, audit: Audit, user,
                          template: ChecklistTemplate | None = None) -> list[ChecklistItem]:
    """Add to the checklist the questions of the audit's criteria (and of a template's
    clauses and extra questions); questions already there are not repeated."""
    check(perms.can_write_findings(user, audit),
          _("Only the quality engineer and the audit team fill the checklist."))
    criteria = list(audit.criteria.select_related("standard"))
    extra: list[str] = []
    if template is not None:
        known = {c.pk for c in criteria}
        criteria += [c for c in template.criteria.select_related("standard")
                     if c.pk not in known]
        extra = template.extra_question_list()
    existing = set(audit.checklist.values_list("criterion_id", "question"))
    order = (audit.checklist.order_by("-order").values_list("order", flat=True).first() or 0)
    created = []
    wanted = []
    for criterion in criteria:
        questions = criterion.question_list() or [
            _("Is the requirement « %(title)s » met?") % {"title": criterion.title}]
        wanted += [(criterion, q) for q in questions]
    wanted += [(None, q) for q in extra]
    for criterion, question in wanted:
        key = (criterion.pk if criterion else None, question)
        if key in existing:
            continue
        existing.add(key)
        order += 10
        item = ChecklistItem(audit=audit, criterion=criterion, question=question, order=order)
        created.append(save(item, user=user, reason=_("Checklist")))
    return created


@transaction.atomic
def checklist_answer(*, item: ChecklistItem, user, answer: str,
                     evidence: str = "") -> ChecklistItem:
    check(perms.can_write_findings(user, item.audit),
          _("Only the quality engineer and the audit team fill the checklist."))
    item.answer = answer
    item.evidence = evidence
    return save(item, user=user, reason=_("Answer"))


# --- findings ---------------------------------------------------------------------------------
@transaction.atomic
def finding_record(*, audit: Audit, kind: str, description: str, user,
                   target_closure_date: datetime.date | None = None, **fields: Any) -> Finding:
    """Record a finding of an audit; a nonconformity finding (major or minor) gets its
    nonconformity record at once, in the finding's service."""
    from .nonconformity import nonconformity_create

    check_fields("finding_record", fields, FINDING_FIELDS)
    check(perms.can_write_findings(user, audit),
          _("Only the quality engineer and the audit team record findings, while the audit "
            "is open."))
    finding = Finding(audit=audit, kind=kind, description=description, **fields)
    if finding.criterion_id and not finding.clause_reference:
        finding.clause_reference = finding.criterion.label[:80]
    save(finding, user=user, reason=_("Creation"))
    if finding.is_nonconformity:
        nonconformity_create(
            title=_("%(kind)s — %(audit)s (%(clause)s)") % {
                "kind": finding.get_kind_display(), "audit": audit.reference,
                "clause": finding.clause_reference},
            description=finding.description, service=finding.service,
            process=finding.process, source_kind="audit", finding=finding, source=audit,
            severity="major" if kind == Finding.Kind.MAJOR_NC else "minor",
            detected_at=min(audit.held_end or audit.planned_end, timezone.localdate()),
            target_closure_date=target_closure_date, user=user, check_permission=False,
        )
    return finding


@transaction.atomic
def audit_report_request(*, audit: Audit, user) -> Audit:
    """Ask for the report PDF: marked « being generated », rendered by a Celery task once
    the transaction commits."""
    from ..tasks import audit_report_generate

    check(perms.can_write_findings(user, audit) or perms.can_edit_audit(user, audit),
          _("Only the quality engineer and the audit team generate the report."))
    Audit.objects.filter(pk=audit.pk).update(report_state=Audit.ReportState.PENDING)
    audit.report_state = Audit.ReportState.PENDING
    transaction.on_commit(lambda: audit_report_generate.delay(audit.pk))
    return audit
