"""The inputs of a management review (§9.3.2), compiled from the other modules.

A registry maps each section key (models.Section) to a compiler
``compiler(*, start: date, end: date) -> dict`` returning JSON-serialisable data::

    {"available": True,
     "figures": [{"label": "Late actions", "value": 3}],
     "tables": [{"title": "…", "columns": ["…"], "rows": [{"cells": ["…"], "url": "/…"}],
                 "more_url": "/…"}],
     "chart": {"title": "…", "unit": "%", "labels": ["…"], "series": [{"name": "…",
               "values": [1, 2]}]} or None,
     "notes": ["…"]}

A review reads summaries, not registers: compile() keeps the first TABLE_ROWS rows of each
table — compilers put the most telling first (late, critical, lowest) — with the table's
``total`` and its ``more_url``, the page listing them all.

Labels are stored as text in the language of the compilation: a validated review keeps
what it showed. A section without a compiler compiles to ``{"available": False}`` and
shows "No data: module not available"; the manual section d) (resources) compiles to
``{"available": True, "manual": True}``.

Modules plug their sections in two ways, neither making them import reviews:

* the conventional module ``<app>.review_inputs`` with the functions named in
  DEFAULT_COMPILERS below (audits, compliance, feedback, providers): registered by dotted path
  and imported when a review is compiled — absent module, section unavailable;
* or ``reviews.inputs.register_section(key, compiler)`` from an AppConfig.ready
  (a callable or a dotted path), which replaces the default.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from importlib import import_module

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.snapshots import chart, figure, row, table
from qms.snapshots import short_date as _date

from .models import MANUAL_SECTIONS, Section

UNAVAILABLE = gettext_lazy("No data: module not available")
"""French: « Aucune donnée : module non disponible »."""

Compiler = Callable[..., dict]

#: The rows a table keeps in a snapshot; the rest are counted and linked.
TABLE_ROWS = 15

_registry: dict[str, Compiler | str] = {}

#: Sections the modules of issue 5 provide, by convention, in <app>/review_inputs.py.
DEFAULT_COMPILERS = {
    Section.SATISFACTION: "feedback.review_inputs.satisfaction",
    Section.NONCONFORMITIES: "audits.review_inputs.nonconformities",
    Section.AUDITS: "audits.review_inputs.audit_results",
    Section.PROVIDERS: "providers.review_inputs.provider_performance",
}


def register_section(key: str, compiler: Compiler | str) -> None:
    """Register the compiler of a section (replacing any earlier one)."""
    if key not in Section.values:
        raise ValueError(f"Unknown review section {key!r}; expected one of {Section.values}")
    _registry[key] = compiler


def unregister_section(key: str) -> None:
    _registry.pop(key, None)


def _resolve(compiler: Compiler | str) -> Compiler | None:
    if callable(compiler):
        return compiler
    module_path, _dot, name = compiler.rpartition(".")
    try:
        module = import_module(module_path)
    except ModuleNotFoundError as error:
        # Only the module itself missing means "not installed yet"; an import error
        # inside it is a bug that must show.
        if error.name and module_path.startswith(error.name):
            return None
        raise
    return getattr(module, name, None)


def compiler_for(key: str) -> Compiler | None:
    entry = _registry.get(key)
    return _resolve(entry) if entry is not None else None


def unavailable() -> dict:
    return {"available": False}


def compile(section: str, *, start: datetime.date, end: datetime.date) -> dict:  # noqa: A001
    """The data of one section for the period [start, end]."""
    if section in MANUAL_SECTIONS:
        return {"available": True, "manual": True}
    compiler = compiler_for(section)
    if compiler is None:
        return unavailable()
    data = compiler(start=start, end=end)
    data.setdefault("available", True)
    for key in ("figures", "tables", "notes"):
        data.setdefault(key, [])
    data.setdefault("chart", None)
    data["tables"] = [summarise(t) for t in data["tables"]]
    return data


def summarise(data: dict, limit: int | None = None) -> dict:
    """The table with its first `limit` (TABLE_ROWS) rows, its total and the link to the
    full list."""
    rows = data.get("rows", [])
    limit = TABLE_ROWS if limit is None else limit
    return {**data, "rows": rows[:limit], "total": data.get("total", len(rows)),
            "more_url": data.get("more_url", "")}


# --- building blocks (qms.snapshots, shared with the modules that compile sections) -------
def section_data(*, figures=(), tables=(), chart=None, notes=()) -> dict:  # noqa: A002
    return {"available": True, "figures": list(figures), "tables": list(tables),
            "chart": chart, "notes": [str(n) for n in notes]}


def _action_url(action) -> str:
    return reverse("actions:detail", kwargs={"pk": action.pk})


def _status_counts_figures(actions, today) -> list[dict]:
    from actions.models import Action

    counts = Counter(a.status for a in actions)
    late = sum(1 for a in actions if a.is_open and a.due_date < today)
    effective = sum(1 for a in actions if a.effectiveness_verdict == Action.Verdict.EFFECTIVE)
    figures = [figure(_("Actions"), len(actions))]
    figures += [figure(label, counts.get(value, 0)) for value, label in Action.Status.choices]
    figures += [figure(_("Late"), late), figure(_("Checked effective"), effective)]
    return figures


# --- a) actions from previous reviews ---------------------------------------------------------
def previous_actions(*, start, end) -> dict:
    """The actions decided by the management reviews whose period ended before this one."""
    from actions.models import Action

    from .models import ReviewDecision

    today = timezone.localdate()
    decisions = ReviewDecision.objects.filter(review__period_end__lt=start)
    actions = list(
        Action.objects.filter(
            source_content_type=ContentType.objects.get_for_model(ReviewDecision),
            source_object_id__in=decisions.values("pk"),
        ).select_related("owner", "service").order_by("due_date", "reference")
    )
    # Late ones first, then the open ones, then the rest by due date.
    actions.sort(key=lambda a: (not (a.is_open and a.due_date < today), not a.is_open))
    counts = Counter(a.status for a in actions)
    rows = [
        row(a.reference, a.title, a.source_label, a.owner, a.service.name, _date(a.due_date),
            a.get_status_display(), _("late by %(days)s days") % {"days": (today - a.due_date).days}
            if a.is_open and a.due_date < today else "", url=_action_url(a))
        for a in actions
    ]
    return section_data(
        figures=_status_counts_figures(actions, today),
        tables=[table(_("Actions decided by previous reviews"),
                      [_("Reference"), _("Action"), _("Decision"), _("Owner"), _("Service"),
                       _("Due date"), _("Status"), _("Lateness")], rows,
                      more_url=reverse("actions:plan") + "?source=reviewdecision")],
        chart=chart(_("Actions from previous reviews by status"),
                    [label for _value, label in Action.Status.choices],
                    [(_("Actions"), [counts.get(v, 0) for v in Action.Status.values])]),
        notes=[] if actions else [_("No action was decided by a previous review.")],
    )


# --- b) context -------------------------------------------------------------------------------
def _changes(model, start, end) -> list[tuple]:
    """(latest record, 'created' | 'changed' | 'archived', date) of each row of `model`
    created or changed in the period, from its history."""
    records = model.history.filter(
        history_date__date__gte=start, history_date__date__lte=end
    ).order_by("id", "history_date")
    by_id = defaultdict(list)
    for record in records:
        by_id[record.id].append(record)
    changes = []
    for history in by_id.values():
        last = history[-1]
        if any(r.history_type == "+" for r in history):
            kind = _("created")
        elif not last.is_active or last.history_type == "-":
            kind = _("archived")
        else:
            kind = _("changed")
        changes.append((last, kind, last.history_date))
    return sorted(changes, key=lambda change: change[2], reverse=True)


def context_changes(*, start, end) -> dict:
    from processes.models import ContextIssue, InterestedParty

    url = reverse("processes:context")
    issues = _changes(ContextIssue, start, end)
    parties = _changes(InterestedParty, start, end)
    kinds = dict(ContextIssue.Kind.choices)
    trends = dict(ContextIssue.Trend.choices)
    categories = dict(InterestedParty.Category.choices)
    created = _("created")
    return section_data(
        figures=[
            figure(_("Issues created"), sum(1 for c in issues if c[1] == created)),
            figure(_("Issues changed or archived"), sum(1 for c in issues if c[1] != created)),
            figure(_("Interested parties created"), sum(1 for c in parties if c[1] == created)),
            figure(_("Interested parties changed or archived"),
                   sum(1 for c in parties if c[1] != created)),
            figure(_("Active issues"), ContextIssue.objects.active().count()),
            figure(_("Active interested parties"), InterestedParty.objects.active().count()),
        ],
        tables=[
            table(_("Internal and external issues"),
                  [_("Issue"), _("Kind"), _("Trend"), _("Change"), _("Date")],
                  [row(r.title, kinds.get(r.kind, r.kind), trends.get(r.trend, r.trend), kind,
                       _date(when), url=url) for r, kind, when in issues], more_url=url),
            table(_("Interested parties"),
                  [_("Interested party"), _("Category"), _("Change"), _("Date")],
                  [row(r.name, categories.get(r.category, r.category), kind, _date(when),
                       url=url) for r, kind, when in parties], more_url=url),
        ],
        notes=[] if issues or parties else [
            _("No issue or interested party was created or changed in the period.")],
    )


# --- c2) objectives ---------------------------------------------------------------------------
def objectives(*, start, end) -> dict:
    """The objectives of the period's last year, with the share of their indicators on
    target (the strategy map's rule)."""
    from indicators.models import Indicator, Objective
    from indicators.selectors import (
        VISIBLE_OBJECTIVE_STATUSES,
        ObjectiveNode,
        format_share,
        judged_rows,
    )
    from indicators.status import Status as IndicatorStatus
    from indicators.status import attainment

    SEVERITY = {IndicatorStatus.CRITICAL: 0, IndicatorStatus.ALERT: 1,  # noqa: N806
                IndicatorStatus.NO_DATA: 2, IndicatorStatus.ON_TARGET: 3}
    year = end.year
    objectives = list(
        Objective.objects.filter(start_year__lte=year, end_year__gte=year,
                                 status__in=VISIBLE_OBJECTIVE_STATUSES)
        .select_related("service").order_by("kind", "code")
    )
    links = defaultdict(list)
    for objective_id, indicator_id in Indicator.objectives.through.objects.filter(
        objective_id__in=[o.pk for o in objectives]
    ).values_list("objective_id", "indicator_id"):
        links[objective_id].append(indicator_id)
    linked = {pk for ids in links.values() for pk in ids}
    rows = judged_rows(Indicator.objects.filter(is_active=True, pk__in=linked), year)
    by_id = {r.indicator.pk: r for r in rows}
    nodes = [ObjectiveNode(o, [by_id[pk] for pk in links.get(o.pk, []) if pk in by_id])
             for o in objectives]
    by_status = Counter(node.status for node in nodes)
    nodes.sort(key=lambda node: SEVERITY.get(node.status, len(SEVERITY)))
    overall = attainment(r.status for r in rows)
    return section_data(
        figures=[
            figure(_("Objectives of %(year)s") % {"year": year}, len(nodes)),
            figure(_("On target"), by_status.get(IndicatorStatus.ON_TARGET, 0)),
            figure(_("On alert"), by_status.get(IndicatorStatus.ALERT, 0)),
            figure(_("Critical"), by_status.get(IndicatorStatus.CRITICAL, 0)),
            figure(_("Without data"), by_status.get(IndicatorStatus.NO_DATA, 0)),
            figure(_("Indicators on target"), format_share(overall)),
        ],
        tables=[table(
            _("Objectives and their attainment"),
            [_("Code"), _("Objective"), _("Service"), _("Indicators on target"),
             _("Attainment"), _("Status")],
            [row(n.objective.code, n.objective.title, n.objective.service.name,
                 f"{n.on_target} / {n.judged}", n.attainment_display, n.status_label)
             for n in nodes],
            more_url=reverse("indicators:strategy_map"),
        )],
        chart=chart(_("Objectives by status"),
                    [label for _value, label in IndicatorStatus.choices],
                    [(_("Objectives"), [by_status.get(v, 0) for v in IndicatorStatus.values])]),
        notes=[] if nodes else [_("No objective covers %(year)s.") % {"year": year}],
    )


# --- c3) processes ----------------------------------------------------------------------------
SHARE_BANDS = [(0.25, "< 25 %"), (0.5, "25–50 %"), (0.75, "50–75 %"), (1.0, "75–99 %"),
               (None, "100 %")]


def _banded(shares) -> list[int]:
    """How many shares fall in each of SHARE_BANDS (whatever the number of processes)."""
    counts = [0] * len(SHARE_BANDS)
    for share in shares:
        counts[next((i for i, (bound, _label) in enumerate(SHARE_BANDS)
                     if bound is not None and share < bound), len(SHARE_BANDS) - 1)] += 1
    return counts


def processes(*, start, end) -> dict:
    """Each active process with its indicators judged for the period's last year, and the
    process reviews of the period."""
    from indicators.models import Indicator
    from indicators.selectors import format_share, judged_rows
    from indicators.status import Status as IndicatorStatus
    from indicators.status import attainment
    from processes.models import Process

    from .models import ProcessReview

    year = end.year
    process_list = list(Process.objects.active().select_related("pilot").order_by("code"))
    links = defaultdict(list)
    for process_id, indicator_id in Indicator.processes.through.objects.filter(
        process_id__in=[p.pk for p in process_list], indicator__is_active=True,
    ).values_list("process_id", "indicator_id"):
        links[process_id].append(indicator_id)
    rows = judged_rows(Indicator.objects.filter(pk__in={i for ids in links.values()
                                                        for i in ids}), year, trend_length=1)
    by_id = {r.indicator.pk: r for r in rows}
    lines = []
    for process in process_list:
        statuses = [by_id[pk].status for pk in links.get(process.pk, []) if pk in by_id]
        counts = Counter(statuses)
        share = attainment(statuses)
        lines.append((share, process, row(
            process.code, process.name, process.pilot or "—", len(statuses),
            counts.get(IndicatorStatus.ON_TARGET, 0), counts.get(IndicatorStatus.ALERT, 0),
            counts.get(IndicatorStatus.CRITICAL, 0), counts.get(IndicatorStatus.NO_DATA, 0),
            format_share(share), url=process.get_absolute_url(),
        )))
    # The processes furthest from their targets first; those without judged indicators last.
    lines.sort(key=lambda line: (line[0] is None, line[0] or 0, line[1].code))
    shares = [line[0] for line in lines if line[0] is not None]
    reviews = list(
        ProcessReview.objects.filter(period_start__lte=end, period_end__gte=start)
        .select_related("process").order_by("process__code", "period_start")
    )
    return section_data(
        figures=[
            figure(_("Active processes"), len(process_list)),
            figure(_("Processes without indicator"),
                   sum(1 for p in process_list if not links.get(p.pk))),
            figure(_("Process reviews"), len(reviews)),
            figure(_("Process reviews validated"), sum(1 for r in reviews if r.is_validated)),
        ],
        tables=[
            table(_("Indicators by process (%(year)s)") % {"year": year},
                  [_("Code"), _("Process"), _("Pilot"), _("Indicators"), _("On target"),
                   _("On alert"), _("Critical"), _("Without data"), _("Share on target")],
                  [line[2] for line in lines], more_url=reverse("processes:index")),
            table(_("Process reviews of the period"),
                  [_("Process"), _("Period"), _("Held on"), _("Status")],
                  [row(f"{r.process.code} — {r.process.name}",
                       f"{_date(r.period_start)} – {_date(r.period_end)}", _date(r.held_on),
                       r.get_status_display(), url=r.get_absolute_url()) for r in reviews],
                  more_url=reverse("reviews:list")),
        ],
        chart=chart(_("Processes by share of indicators on target"),
                    [label for _bound, label in SHARE_BANDS],
                    [(_("Processes"), _banded(shares))]),
    )


# --- c5) monitoring and measurement -----------------------------------------------------------
def monitoring(*, start, end) -> dict:
    """Every active indicator judged for the period's last year; the values entered in the
    period; the indicators off target."""
    from indicators.models import Indicator, Measurement
    from indicators.selectors import judged_rows, status_counts
    from indicators.status import Status as IndicatorStatus

    year = end.year
    rows = judged_rows(Indicator.objects.filter(is_active=True).select_related("service")
                       .order_by("code"), year, trend_length=1)
    counts = status_counts(rows)
    measured = Measurement.objects.filter(period_start__gte=start, period_start__lte=end)
    off = [r for r in rows if r.status in (IndicatorStatus.CRITICAL, IndicatorStatus.ALERT)]
    off.sort(key=lambda r: (r.status != IndicatorStatus.CRITICAL, r.indicator.code))
    labels = dict(IndicatorStatus.choices)
    return section_data(
        figures=[
            figure(_("Active indicators"), len(rows)),
            figure(_("Values recorded for the period"), measured.count()),
            figure(_("Indicators measured in the period"),
                   measured.values("indicator_id").distinct().count()),
            *(figure(labels[key], counts[key]) for key in IndicatorStatus.values),
        ],
        tables=[table(
            _("Indicators off target in %(year)s") % {"year": year},
            [_("Code"), _("Indicator"), _("Service"), _("Latest value"), _("Target"),
             _("Status")],
            [row(r.indicator.code, r.indicator.title, r.indicator.service.name,
                 r.latest_display, r.target_display, r.status_label,
                 url=reverse("indicators:indicator_detail", args=[r.indicator.code]))
             for r in off],
            more_url=reverse("indicators:index"),
        )],
        chart=chart(_("Indicators by status in %(year)s") % {"year": year},
                    [labels[key] for key in IndicatorStatus.values],
                    [(_("Indicators"), [counts[key] for key in IndicatorStatus.values])]),
    )


# --- e) risks and opportunities ---------------------------------------------------------------
def risk_actions(*, start, end) -> dict:
    """The treatment actions of the risks and opportunities alive in the period (not
    closed before it), and the shift from initial to residual criticality."""
    from actions.models import Action
    from processes.models import Criticality, Risk

    today = timezone.localdate()
    actions = list(
        Action.objects.filter(source_content_type=ContentType.objects.get_for_model(Risk),
                              created_at__date__lte=end)
        .exclude(Q(completed_at__lt=start) | Q(status=Action.Status.CANCELLED))
        .select_related("owner", "service")
    )
    by_risk = defaultdict(list)
    for action in actions:
        by_risk[action.source_object_id].append(action)
    risks = list(Risk.objects.active().filter(
        Q(treatment__in=Risk.ACTING_TREATMENTS) | Q(pk__in=list(by_risk))
    ).select_related("sheet__process").order_by("reference"))
    scored = [r for r in risks if r.residual_criticality is not None]
    lowered = [r for r in scored if r.residual_criticality < r.criticality]
    levels = list(Criticality)
    initial = Counter(r.criticality_level for r in risks)
    residual = Counter(r.residual_level for r in scored)

    def average(values):
        values = list(values)
        return round(sum(values) / len(values), 1) if values else "—"

    # The most critical after treatment first (initial criticality when not re-rated).
    risks.sort(key=lambda r: (-(r.residual_criticality or r.criticality), r.reference))
    rows = []
    for r in risks:
        mine = by_risk.get(r.pk, [])
        done = sum(1 for a in mine if a.status == Action.Status.DONE)
        rows.append(row(
            r.reference, r.title, r.get_kind_display(),
            f"{r.criticality} ({r.criticality_level.label})",
            f"{r.residual_criticality} ({r.residual_level.label})" if r.residual_criticality
            else "—",
            f"{done} / {len(mine)}",
            url=reverse("processes:risk_sheet", args=[r.sheet_id]),
        ))
    return section_data(
        figures=[
            *_status_counts_figures(actions, today),
            figure(_("Risks and opportunities treated"), len(risks)),
            figure(_("With a residual rating"), len(scored)),
            figure(_("Criticality lowered"), len(lowered)),
            figure(_("Average initial criticality"), average(r.criticality for r in scored)),
            figure(_("Average residual criticality"),
                   average(r.residual_criticality for r in scored)),
        ],
        tables=[table(_("Risks and opportunities with treatment"),
                      [_("Reference"), _("Risk or opportunity"), _("Kind"),
                       _("Initial criticality"), _("Residual criticality"),
                       _("Actions done")], rows,
                      more_url=reverse("processes:risk_register"))],
        chart=chart(_("Risks by level, initial and residual"),
                    [level.label for level in levels],
                    [(_("Initial"), [initial.get(level, 0) for level in levels]),
                     (_("Residual"), [residual.get(level, 0) for level in levels])]),
    )


# --- f) opportunities for improvement ---------------------------------------------------------
def improvement(*, start, end) -> dict:
    from actions.models import Action
    from processes.models import Risk

    today = timezone.localdate()
    improvements = Action.objects.filter(kind=Action.Kind.IMPROVEMENT)
    open_actions = list(improvements.open().select_related("owner", "service")
                        .order_by("due_date", "reference"))
    opportunities = list(Risk.objects.active().filter(kind=Risk.Kind.OPPORTUNITY)
                         .select_related("sheet__process").order_by("reference"))
    opportunities.sort(key=lambda o: -o.criticality)
    return section_data(
        figures=[
            figure(_("Open improvement actions"), len(open_actions)),
            figure(_("Improvement actions opened in the period"),
                   improvements.filter(created_at__date__gte=start,
                                       created_at__date__lte=end).count()),
            figure(_("Improvement actions completed in the period"),
                   improvements.filter(completed_at__gte=start, completed_at__lte=end).count()),
            figure(_("Opportunities"), len(opportunities)),
            figure(_("Opportunities pursued"), sum(
                1 for o in opportunities if o.treatment == Risk.Treatment.PURSUE)),
        ],
        tables=[
            table(_("Open improvement actions"),
                  [_("Reference"), _("Action"), _("Source"), _("Owner"), _("Service"),
                   _("Due date"), _("Status")],
                  [row(a.reference, a.title, a.source_label or "—", a.owner, a.service.name,
                       _date(a.due_date), a.get_status_display()
                       + (f" ({_('late')})" if a.due_date < today else ""),
                       url=_action_url(a)) for a in open_actions],
                  more_url=reverse("actions:plan") + "?kind=improvement"),
            table(_("Opportunities"),
                  [_("Reference"), _("Opportunity"), _("Process"), _("Decision"),
                   _("Score")],
                  [row(o.reference, o.title,
                       o.sheet.process.code if o.sheet.process_id else "—",
                       o.get_treatment_display() or _("Not decided yet"), o.criticality,
                       url=reverse("processes:risk_sheet", args=[o.sheet_id]))
                   for o in opportunities],
                  more_url=reverse("processes:risk_register") + "?kind=opportunity"),
        ],
    )


for _key, _compiler in {
    Section.PREVIOUS_ACTIONS: previous_actions,
    Section.CONTEXT: context_changes,
    Section.OBJECTIVES: objectives,
    Section.PROCESSES: processes,
    Section.MONITORING: monitoring,
    Section.RISKS: risk_actions,
    Section.IMPROVEMENT: improvement,
    **DEFAULT_COMPILERS,
}.items():
    register_section(_key, _compiler)
