"""Reminders to the people who answer for indicators whose value for the last closed
period is missing: one digest e-mail per person, sent by a Celery beat task
(tasks.send_missing_measurement_reminders)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from qms import roles
from qms.models import User

from .models import Frequency, Indicator, Measurement, Period


@dataclass(frozen=True)
class MissingValue:
    indicator: Indicator
    period: Period
    entry_url: str = ""


def measurements_missing(*, today: date) -> list[MissingValue]:
    """The active indicators without a value for their last closed period on `today`,
    in two queries whatever their number."""
    periods = {frequency: Period.last_closed(today, frequency) for frequency in Frequency.values}
    recorded = Q()
    for frequency, period in periods.items():
        recorded |= Q(indicator__frequency=frequency, period=period.label)
    present = set(
        Measurement.objects.filter(recorded, indicator__is_active=True)
        .values_list("indicator_id", flat=True)
    )
    indicators = (
        Indicator.objects.filter(is_active=True)
        .exclude(pk__in=present)
        # Nobody enters a computed indicator: the product writes it from its records.
        .exclude(source=Indicator.Source.COMPUTED)
        .select_related("owner", "service", "feed_application")
        .order_by("code")
    )
    return [MissingValue(indicator, periods[indicator.frequency]) for indicator in indicators]


def _recipients(missing: list[MissingValue]) -> dict[User, list[MissingValue]]:
    """Who answers for each missing value: the indicator's owner, or, without an owner
    who can be written to, the pilots of the indicator's service."""
    orphan_services = {
        m.indicator.service_id for m in missing if not _reachable(m.indicator.owner)
    }
    pilots = defaultdict(list)
    if orphan_services:
        for pilot in User.objects.filter(
            is_active=True, groups__name=roles.PILOT, service_id__in=orphan_services
        ).exclude(email="").order_by("username"):
            pilots[pilot.service_id].append(pilot)
    by_user, users = defaultdict(list), {}
    for item in missing:
        owner = item.indicator.owner
        for user in [owner] if _reachable(owner) else pilots.get(item.indicator.service_id, []):
            users[user.pk] = user
            by_user[user.pk].append(item)
    return {users[pk]: items for pk, items in by_user.items()}


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _admin_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # the back-office pages are not mounted
        return reverse("wagtailadmin_home")


def missing_measurement_reminders_send(*, today: date | None = None) -> int:
    """One e-mail per person answering for active indicators that have no value for
    their last closed period, listing them all. Returns the number of messages sent."""
    today = today or timezone.localdate()
    base_url = settings.WAGTAILADMIN_BASE_URL
    entry_url = base_url + _admin_url("indicators_admin:entry")
    import_url = base_url + _admin_url("indicators_admin:import")
    sent = 0
    for user, items in _recipients(measurements_missing(today=today)).items():
        rows = [
            MissingValue(item.indicator, item.period, f"{entry_url}?indicator={item.indicator.pk}")
            for item in items
        ]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Indicators: %(count)s value to enter for the last period",
                "Indicators: %(count)s values to enter for the last period",
                len(rows),
            ) % {"count": len(rows)}
            body = render_to_string(
                "indicators/email/missing_measurements.txt",
                {"user": user, "rows": rows, "import_url": import_url},
            )
        send_mail(subject, body, None, [user.email])
        sent += 1
    return sent
