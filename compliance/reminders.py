"""The reminder of the evaluations due: one e-mail per owner listing their texts whose
compliance evaluation is due within 30 days or late (or never done), sent by a Celery beat
task (compliance.tasks.send_evaluation_reminders)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import Regulation


def evaluation_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send the reminders; return {"messages": e-mails sent, "regulations": texts due,
    "unassigned": those with no owner to write to}."""
    today = today or timezone.localdate()
    regulations = list(
        Regulation.objects.due(today).select_related("owner", "topic")
        .order_by("next_evaluation_due", "title")
    )
    by_owner = defaultdict(list)
    for regulation in regulations:
        owner = regulation.owner
        if owner is not None and owner.is_active and owner.email:
            by_owner[owner].append(regulation)
    base_url = settings.WAGTAILADMIN_BASE_URL
    sent = 0
    for owner, items in sorted(by_owner.items(), key=lambda kv: kv[0].username):
        rows = [{
            "regulation": regulation,
            "late_days": (today - regulation.next_evaluation_due).days
            if regulation.next_evaluation_due and regulation.next_evaluation_due < today else 0,
            "url": base_url + reverse("compliance:evaluate", args=[regulation.pk]),
        } for regulation in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Regulatory watch: %(count)s evaluation due",
                "Regulatory watch: %(count)s evaluations due",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string("compliance/email/evaluation_reminder.txt", {
                "user": owner, "rows": rows,
                "register_url": base_url + reverse("compliance:register") + "?late=on",
            })
        send_mail(subject, body, None, [owner.email])
        sent += 1
    assigned = sum(len(items) for items in by_owner.values())
    return {"messages": sent, "regulations": len(regulations),
            "unassigned": len(regulations) - assigned}
