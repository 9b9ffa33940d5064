"""The weekly digest of the risks to review: one e-mail per pilot listing the active risks
of their sheets whose review date has come (the same risks as on their to-do list: those
of the processes they pilot and of the sheets their service keeps), sent by a Celery beat
task (processes.tasks.send_risk_review_digests)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from qms.models import User
from qms.recipients import pilots_by_service

from .risk_selectors import reviews_due


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def risk_review_recipients(risks) -> dict[User, list]:
    """{pilot: [risks]}: each risk goes to its process's pilot and to the pilots of the
    service keeping its sheet (one query for those pilots)."""
    service_ids = {risk.sheet.service_id for risk in risks}
    service_pilots = pilots_by_service(service_ids)
    users, by_user = {}, defaultdict(list)
    for risk in risks:
        process = risk.sheet.process
        people = list(service_pilots.get(risk.sheet.service_id, []))
        if process is not None and _reachable(process.pilot):
            people.append(process.pilot)
        for person in people:
            if risk not in by_user[person.pk]:
                users[person.pk] = person
                by_user[person.pk].append(risk)
    return {users[pk]: items for pk, items in by_user.items()}


def risk_review_digests_send(*, today: date | None = None) -> dict[str, int]:
    """Send the digests; return {"messages": e-mails sent, "risks": risks due for review,
    "unassigned": those with no pilot to write to}."""
    today = today or timezone.localdate()
    risks = list(reviews_due(today).filter(sheet__is_active=True))
    recipients = risk_review_recipients(risks)
    assigned = {risk.pk for items in recipients.values() for risk in items}
    base_url = settings.WAGTAILADMIN_BASE_URL
    sent = 0
    for user, items in sorted(recipients.items(), key=lambda kv: kv[0].username):
        rows = [{
            "risk": risk, "late_days": (today - risk.review_date).days,
            "url": base_url + reverse("processes:risk_sheet", args=[risk.sheet_id])
            + f"#risk-{risk.pk}",
        } for risk in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Risks: %(count)s risk to review",
                "Risks: %(count)s risks to review",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string("processes/email/risk_review_digest.txt", {
                "user": user, "rows": rows,
                "register_url": base_url + reverse("processes:risk_register") + "?overdue=on",
            })
        send_mail(subject, body, None, [user.email])
        sent += 1
    return {"messages": sent, "risks": len(risks), "unassigned": len(risks) - len(assigned)}
