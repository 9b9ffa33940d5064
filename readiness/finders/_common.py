"""What the evidence finders share: dates and ages, page URLs without queries, coverage
from counts, and gap lists kept short."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from qms.evidence import CURRENT_DAYS, MAX_ITEMS, Coverage, EvidenceItem, KindResult, limited


def since(today: datetime.date) -> datetime.date:
    """The first day a record still counts as current evidence on `today`."""
    return today - datetime.timedelta(days=CURRENT_DAYS)


def months_since(day: datetime.date, today: datetime.date) -> int:
    """Whole months from `day` to `today` (at least 1 for a day in the past)."""
    delta = relativedelta(today, day)
    return max(1, delta.years * 12 + delta.months)


def as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def fmt(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def page_url(page_id: int, url_path: str) -> str:
    """The URL of a Wagtail page from its id and url_path, without loading it (the site
    root paths come from Wagtail's cache)."""
    from wagtail.models import Page

    if not url_path:
        return ""
    return Page(id=page_id, url_path=url_path).get_url() or ""


def coverage_of(good: int, total: int) -> str:
    """COVERED when every record checked is good, MISSING when none is (or there is
    nothing), PARTLY in between."""
    if total and good == total:
        return Coverage.COVERED
    if good:
        return Coverage.PARTLY
    return Coverage.MISSING


def capped(gaps: list[str], rest: Callable[[int], str]) -> list[str]:
    """The first MAX_ITEMS gaps, the others summed up by ``rest(count)``."""
    if len(gaps) <= MAX_ITEMS:
        return gaps
    return gaps[:MAX_ITEMS] + [rest(len(gaps) - MAX_ITEMS)]


def result(coverage: str, items: list[EvidenceItem], gaps: Iterable[str] = ()) -> KindResult:
    listed, more = limited(items)
    return KindResult(coverage=coverage, items=listed, more=more, gaps=list(gaps))


def reviewed_detail(day: datetime.date | None) -> str:
    return _("reviewed on %(date)s") % {"date": fmt(day)} if day else _("never reviewed")


def joined(values: list[str]) -> str:
    """Up to MAX_ITEMS values, comma-separated, with an ellipsis beyond."""
    text = ", ".join(values[:MAX_ITEMS])
    return text + ", …" if len(values) > MAX_ITEMS else text
