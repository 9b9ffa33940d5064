"""The values of the demo indicators: each indicator's shape (catalogue.Spec) drawn as a
series of values per period, deterministic whatever the day of the run."""

import random
import statistics
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from ..models import Frequency, Period
from . import catalogue
from .catalogue import Spec

SEED = 2020
FIRST_YEAR = 2024
MONTHS = {
    Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12,
}
API_GAP_RATE = 0.003  # an application seldom misses a period


def periods_until(frequency: str, last: Period, first_year: int = FIRST_YEAR) -> list[Period]:
    """Every period of the frequency from January of `first_year` to `last` included."""
    period = Period.containing(date(first_year, 1, 1), frequency)
    periods = []
    while period.start <= last.start:
        periods.append(period)
        period = Period.containing(period.start + relativedelta(months=MONTHS[frequency]),
                                   frequency)
    return periods


def series(spec: Spec, today: date) -> list[tuple[Period, Decimal]]:
    """The values of an indicator, from 2024 to the last closed period on `today`.

    One random stream per indicator, drawn in period order whatever `today` is: the
    value of a period is the same on every run, a later run only adds periods."""
    rng = random.Random(f"{SEED}-{spec.service}-{spec.title}")
    periods = periods_until(spec.frequency, Period.last_closed(today, spec.frequency))
    size = MONTHS[spec.frequency]
    profile = catalogue.SEASONS[spec.season]
    level = (abs(spec.start) + abs(spec.end)) / 2
    noise = spec.noise if spec.noise is not None else 0.025 * level
    ceiling = 100 if spec.unit == "%" and max(spec.start, spec.end) <= 100 else None
    gap_rate = API_GAP_RATE if spec.feed else spec.gaps
    values, drift = [], 0.0
    for period in periods:
        months = (period.start.year - FIRST_YEAR) * 12 + period.start.month - 1
        middle = months + (size - 1) / 2
        trend = spec.start + (spec.end - spec.start) * middle / 35
        season = spec.amp * statistics.fmean(
            profile[(period.start.month - 1 + i) % 12] for i in range(size)
        )
        drift = 0.5 * drift + rng.gauss(0, noise)
        missing = rng.random() < gap_rate
        if missing or period.year < spec.since:
            continue
        if spec.archived_after and period.year > spec.archived_after:
            continue
        value = max(trend + season + drift, 0)
        if ceiling is not None:
            value = min(value, ceiling)
        values.append((period, Decimal(str(round(value, spec.decimals)))))
    if spec.late:
        late = {p.label for p in periods[-spec.late:]}
        values = [(p, v) for p, v in values if p.label not in late]
    return values
