"""The reminder of the provider evaluations due: one e-mail per pilot listing the
providers of their services whose evaluation is due within 30 days or overdue, sent on
Mondays by a Celery beat task (providers.tasks.send_evaluation_reminders)."""

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

from .models import Provider


def evaluation_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Send the reminders; return {"messages": e-mails sent, "providers": providers due,
    "unassigned": those whose services have no pilot to write to}. Three queries."""
    today = today or timezone.localdate()
    providers = list(Provider.objects.due(today).prefetch_related("services")
                     .order_by("next_evaluation_due", "name"))
    service_ids = {s.pk for p in providers for s in p.services.all()}
    pilots = pilots_by_service(service_ids)
    by_pilot: dict = defaultdict(list)
    for provider in providers:
        for service in provider.services.all():
            for pilot in pilots.get(service.pk, ()):
                if provider not in by_pilot[pilot]:
                    by_pilot[pilot].append(provider)
    base_url = settings.WAGTAILADMIN_BASE_URL
    for pilot, items in sorted(by_pilot.items(), key=lambda kv: kv[0].username):
        rows = [{
            "provider": provider,
            "late_days": max(0, (today - provider.next_evaluation_due).days),
            "url": base_url + reverse("providers:evaluate", args=[provider.pk]),
        } for provider in items]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext("Providers: %(count)s evaluation due",
                               "Providers: %(count)s evaluations due",
                               len(rows)) % {"count": len(rows)}
            body = render_to_string("providers/email/evaluation_reminder.txt", {
                "user": pilot, "rows": rows,
                "register_url": base_url + reverse("providers:register") + "?overdue=on",
            })
        send_mail(subject, body, None, [pilot.email])
    reached = {p.pk for items in by_pilot.values() for p in items}
    return {"messages": len(by_pilot), "providers": len(providers),
            "unassigned": len([p for p in providers if p.pk not in reached])}
