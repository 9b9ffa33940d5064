"""Composed reads of the process register, the map and the context, each in a fixed
number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from actions.models import Action
from actions.permissions import visible_actions
from actions.selectors import actions_for

from .models import ContextIssue, Criticality, InterestedParty, Process, ProcessInteraction, Risk

FAMILY_ORDER = [Process.Family.MANAGEMENT, Process.Family.REALISATION, Process.Family.SUPPORT]


# --- the map --------------------------------------------------------------------------------
@dataclass
class MapData:
    processes: list[Process]
    interactions: list[ProcessInteraction]


def map_data() -> MapData:
    """The active processes in their map order and the interactions between them
    (two queries). Archived processes are not drawn, nor their arrows."""
    processes = list(
        Process.objects.active().order_by("map_order", "code").only(
            "pk", "code", "name", "family", "map_order", "status", "service"
        )
    )
    interactions = list(
        ProcessInteraction.objects.filter(
            source__status=Process.Status.ACTIVE, target__status=Process.Status.ACTIVE
        ).select_related("source", "target").order_by("source__code", "target__code")
    )
    return MapData(processes, interactions)


# --- the register -----------------------------------------------------------------------------
def register(*, family: str = "", service=None, include_archived: bool = False):
    """The processes of the register with what its table shows (four queries): pilot,
    owner service, services involved, process sheet, and the counts of indicators and
    risks."""
    processes = Process.objects.all() if include_archived else Process.objects.active()
    if family:
        processes = processes.filter(family=family)
    if service is not None:
        processes = processes.filter(Q(service=service) | Q(services=service)).distinct()
    return (
        processes.select_related("pilot", "service", "process_sheet")
        .prefetch_related("services")
        .annotate(
            indicator_count=Count("indicators", filter=Q(indicators__is_active=True),
                                  distinct=True),
            risk_count=Count("risk_sheet__risks", filter=Q(risk_sheet__risks__is_active=True),
                             distinct=True),
        )
        .order_by("map_order", "code")
    )


def register_by_family(processes) -> list[tuple[str, str, list[Process]]]:
    """(family, label, processes) in the map's order, leaving out empty families."""
    labels = dict(Process.Family.choices)
    groups = {family: [] for family in FAMILY_ORDER}
    for process in processes:
        groups.setdefault(process.family, []).append(process)
    return [(family, labels.get(family, family), rows) for family, rows in groups.items()
            if rows]


# --- one process ------------------------------------------------------------------------------
@dataclass
class RiskSummary:
    sheet: object | None
    risks: int = 0
    opportunities: int = 0
    by_level: list[tuple[str, str, int]] = field(default_factory=list)  # level, label, count
    overdue: int = 0


@dataclass
class ProcessPage:
    process: Process
    sheet: object | None  # the process sheet in force, or None
    upstream: list[ProcessInteraction]
    downstream: list[ProcessInteraction]
    indicators: list
    objectives: list
    documents: list
    context_issues: list[ContextIssue]
    interested_parties: list[InterestedParty]
    risks: RiskSummary
    actions: list[Action]


def process_for_page(code: str) -> Process | None:
    return (
        Process.objects.select_related("pilot", "service", "process_sheet")
        .prefetch_related("services")
        .filter(code=code).first()
    )


def process_page(process: Process, user) -> ProcessPage:
    """Everything the page of a process shows, in a fixed number of queries."""
    sheet = process.process_sheet
    if sheet is not None and not sheet.live:
        sheet = None
    upstream = list(process.incoming_interactions.select_related("source")
                    .order_by("source__family", "source__code"))
    downstream = list(process.outgoing_interactions.select_related("target")
                      .order_by("target__family", "target__code"))
    indicators = list(process.indicators.filter(is_active=True).select_related("service")
                      .order_by("code"))
    objectives = list(process.objectives.select_related("service").order_by("code"))
    documents = list(process.documents.filter(live=True).order_by("reference"))
    issues = list(process.context_issues.active())
    parties = list(process.interested_parties.active())
    return ProcessPage(
        process=process, sheet=sheet, upstream=upstream, downstream=downstream,
        indicators=indicators, objectives=objectives, documents=documents,
        context_issues=issues, interested_parties=parties,
        risks=risk_summary(process), actions=process_actions(process, user),
    )


def risk_summary(process: Process) -> RiskSummary:
    """The counts of the process's active risks by criticality (two queries)."""
    try:
        sheet = process.risk_sheet
    except Process.risk_sheet.RelatedObjectDoesNotExist:
        return RiskSummary(sheet=None)
    levels = {}
    for level in Criticality:
        low, high = Criticality.bounds(level)
        levels[level.value] = Count("pk", filter=Q(kind=Risk.Kind.RISK, score__gte=low,
                                                   score__lte=high))
    counts = Risk.objects.filter(sheet=sheet, is_active=True).with_scores().aggregate(
        risks=Count("pk", filter=Q(kind=Risk.Kind.RISK)),
        opportunities=Count("pk", filter=Q(kind=Risk.Kind.OPPORTUNITY)),
        overdue=Count("pk", filter=Q(review_date__lt=timezone.localdate())),
        **levels,
    )
    return RiskSummary(
        sheet=sheet, risks=counts["risks"], opportunities=counts["opportunities"],
        overdue=counts["overdue"],
        by_level=[(level.value, level.label, counts[level.value])
                  for level in reversed(Criticality)],
    )


def process_actions(process: Process, user) -> list[Action]:
    """The actions the user may read that are attached to the process itself or to one of
    the risks of its risk sheet (two or three queries)."""
    risk_type = ContentType.objects.get_for_model(Risk)
    risk_ids = Risk.objects.filter(sheet__process=process).values("pk")
    attached = actions_for(process) | Action.objects.filter(
        source_content_type=risk_type, source_object_id__in=risk_ids
    ).select_related("owner", "service")
    return list(visible_actions(user, attached).order_by("status", "due_date", "reference"))


# --- the context ------------------------------------------------------------------------------
def context_issues(*, kind: str = "", category: str = "", process=None, overdue=False):
    issues = ContextIssue.objects.active()
    if kind:
        issues = issues.filter(kind=kind)
    if category:
        issues = issues.filter(category=category)
    if process is not None:
        issues = issues.filter(processes=process)
    if overdue:
        issues = issues.due_for_review()
    return issues.select_related("last_reviewed_by").prefetch_related(
        Prefetch("processes", queryset=Process.objects.order_by("code").only("pk", "code",
                                                                              "name"))
    )


def interested_parties(*, category: str = "", process=None, overdue=False):
    parties = InterestedParty.objects.active()
    if category:
        parties = parties.filter(category=category)
    if process is not None:
        parties = parties.filter(processes=process)
    if overdue:
        parties = parties.due_for_review()
    return parties.select_related("last_reviewed_by").prefetch_related(
        Prefetch("processes", queryset=Process.objects.order_by("code").only("pk", "code",
                                                                              "name"))
    )
