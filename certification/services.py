"""Writes on the certifications and their audits. Keyword-only, validated (`full_clean`),
atomic, the user kept in the history. Callers acting for a person pass
`check_permission=True` (certification.permissions): the back office and the intranet
forms do."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qms.services import reject_unknown_fields as _unknown
from qms.services import require as _check

from . import permissions
from .models import Certification, CertificationAudit

CERTIFICATION_FIELDS = {
    "site", "scope", "status", "certifying_body", "certificate_number", "certificate_file",
    "first_certified_on", "valid_until", "notes", "is_active", "standard",
}
AUDIT_FIELDS = {"kind", "planned_date", "held_date", "audit", "result", "summary",
                "is_active"}
#: A result recorded on an audit moves the certification's status accordingly.
STATUS_AFTER_RESULT = {
    CertificationAudit.Result.SUSPENDED: Certification.Status.SUSPENDED,
    CertificationAudit.Result.WITHDRAWN: Certification.Status.WITHDRAWN,
}


def _save(instance, *, user, reason: str = "", extra_errors: dict | None = None):
    errors = dict(extra_errors or {})
    try:
        instance.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instance._history_user = user if user is not None and user.is_authenticated else None
    if reason:
        instance._change_reason = reason[:100]
    instance.save()
    return instance


def _services_errors(certification: Certification, services: list) -> dict:
    """No service is left out; a service holds one active certification per standard."""
    if not services:
        return {"services": [_("Choose at least one service covered.")]}
    if not certification.is_active or not certification.standard_id:
        return {}
    clash = (Certification.objects.active()
             .filter(standard_id=certification.standard_id, services__in=services)
             .exclude(pk=certification.pk).prefetch_related("services").first())
    if clash is None:
        return {}
    taken = sorted({s.name for s in clash.services.all()} & {s.name for s in services})
    return {"services": [_(
        "%(services)s already holds an active %(standard)s certification: change that one."
    ) % {"services": ", ".join(taken), "standard": certification.standard.name}]}


# --- certifications ----------------------------------------------------------------------------
@transaction.atomic
def certification_create(*, standard, services: Iterable, user=None,
                         check_permission: bool = False, **fields: Any) -> Certification:
    """Record a certification (or one being prepared) of one or several services."""
    _unknown("certification_create", fields, CERTIFICATION_FIELDS - {"standard"})
    services = list(services)
    if check_permission:
        _check(permissions.can_add_certification(user),
               _("Only the quality engineer records a new certification."))
    certification = Certification(standard=standard, **fields)
    _save(certification, user=user, reason=_("Creation"),
          extra_errors=_services_errors(certification, services))
    certification.services.set(services)
    return certification


@transaction.atomic
def certification_update(*, certification: Certification, user=None, reason: str = "",
                         services: Iterable | None = None, check_permission: bool = False,
                         **fields: Any) -> Certification:
    """Change a certification; archive it with is_active=False (its history stays). A
    pilot changes those covering their services, and keeps one of their services in it."""
    _unknown("certification_update", fields, CERTIFICATION_FIELDS)
    if check_permission:
        _check(permissions.can_edit_certification(user, certification),
               _("You may only change the certifications of your services."))
    for name, value in fields.items():
        setattr(certification, name, value)
    extra = {}
    if services is not None:
        services = list(services)
        extra = _services_errors(certification, services)
        if check_permission and not extra:
            probe = Certification(standard_id=certification.standard_id)
            probe._pending_service_ids = {s.pk for s in services}
            _check(permissions.can_edit_certification(user, probe),
                   _("Keep at least one of your services in the certification."))
    elif "is_active" in fields or "standard" in fields:
        extra = _services_errors(certification, list(certification.services.all()))
    _save(certification, user=user, reason=reason, extra_errors=extra)
    if services is not None:
        certification.services.set(services)
    return certification


# --- certification audits ----------------------------------------------------------------------
@transaction.atomic
def certification_audit_plan(*, certification: Certification, kind: str,
                             planned_date: datetime.date | None, user=None, audit=None,
                             summary: str = "", check_permission: bool = False
                             ) -> CertificationAudit:
    """Put an external audit in the certification's calendar."""
    if check_permission:
        _check(permissions.can_manage_audits(user, certification),
               _("You may only plan the audits of your services' certifications."))
    if not certification.is_active:
        raise ValidationError(_("This certification is archived."))
    entry = CertificationAudit(
        certification=certification, kind=kind, planned_date=planned_date, audit=audit,
        summary=summary, created_by=user if user is not None and user.is_authenticated
        else None)
    return _save(entry, user=user, reason=_("Audit planned"))


@transaction.atomic
def certification_audit_update(*, certification_audit: CertificationAudit, user=None,
                               reason: str = "", check_permission: bool = False,
                               **fields: Any) -> CertificationAudit:
    """Change an entry of the calendar (a new date, the audit attached, cancel it with
    is_active=False)."""
    _unknown("certification_audit_update", fields, AUDIT_FIELDS)
    if check_permission:
        _check(permissions.can_manage_audits(user, certification_audit.certification),
               _("You may only change the audits of your services' certifications."))
    if "planned_date" in fields and fields["planned_date"] != certification_audit.planned_date:
        # A new date: the reminders start again.
        certification_audit.reminders_sent = []
    for name, value in fields.items():
        setattr(certification_audit, name, value)
    _save(certification_audit, user=user, reason=reason)
    _follow_result(certification_audit, user)
    return certification_audit


@transaction.atomic
def certification_audit_record(*, certification_audit: CertificationAudit,
                               held_date: datetime.date | None, result: str, user=None,
                               summary: str | None = None, audit=None,
                               check_permission: bool = False) -> CertificationAudit:
    """Record that the audit was held, and its result. A suspension or a withdrawal
    moves the certification's status."""
    if check_permission:
        _check(permissions.can_manage_audits(user, certification_audit.certification),
               _("You may only record the audits of your services' certifications."))
    certification_audit.held_date = held_date
    certification_audit.result = result
    if summary is not None:
        certification_audit.summary = summary
    if audit is not None:
        certification_audit.audit = audit
    extra = ({"held_date": [_("Give the date the audit was held.")]}
             if held_date is None and result == CertificationAudit.Result.PENDING else None)
    _save(certification_audit, user=user, reason=_("Audit result recorded"), extra_errors=extra)
    _follow_result(certification_audit, user)
    return certification_audit


def _follow_result(certification_audit: CertificationAudit, user) -> None:
    status = STATUS_AFTER_RESULT.get(certification_audit.result)
    certification = certification_audit.certification
    if status and certification.status != status:
        certification.status = status
        _save(certification, user=user,
              reason=_("Result of the audit of %(date)s") % {
                  "date": certification_audit.held_date})
