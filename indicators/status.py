"""How a value is judged against its target and thresholds, for either direction of
improvement. Pure functions: the dashboards, the strategy map and the exports share them."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ON_TARGET = "on_target", _("On target")
    ALERT = "alert", _("Alert")
    CRITICAL = "critical", _("Critical")
    NO_DATA = "no_data", _("No data")


def _at_least_as_good(value: Decimal, bound: Decimal, higher_is_better: bool) -> bool:
    return value >= bound if higher_is_better else value <= bound


def judge(value, target, *, higher_is_better=True, alert=None, critical=None) -> Status:
    """Judge a value, on the side given by the direction of improvement:

    * critical when past the critical threshold;
    * on alert when past the alert threshold, or, without an alert threshold, when the
      target is not reached;
    * on target otherwise.

    The alert threshold is thus the tolerance around the target. Without a value, or with
    nothing to judge against (no target, no threshold): no data.
    """
    if value is None or (target is None and alert is None and critical is None):
        return Status.NO_DATA
    value = Decimal(value)
    if critical is not None and not _at_least_as_good(value, Decimal(critical), higher_is_better):
        return Status.CRITICAL
    if alert is not None:
        if not _at_least_as_good(value, Decimal(alert), higher_is_better):
            return Status.ALERT
    elif target is not None and not _at_least_as_good(value, Decimal(target), higher_is_better):
        return Status.ALERT
    return Status.ON_TARGET


def attainment(statuses) -> float | None:
    """Share of indicators on target among those with data (None without data)."""
    judged = [s for s in statuses if s != Status.NO_DATA]
    if not judged:
        return None
    return sum(1 for s in judged if s == Status.ON_TARGET) / len(judged)
