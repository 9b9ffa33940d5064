"""Reminders of the certification audits: 90, 30 and 7 days before each planned audit, an
e-mail to the pilots of the covered services (and of their direction) and to the quality
engineers. Each threshold goes once (recorded in CertificationAudit.reminders_sent); a
day missed is caught up: when a threshold has passed unsent, only the closest one goes
(an audit 25 days ahead that never had a reminder gets the 30-day one, not the 90-day
one too). Sent daily by certification.tasks.send_audit_reminders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms import roles
from qms.models import User
from qms.recipients import pilots_up_the_tree

from .models import CertificationAudit

THRESHOLDS = (90, 30, 7)


def due_threshold(days_ahead: int, sent) -> int | None:
    """The threshold to send now for an audit `days_ahead` days ahead, or None: the
    smallest threshold already reached, unless it (or a smaller one) was sent."""
    reached = [t for t in THRESHOLDS if days_ahead <= t]
    if not reached:
        return None
    closest = min(reached)
    if any(t <= closest for t in sent):
        return None
    return closest


def _quality_engineers() -> list[User]:
    return list(User.objects.filter(is_active=True, groups__name=roles.QUALITY_ENGINEER)
                .exclude(email="").order_by("username").distinct())


def audit_reminders_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send the reminders due today; return {"messages": e-mails sent, "audits": audits
    reminded}."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(THRESHOLDS))
    entries = list(CertificationAudit.objects.upcoming(today)
                   .filter(planned_date__lte=horizon)
                   .select_related("certification__standard", "certification__site")
                   .prefetch_related("certification__services").order_by("planned_date"))
    due = [(entry, due_threshold((entry.planned_date - today).days, entry.reminders_sent))
           for entry in entries]
    due = [(entry, threshold) for entry, threshold in due if threshold is not None]
    if not due:
        return {"messages": 0, "audits": 0}
    # The pilots of the covered services or of a direction above them.
    pilots = pilots_up_the_tree(service.pk for entry, _threshold in due
                                for service in entry.certification.services.all())
    quality = _quality_engineers()
    base_url = settings.WAGTAILADMIN_BASE_URL
    sent = 0
    for entry, threshold in due:
        certification = entry.certification
        people = {u.pk: u for u in quality}
        for service in certification.services.all():
            people.update({u.pk: u for u in pilots[service.pk]})
        recipients = sorted({u.email for u in people.values()})
        with transaction.atomic():
            locked = CertificationAudit.objects.select_for_update().get(pk=entry.pk)
            if due_threshold((locked.planned_date - today).days,
                             locked.reminders_sent) != threshold:
                continue
            # Every threshold above the one sent is past: recorded too, never sent late.
            locked.reminders_sent = sorted({*locked.reminders_sent,
                                            *(t for t in THRESHOLDS if t >= threshold)},
                                           reverse=True)
            CertificationAudit.objects.filter(pk=entry.pk).update(
                reminders_sent=locked.reminders_sent)
            if not recipients:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "entry": entry, "certification": certification,
                    "services": ", ".join(s.name for s in certification.services.all()),
                    "days": (entry.planned_date - today).days,
                    "url": base_url + reverse("certification:detail",
                                              args=[certification.pk]),
                    "calendar_url": base_url + reverse("certification:calendar"),
                }
                subject = _("%(standard)s audit in %(days)s days: %(services)s") % {
                    "standard": certification.standard.name, "days": context["days"],
                    "services": context["services"]}
                body = render_to_string("certification/email/audit_reminder.txt", context)
            send_mail(subject, body, None, recipients)
            sent += 1
    return {"messages": sent, "audits": len(due)}
