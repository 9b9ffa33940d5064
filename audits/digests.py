"""The weekly digests of the audits app, sent on Mondays by Celery beat
(audits.tasks.send_nonconformity_digests and send_audit_digests), one e-mail per
recipient, in French:

- to the pilots of a service (and of the direction above it), the open nonconformities of
  that service that are overdue — their target closure date has passed — or that have
  stayed open more than STALE_DAYS days without a target date;
- to each audit's lead auditor and to the pilots of the audited services, the audits that
  start within the next UPCOMING_DAYS days (the pilots only once the programme is
  approved: before that they may not read it).

Nobody with nothing to report gets a message."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.recipients import pilots_up_the_tree

from .models import Audit, AuditProgramme, Nonconformity

#: An open nonconformity without a target closure date is reported after this many days.
STALE_DAYS = 90
#: How far ahead an audit is announced (days).
UPCOMING_DAYS = 14


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


# --- nonconformities --------------------------------------------------------------------------
def nonconformities_to_report(today: datetime.date | None = None) -> list[Nonconformity]:
    """The open nonconformities overdue (target closure date passed) or open for more than
    STALE_DAYS days without a target date, oldest first (one query)."""
    today = today or timezone.localdate()
    stale = Q(target_closure_date__isnull=True,
              detected_at__lt=today - datetime.timedelta(STALE_DAYS))
    return list(
        Nonconformity.objects.open()
        .filter(Q(target_closure_date__lt=today) | stale)
        .select_related("service")
        .order_by("service__name", "detected_at", "reference")
    )


def nonconformity_digests_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send each pilot the overdue nonconformities of their services. Returns
    {"messages": e-mails sent, "nonconformities": reported, "unassigned": those of a
    service without a pilot to write to}."""
    today = today or timezone.localdate()
    ncs = nonconformities_to_report(today)
    pilots = pilots_up_the_tree(nc.service_id for nc in ncs)
    users, by_user = {}, defaultdict(list)
    for nc in ncs:
        for pilot in pilots.get(nc.service_id, []):
            users[pilot.pk] = pilot
            by_user[pilot.pk].append(nc)
    assigned = {nc.pk for items in by_user.values() for nc in items}
    list_url = _absolute(reverse("audits:nonconformities")) + "?status=open_all"
    sent = 0
    for pk, items in sorted(by_user.items(), key=lambda kv: users[kv[0]].username):
        user = users[pk]
        rows = [{
            "nc": nc,
            "age": (today - nc.detected_at).days,
            "days_late": (today - nc.target_closure_date).days
            if nc.target_closure_date else None,
            "url": _absolute(nc.get_absolute_url()),
        } for nc in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Nonconformities: %(count)s nonconformity overdue",
                "Nonconformities: %(count)s nonconformities overdue",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string("audits/email/nonconformity_digest.txt", {
                "user": user, "rows": rows, "stale_days": STALE_DAYS, "list_url": list_url,
            })
        send_mail(subject, body, None, [user.email])
        sent += 1
    return {"messages": sent, "nonconformities": len(ncs),
            "unassigned": len(ncs) - len(assigned)}


# --- audits -----------------------------------------------------------------------------------
@dataclass
class Recipient:
    name: str
    email: str
    rows: list[dict] = field(default_factory=list)


def upcoming_audits(today: datetime.date | None = None) -> list[Audit]:
    """The audits planned to start between today and UPCOMING_DAYS days from now, not yet
    under way (two queries: the audits and their services)."""
    today = today or timezone.localdate()
    return list(
        Audit.objects.filter(
            planned_start__gte=today,
            planned_start__lte=today + datetime.timedelta(UPCOMING_DAYS),
            status__in=(Audit.Status.PLANNED, Audit.Status.PREPARATION))
        .select_related("programme", "lead_auditor__user")
        .prefetch_related("services")
        .order_by("planned_start", "reference")
    )


def audit_digest_recipients(audits) -> list[Recipient]:
    """One recipient per e-mail address: the lead auditors (by their account, or the
    address of an external auditor) and the pilots of the audited services, each with the
    audits concerning them and why."""
    audits = list(audits)
    pilots = pilots_up_the_tree(s.pk for audit in audits for s in audit.services.all())
    recipients: dict[str, Recipient] = {}

    def add(name, email, audit, role):
        key = email.strip().lower()
        recipient = recipients.setdefault(key, Recipient(name=name, email=email.strip()))
        for row in recipient.rows:
            if row["audit"] == audit:
                if role not in row["roles"]:
                    row["roles"].append(role)
                return
        recipient.rows.append({"audit": audit, "roles": [role]})

    for audit in audits:
        lead = audit.lead_auditor
        if lead is not None and lead.is_active:
            if lead.user_id:
                if _reachable(lead.user):
                    add(str(lead.user), lead.user.email, audit, _("lead auditor"))
            elif lead.email:
                add(lead.display_name, lead.email, audit, _("lead auditor"))
        if audit.programme.status != AuditProgramme.Status.APPROVED:
            continue
        for service in audit.services.all():
            for pilot in pilots.get(service.pk, []):
                add(str(pilot), pilot.email, audit,
                    _("pilot of %(service)s") % {"service": service.name})
    return sorted(recipients.values(), key=lambda r: r.email.lower())


def audit_digests_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Announce the audits starting within UPCOMING_DAYS days to their lead auditors and
    the pilots of the audited services. Returns {"messages": e-mails sent, "audits":
    audits announced}."""
    today = today or timezone.localdate()
    audits = upcoming_audits(today)
    sent = 0
    for recipient in audit_digest_recipients(audits):
        for row in recipient.rows:
            audit = row["audit"]
            row["days_left"] = (audit.planned_start - today).days
            row["url"] = _absolute(audit.get_absolute_url())
            row["services"] = ", ".join(s.name for s in audit.services.all())
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Audits: %(count)s audit starting within %(days)s days",
                "Audits: %(count)s audits starting within %(days)s days",
                len(recipient.rows),
            ) % {"count": len(recipient.rows), "days": UPCOMING_DAYS}
            body = render_to_string("audits/email/audit_digest.txt", {
                "name": recipient.name, "rows": recipient.rows, "days": UPCOMING_DAYS,
            })
        send_mail(subject, body, None, [recipient.email])
        sent += 1
    return {"messages": sent, "audits": len(audits)}
