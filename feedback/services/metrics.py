"""The figures of the complaints register, computed per month and service and recorded
as measurements of the indicators linked through FeedbackIndicator.

Definitions (one calendar month, one service or the whole municipality):
- processing time: mean number of days from receipt to answer, over the contacts
  *answered* during the month (complaints, requests or both, per the link's `kind`);
- complaint rate: complaints *received* in the month per 100 contacts (complaints and
  requests) received in the month, in % — no value when nothing was received;
- answered on time: share (%) of the contacts answered in the month that were answered
  within ANSWER_DAYS (15) days of receipt.
A month with nothing to measure gives no value (no measurement is written)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Frequency, Measurement, Period
from indicators.services import MeasurementInput, measurements_record_batch

from ..models import FeedbackIndicator, UserFeedback
from ..models.feedback import ANSWER_DAYS

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class MonthFigures:
    received: int
    complaints_received: int
    answered: int
    answered_days: int
    answered_on_time: int

    @property
    def processing_time(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.answered_days) / self.answered).quantize(TWO_PLACES, ROUND_HALF_UP)

    @property
    def complaint_rate(self) -> Decimal | None:
        if not self.received:
            return None
        return (Decimal(100 * self.complaints_received) / self.received).quantize(
            TWO_PLACES, ROUND_HALF_UP)

    @property
    def on_time(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(100 * self.answered_on_time) / self.answered).quantize(
            TWO_PLACES, ROUND_HALF_UP)

    def value(self, metric: str) -> Decimal | None:
        return {
            FeedbackIndicator.Metric.PROCESSING_TIME: self.processing_time,
            FeedbackIndicator.Metric.COMPLAINT_RATE: self.complaint_rate,
            FeedbackIndicator.Metric.ON_TIME: self.on_time,
        }[metric]


def _month_end(period: Period) -> datetime.date:
    nxt = datetime.date(period.start.year + period.start.month // 12,
                        period.start.month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def month_figures(*, period: Period, service_id: int | None = None,
                  kind: str = "") -> MonthFigures:
    """The figures of one month (two queries)."""
    start, end = period.start, _month_end(period)
    rows = UserFeedback.objects.all()
    if service_id is not None:
        rows = rows.filter(service_id=service_id)
    received = rows.filter(received_on__range=(start, end)).aggregate(
        total=Count("pk"), complaints=Count("pk", filter=Q(kind=UserFeedback.Kind.COMPLAINT)))
    answered_rows = rows.filter(answered_on__range=(start, end))
    if kind:
        answered_rows = answered_rows.filter(kind=kind)
    # Days as a date difference, summed in Python: portable across SQLite and PostgreSQL.
    pairs = list(answered_rows.values_list("received_on", "answered_on"))
    days = [(a - r).days for r, a in pairs]
    return MonthFigures(
        received=received["total"], complaints_received=received["complaints"],
        answered=len(days), answered_days=sum(days),
        answered_on_time=sum(1 for d in days if d <= ANSWER_DAYS),
    )


def feedback_indicators_compute(*, period: str | None = None, today=None,
                                links=None) -> dict:
    """Compute `period` ("2026-03"; by default the last closed month) for every linked
    indicator and record the values. Idempotent: an unchanged value writes nothing; a
    changed one (a record corrected since) is recorded as a correction with its reason,
    the previous value kept in the measurement's history.
    Returns {"created": n, "updated": n, "unchanged": n, "skipped": n}."""
    today = today or timezone.localdate()
    month = (Period.parse(period, Frequency.MONTHLY) if period
             else Period.last_closed(today, Frequency.MONTHLY))
    links = links if links is not None else (
        FeedbackIndicator.objects.select_related("indicator")
        .filter(indicator__is_active=True))
    items, skipped, cache = [], 0, {}
    for link in links:
        key = (link.service_id, link.kind)
        if key not in cache:
            cache[key] = month_figures(period=month, service_id=link.service_id,
                                       kind=link.kind)
        value = cache[key].value(link.metric)
        if value is None:
            skipped += 1
            continue
        items.append(MeasurementInput(
            indicator_code=link.indicator.code, period=month.label, value=value,
            comment=_("Computed from the complaints and requests register."),
            reason=_("Recomputed: the complaints and requests of the month changed."),
        ))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    if items:
        counts = measurements_record_batch(items, origin=Measurement.Origin.COMPUTED)
    counts["skipped"] = skipped
    return counts


