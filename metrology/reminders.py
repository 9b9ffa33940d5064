"""The reminder of the verifications due: one e-mail per pilot listing the in-service
measuring resources of their service due within 30 days, overdue or never verified, sent
on Mondays by a Celery beat task (metrology.tasks.send_verification_reminders)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from qms.recipients import pilots_by_service

from .models import MeasuringResource
from .selectors import due_q, with_verifications


def verification_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send the reminders; return {"messages", "resources" due, "unassigned" (no pilot
    in their service)}. Two queries."""
    today = today or timezone.localdate()
    resources = list(with_verifications(MeasuringResource.objects.all()).filter(due_q(today))
                     .select_related("service").order_by("next_due", "name"))
    pilots = pilots_by_service({r.service_id for r in resources})
    by_pilot = defaultdict(list)
    for resource in resources:
        for pilot in pilots.get(resource.service_id, ()):
            by_pilot[pilot].append(resource)
    base_url = settings.WAGTAILADMIN_BASE_URL
    for pilot, items in sorted(by_pilot.items(), key=lambda kv: kv[0].username):
        rows = [{"resource": r, "late": r.next_due is None or r.next_due < today,
                 "url": base_url + reverse("metrology:verify", args=[r.pk])} for r in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext("Measuring resources: %(count)s verification due",
                               "Measuring resources: %(count)s verifications due",
                               len(rows)) % {"count": len(rows)}
            body = render_to_string("metrology/email/verification_reminder.txt", {
                "user": pilot, "rows": rows,
                "register_url": base_url + reverse("metrology:register") + "?overdue=on",
            })
        send_mail(subject, body, None, [pilot.email])
    return {"messages": len(by_pilot), "resources": len(resources),
            "unassigned": sum(1 for r in resources if r.service_id not in pilots)}
