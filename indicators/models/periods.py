"""Measurement periods derived from an indicator's frequency:
2026-03 (month), 2026-T1 (quarter, trimestre), 2026-S1 (half-year, semestre), 2026 (year)."""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


_PATTERNS = {
    Frequency.MONTHLY: re.compile(r"^(?P<year>\d{4})-(?P<n>0[1-9]|1[0-2])$"),
    Frequency.QUARTERLY: re.compile(r"^(?P<year>\d{4})-T(?P<n>[1-4])$"),
    Frequency.HALF_YEARLY: re.compile(r"^(?P<year>\d{4})-S(?P<n>[12])$"),
    Frequency.YEARLY: re.compile(r"^(?P<year>\d{4})$"),
}
_MONTHS_PER_PERIOD = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
_EXAMPLES = {
    Frequency.MONTHLY: "2026-03",
    Frequency.QUARTERLY: "2026-T1",
    Frequency.HALF_YEARLY: "2026-S1",
    Frequency.YEARLY: "2026",
}


@dataclass(frozen=True, order=True)
class Period:
    """One period of a frequency; ordered by start date."""

    start: date
    frequency: str
    label: str

    @classmethod
    def parse(cls, label: str, frequency: str) -> "Period":
        label = (label or "").strip().upper()
        match = _PATTERNS[frequency].match(label)
        if not match:
            raise ValidationError(
                _("“%(period)s” is not a %(frequency)s period: write it like %(example)s."),
                code="invalid_period",
                params={
                    "period": label,
                    "frequency": Frequency(frequency).label.lower(),
                    "example": _EXAMPLES[frequency],
                },
            )
        year = int(match["year"])
        n = int(match.groupdict().get("n") or 1)
        month = (n - 1) * _MONTHS_PER_PERIOD[frequency] + 1
        return cls(date(year, month, 1), frequency, label)

    @classmethod
    def containing(cls, day: date, frequency: str) -> "Period":
        size = _MONTHS_PER_PERIOD[frequency]
        n = (day.month - 1) // size + 1
        return cls.of(day.year, n, frequency)

    @classmethod
    def of(cls, year: int, n: int, frequency: str) -> "Period":
        label = {
            Frequency.MONTHLY: f"{year}-{n:02d}",
            Frequency.QUARTERLY: f"{year}-T{n}",
            Frequency.HALF_YEARLY: f"{year}-S{n}",
            Frequency.YEARLY: f"{year}",
        }[frequency]
        return cls.parse(label, frequency)

    @property
    def year(self) -> int:
        return self.start.year

    def previous(self) -> "Period":
        size = _MONTHS_PER_PERIOD[self.frequency]
        month_index = self.start.year * 12 + self.start.month - 1 - size
        return Period.containing(date(month_index // 12, month_index % 12 + 1, 1), self.frequency)

    @classmethod
    def last_closed(cls, today: date, frequency: str) -> "Period":
        """The most recent period that has ended on `today`."""
        return cls.containing(today, frequency).previous()

    def __str__(self):
        return self.label
