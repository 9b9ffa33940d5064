from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Frequency, Period
from indicators.status import Status, attainment, judge


@pytest.mark.parametrize(
    "label, frequency, start",
    [
        ("2026-03", Frequency.MONTHLY, date(2026, 3, 1)),
        ("2026-T1", Frequency.QUARTERLY, date(2026, 1, 1)),
        ("2026-t3", Frequency.QUARTERLY, date(2026, 7, 1)),
        ("2026-S2", Frequency.HALF_YEARLY, date(2026, 7, 1)),
        ("2026", Frequency.YEARLY, date(2026, 1, 1)),
    ],
)
def test_period_parsing(label, frequency, start):
    assert Period.parse(label, frequency).start == start


@pytest.mark.parametrize(
    "label, frequency",
    [("2026-13", Frequency.MONTHLY), ("2026-T1", Frequency.MONTHLY), ("2026-T5", Frequency.QUARTERLY),
     ("2026-03", Frequency.YEARLY), ("mars 2026", Frequency.MONTHLY), ("", Frequency.YEARLY)],
)
def test_period_not_fitting_the_frequency(label, frequency):
    with pytest.raises(ValidationError):
        Period.parse(label, frequency)


def test_period_derivation():
    assert Period.containing(date(2026, 11, 22), Frequency.QUARTERLY).label == "2026-T4"
    assert Period.last_closed(date(2026, 11, 22), Frequency.MONTHLY).label == "2026-10"
    assert Period.last_closed(date(2026, 1, 5), Frequency.MONTHLY).label == "2025-12"
    assert Period.last_closed(date(2026, 3, 1), Frequency.QUARTERLY).label == "2025-T4"
    assert Period.last_closed(date(2026, 7, 1), Frequency.HALF_YEARLY).label == "2026-S1"
    assert Period.last_closed(date(2026, 7, 1), Frequency.YEARLY).label == "2025"


@pytest.mark.parametrize(
    "value, target, higher, alert, critical, expected",
    [
        (95, 90, True, None, None, Status.ON_TARGET),
        (90, 90, True, None, None, Status.ON_TARGET),
        (85, 90, True, None, None, Status.ALERT),
        (85, 90, True, 80, 70, Status.ON_TARGET),  # within the tolerance
        (75, 90, True, 80, 70, Status.ALERT),
        (65, 90, True, 80, 70, Status.CRITICAL),
        (5, 10, False, None, None, Status.ON_TARGET),  # lower is better
        (12, 10, False, None, None, Status.ALERT),
        (12, 10, False, 15, 20, Status.ON_TARGET),
        (17, 10, False, 15, 20, Status.ALERT),
        (25, 10, False, 15, 20, Status.CRITICAL),
        (None, 10, False, 15, 20, Status.NO_DATA),
        (42, None, True, None, None, Status.NO_DATA),
        (42, None, True, None, 50, Status.CRITICAL),
    ],
)
def test_judge(value, target, higher, alert, critical, expected):
    assert judge(value, target, higher_is_better=higher, alert=alert, critical=critical) == expected


def test_judge_accepts_decimals():
    assert judge(Decimal("89.9999"), Decimal("90"), higher_is_better=True) == Status.ALERT


def test_attainment():
    assert attainment([Status.ON_TARGET, Status.ALERT, Status.NO_DATA, Status.ON_TARGET]) == 2 / 3
    assert attainment([Status.NO_DATA]) is None
