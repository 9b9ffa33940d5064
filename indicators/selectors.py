"""Composed reads of the dashboards, the strategy map and the indicator page.

Each runs a fixed number of queries whatever the number of indicators and measurements
(pinned by tests/indicators/test_queries.py): the indicators come in one query with
their target of the year, and their last values in one more, a window function keeping
the last TREND_LENGTH measurements of each indicator. Statuses are judged in Python by
indicators.status, so the pages, the exports and the tests agree.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from qms.models import Service

from .charts import SeriesInput, format_value
from .models import (
    Frequency,
    Indicator,
    IndicatorTarget,
    Measurement,
    Objective,
    Period,
    Programme,
    StrategicAxis,
)
from .status import Status, attainment, judge

TREND_LENGTH = 24
"""How many of its last periods a dashboard row draws in its sparkline."""

ATTAINMENT_ON_TARGET = 0.8
ATTAINMENT_ALERT = 0.5
"""A node of the strategy map (or an objective) is green when at least 80 % of its
indicators with data are on target, orange from 50 %, red below; grey without data."""

Process = Indicator._meta.get_field("processes").related_model
"""processes.Process, reached through the indicators' link: `processes` is a sibling app,
which indicators does not import (DESIGN.md §1, dependency direction)."""

VISIBLE_OBJECTIVE_STATUSES = (
    Objective.Status.ACTIVE,
    Objective.Status.ACHIEVED,
    Objective.Status.NOT_ACHIEVED,
)
"""Draft and abandoned objectives stay off the dashboards and the map."""


def default_year(today: date | None = None) -> int:
    """The year of the last closed month: in January, the dashboards open on the year
    just ended rather than on an empty one."""
    today = today or timezone.localdate()
    return Period.last_closed(today, Frequency.MONTHLY).year


def attainment_status(share: float | None) -> Status:
    """The colour of an aggregated node, from its share of indicators on target."""
    if share is None:
        return Status.NO_DATA
    if share >= ATTAINMENT_ON_TARGET:
        return Status.ON_TARGET
    if share >= ATTAINMENT_ALERT:
        return Status.ALERT
    return Status.CRITICAL


def format_share(share: float | None) -> str:
    """A share of indicators on target as a percentage ("75 %"); '—' without data."""
    if share is None:
        return "—"
    return format_value(Decimal(round(100 * share)), "%")


class _Aggregate:
    """What an objective, an axis and the whole map share: attainment from their rows.
    Read once the tree is built (the attainment is then kept)."""

    rows: list

    @cached_property
    def attainment(self) -> float | None:
        return attainment(row.status for row in self.rows)

    @property
    def attainment_display(self) -> str:
        return format_share(self.attainment)

    @property
    def attainment_percent(self) -> int:
        return round(100 * (self.attainment or 0))

    @property
    def status(self) -> Status:
        return attainment_status(self.attainment)

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def on_target(self) -> int:
        return sum(1 for row in self.rows if row.status == Status.ON_TARGET)

    @property
    def judged(self) -> int:
        return sum(1 for row in self.rows if row.status != Status.NO_DATA)

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.rows)


# --- indicators with their values -------------------------------------------------------
@dataclass(frozen=True)
class Point:
    """One measurement, as rows and charts see it."""

    period: str
    start: date
    value: Decimal


@dataclass
class IndicatorRow:
    """An indicator judged for a year: its latest value in the year against the year's
    target, and its last values for the trend."""

    indicator: Indicator
    year: int
    target: Decimal | None
    trend: list[Point]  # oldest first, up to the end of the year
    on_dashboard: bool = True
    earlier_targets: dict[int, Decimal] = field(default_factory=dict)  # the trend's years

    @property
    def latest(self) -> Point | None:
        if self.trend and self.trend[-1].start.year == self.year:
            return self.trend[-1]
        return None

    @property
    def higher_is_better(self) -> bool:
        return self.indicator.direction == Indicator.Direction.HIGHER

    @cached_property
    def status(self) -> Status:
        latest = self.latest
        return judge(
            latest.value if latest else None, self.target,
            higher_is_better=self.higher_is_better,
            alert=self.indicator.alert_threshold, critical=self.indicator.critical_threshold,
        )

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def latest_display(self) -> str:
        latest = self.latest
        return format_value(latest.value if latest else None, self.indicator.unit)

    @property
    def target_display(self) -> str:
        return format_value(self.target, self.indicator.unit)

    def series(self) -> SeriesInput:
        """The trend as the charts take it, with the target of each of its years."""
        targets = dict(self.earlier_targets)
        if self.target is not None:
            targets[self.year] = self.target
        return SeriesInput(
            title=self.indicator.title, unit=self.indicator.unit, points=self.trend,
            targets=targets,
            higher_is_better=self.higher_is_better,
            alert=self.indicator.alert_threshold, critical=self.indicator.critical_threshold,
        )


def _target_of_year(year: int) -> Subquery:
    return Subquery(
        IndicatorTarget.objects.filter(indicator_id=OuterRef("pk"), year=year).values("value")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )


def judged_rows(indicators, year: int, *, trend_length: int = TREND_LENGTH) -> list[IndicatorRow]:
    """Rows for a queryset of indicators: the indicators with their target of `year`,
    then the last `trend_length` values of each up to the end of `year` (a window
    function), then, for a trend longer than one value, the targets of the earlier years
    it shows: three queries (two for trend_length=1)."""
    indicators = list(indicators.annotate(year_target=_target_of_year(year)))
    rows = {
        ind.pk: IndicatorRow(
            indicator=ind, year=year, target=ind.year_target, trend=[],
            on_dashboard=getattr(ind, "on_dashboard", True),
        )
        for ind in indicators
    }
    if not rows:
        return []
    values = (
        Measurement.objects.filter(
            indicator_id__in=list(rows), period_start__lt=date(year + 1, 1, 1)
        )
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("indicator_id")],
                        order_by=F("period_start").desc())
        )
        .filter(rank__lte=trend_length)
        .order_by("indicator_id", "period_start")
        .values_list("indicator_id", "period", "period_start", "value")
    )
    first_year = year
    for indicator_id, period, start, value in values:
        rows[indicator_id].trend.append(Point(period, start, value))
        first_year = min(first_year, start.year)
    if trend_length > 1:  # always, so that the number of queries does not depend on data
        earlier = IndicatorTarget.objects.filter(
            indicator_id__in=list(rows), year__gte=first_year, year__lt=year
        ).values_list("indicator_id", "year", "value")
        for indicator_id, target_year, value in earlier:
            rows[indicator_id].earlier_targets[target_year] = value
    return list(rows.values())


def status_counts(rows) -> dict[str, int]:
    counts = Counter(row.status for row in rows)
    return {status.value: counts.get(status, 0) for status in Status}


# --- objectives -----------------------------------------------------------------------------
@dataclass
class ObjectiveNode(_Aggregate):
    """An objective; its attainment is the share of its indicators on target."""

    objective: Objective
    rows: list[IndicatorRow] = field(default_factory=list)


def _objectives_in_year(year: int):
    return Objective.objects.filter(
        start_year__lte=year, end_year__gte=year, status__in=VISIBLE_OBJECTIVE_STATUSES
    )


def _links(objective_ids) -> dict[int, list[int]]:
    """{objective id: [indicator ids]} in one query."""
    links = defaultdict(list)
    pairs = Indicator.objectives.through.objects.filter(
        objective_id__in=objective_ids
    ).values_list("objective_id", "indicator_id")
    for objective_id, indicator_id in pairs:
        links[objective_id].append(indicator_id)
    return links


def _rows_of(indicator_ids, by_id) -> list[IndicatorRow]:
    """The rows of an objective's active indicators, by code."""
    rows = [by_id[pk] for pk in indicator_ids if pk in by_id]
    return sorted(rows, key=lambda row: row.indicator.code)


# --- the service dashboard -------------------------------------------------------------------
@dataclass
class ServiceDashboard:
    service: Service
    year: int
    process: Process | None
    rows: list[IndicatorRow]
    objectives: list[ObjectiveNode]
    processes: list[Process]
    years: list[int]

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.rows)

    @property
    def attainment_display(self) -> str:
        return format_share(attainment(row.status for row in self.rows))


def service_dashboard(service: Service, year: int, process: Process | None = None
                      ) -> ServiceDashboard:
    """Every active indicator of the service (of the process, if given) judged for the
    year, with its trend; the service's objectives of the year and their attainment.
    Six queries."""
    objectives = _objectives_in_year(year).filter(service=service)
    in_process = None
    if process is not None:
        in_process = Indicator.processes.through.objects.filter(process=process).values(
            "indicator_id"
        )
        objectives = objectives.filter(
            Q(processes=process) | Q(pk__in=Objective.indicators.through.objects.filter(
                indicator_id__in=in_process).values("objective_id"))
        ).distinct()
    objectives = list(objectives.select_related("owner").order_by("kind", "code"))
    links = _links([o.pk for o in objectives])

    scope = Q(service_id=service.pk)
    if in_process is not None:
        scope &= Q(pk__in=in_process)
    linked = {pk for ids in links.values() for pk in ids}
    indicators = (
        Indicator.objects.filter(is_active=True)
        .filter(scope | Q(pk__in=linked))
        .annotate(on_dashboard=Case(When(scope, then=Value(True)), default=Value(False),
                                    output_field=BooleanField()))
        .select_related("service", "owner")
        .order_by("code")
    )
    rows = judged_rows(indicators, year)
    by_id = {row.indicator.pk: row for row in rows}
    nodes = [ObjectiveNode(o, _rows_of(links.get(o.pk, []), by_id)) for o in objectives]
    processes = list(
        Process.objects.filter(
            pk__in=Indicator.processes.through.objects.filter(
                indicator__service=service, indicator__is_active=True
            ).values("process_id")
        ).order_by("code")
    )
    span = Measurement.objects.filter(indicator__service=service).aggregate(
        first=Min("period_start"), last=Max("period_start")
    )
    return ServiceDashboard(
        service=service, year=year, process=process,
        rows=[row for row in rows if row.on_dashboard], objectives=nodes,
        processes=processes, years=_years(span, year),
    )


def _years(span: dict, year: int) -> list[int]:
    """The years a filter offers: those with values, this year and the one asked."""
    first = span["first"].year if span.get("first") else year
    last = span["last"].year if span.get("last") else year
    current = timezone.localdate().year
    return list(range(max(min(first, year, current), 2000), max(last, year, current) + 1))[::-1]


def _sort_key(text: str) -> str:
    """French order: "État civil" between "Enfance" and "Finances", not after "Voirie"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# --- the index: the dashboards a user may open --------------------------------------------------
@dataclass
class ServiceSummary:
    service: Service
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def dashboard_summaries(services, year: int) -> list[ServiceSummary]:
    """The services (a queryset) with the status counts of their active indicators:
    three queries."""
    services = sorted(
        services.select_related("parent"),
        key=lambda s: (_sort_key(s.parent.name if s.parent else ""), _sort_key(s.name)),
    )
    rows = judged_rows(
        Indicator.objects.filter(is_active=True, service__in=[s.pk for s in services]),
        year, trend_length=1,
    )
    by_service = defaultdict(list)
    for row in rows:
        by_service[row.indicator.service_id].append(row)
    return [ServiceSummary(s, status_counts(by_service.get(s.pk, []))) for s in services]


# --- the strategy map ----------------------------------------------------------------------------
def _distinct_rows(nodes) -> list[IndicatorRow]:
    """The rows under these nodes, each indicator once even if it serves several."""
    seen = {}
    for node in nodes:
        for row in node.rows:
            seen.setdefault(row.indicator.pk, row)
    return list(seen.values())


@dataclass
class AxisNode(_Aggregate):
    """An axis; its attainment is the share of all the indicators under it on target."""

    axis: StrategicAxis
    objectives: list[ObjectiveNode] = field(default_factory=list)

    @property
    def rows(self) -> list[IndicatorRow]:
        return _distinct_rows(self.objectives)


@dataclass
class StrategyMap(_Aggregate):
    programme: Programme
    year: int
    axes: list[AxisNode]

    @property
    def rows(self) -> list[IndicatorRow]:
        return _distinct_rows(self.axes)


def active_programmes() -> list[Programme]:
    return list(Programme.objects.filter(is_active=True).order_by("-start_year"))


def pick_programme(programmes: list[Programme], year: int | None = None) -> Programme | None:
    """Among the active programmes (latest first), the one covering the year, else the
    latest."""
    for programme in programmes:
        if year is not None and programme.start_year <= year <= programme.end_year:
            return programme
    return programmes[0] if programmes else None


def strategy_map(programme: Programme, year: int) -> StrategyMap:
    """Axes → strategic objectives → active indicators, each judged for the year and
    aggregated upward. Five queries."""
    axes = [AxisNode(axis) for axis in programme.axes.order_by("order", "code")]
    by_axis = {node.axis.pk: node for node in axes}
    objectives = list(
        _objectives_in_year(year)
        .filter(kind=Objective.Kind.STRATEGIC, axis__programme=programme)
        .select_related("service", "owner")
        .order_by("code")
    )
    links = _links([o.pk for o in objectives])
    linked = {pk for ids in links.values() for pk in ids}
    rows = judged_rows(
        Indicator.objects.filter(is_active=True, pk__in=linked)
        .select_related("service")
        .order_by("code"),
        year,
    )
    by_id = {row.indicator.pk: row for row in rows}
    for objective in objectives:
        node = ObjectiveNode(objective, _rows_of(links.get(objective.pk, []), by_id))
        by_axis[objective.axis_id].objectives.append(node)
    return StrategyMap(programme=programme, year=year, axes=axes)


# --- the indicator page -------------------------------------------------------------------------
@dataclass(frozen=True)
class Correction:
    """A value replaced by a correction: who corrected it, when and why."""

    previous_value: Decimal
    previous_display: str
    corrected_at: object
    corrected_by: object
    reason: str


@dataclass
class MeasurementLine:
    measurement: Measurement
    status: Status
    target: Decimal | None
    corrections: list[Correction]  # newest first

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def value_display(self) -> str:
        return format_value(self.measurement.value, self.measurement.indicator.unit)

    @property
    def target_display(self) -> str:
        return format_value(self.target, self.measurement.indicator.unit)


@dataclass
class IndicatorSheet:
    indicator: Indicator
    targets: list[IndicatorTarget]
    processes: list[Process]
    objectives: list[Objective]
    lines: list[MeasurementLine]  # oldest first

    def series(self) -> SeriesInput:
        ind = self.indicator
        return SeriesInput(
            title=ind.title, unit=ind.unit,
            points=[Point(m.measurement.period, m.measurement.period_start,
                          m.measurement.value) for m in self.lines],
            targets={t.year: t.value for t in self.targets},
            higher_is_better=ind.direction == Indicator.Direction.HIGHER,
            alert=ind.alert_threshold, critical=ind.critical_threshold,
        )


def indicator_sheet(indicator: Indicator) -> IndicatorSheet:
    """The sheet, its targets, processes and objectives, every value with who entered it,
    how and when, and its earlier values (corrections) from the history: five queries."""
    targets = list(indicator.targets.order_by("year"))
    by_year = {t.year: t.value for t in targets}
    measurements = list(
        indicator.measurements.select_related("entered_by", "feed_application")
        .order_by("period_start")
    )
    history = defaultdict(list)
    for record in (
        Measurement.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("-history_date")
    ):
        history[record.id].append(record)
    higher = indicator.direction == Indicator.Direction.HIGHER
    lines = []
    for m in measurements:
        target = by_year.get(m.period_start.year)
        status = judge(m.value, target, higher_is_better=higher,
                       alert=indicator.alert_threshold, critical=indicator.critical_threshold)
        corrections = _corrections(history.get(m.pk, []), indicator.unit)
        lines.append(MeasurementLine(m, status, target, corrections))
    return IndicatorSheet(
        indicator=indicator,
        targets=targets,
        processes=list(indicator.processes.order_by("code")),
        objectives=list(indicator.objectives.select_related("axis").order_by("kind", "code")),
        lines=lines,
    )


def _corrections(records, unit: str) -> list[Correction]:
    """From a measurement's historical records, newest first: each change of value, the
    reason being on the record that made the change."""
    corrections = []
    for newer, older in zip(records, records[1:], strict=False):
        if newer.value != older.value:
            corrections.append(Correction(
                previous_value=older.value, previous_display=format_value(older.value, unit),
                corrected_at=newer.history_date,
                corrected_by=newer.history_user, reason=newer.history_change_reason or "",
            ))
    return corrections
