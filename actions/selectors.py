"""Reads of the action plan: what other modules read (`actions_for`) and what the
intranet pages compose (the filtered plan, a service's totals, an action's history).

Every read here answers in a fixed number of queries whatever the number of actions: the
source of an action is named by its stored `source_label` and typed by its content type
(select_related), never loaded row by row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from qms.models import Service

from .models import Action
from .permissions import visible_actions

#: The source kind of the actions attached to no record.
NO_SOURCE = "none"


def actions_for(source):
    """The actions attached to a record of any model, oldest due first."""
    return Action.objects.for_source(source).select_related("owner", "service")


def actions_by_source(records, user=None) -> dict[int, list[Action]]:
    """{record pk: its actions} for records of one model, in one query (the reader's
    visible ones when `user` is given): for a page listing several records with their
    actions (a review's decisions), which passes them to ``{% actions_for_record %}``."""
    records = list(records)
    result: dict[int, list[Action]] = {record.pk: [] for record in records}
    if not records:
        return result
    actions = Action.objects.filter(
        source_content_type=ContentType.objects.get_for_model(records[0]),
        source_object_id__in=list(result),
    ).select_related("owner", "service").order_by("due_date", "reference")
    if user is not None:
        actions = visible_actions(user, actions)
    for action in actions:
        result[action.source_object_id].append(action)
    return result


# --- the plan ------------------------------------------------------------------------------
@dataclass
class PlanFilters:
    source: str = ""  # a content type's model name ("risk"), NO_SOURCE, or ""
    kind: str = ""
    status: str = ""
    late: bool = False
    service: Service | None = None
    owner: object | None = None
    due: int | None = None  # open actions due within that many days
    q: str = ""
    services: list[int] | None = field(default=None)  # a service's plan: these services

    @property
    def active(self) -> bool:
        return bool(self.source or self.kind or self.status or self.late or self.service
                    or self.owner or self.due or self.q)


def plan_base(user):
    """The actions the user may read, with what a row of the plan shows."""
    return visible_actions(user, Action.objects.select_related(
        "owner", "service", "source_content_type"))


def open_first(queryset):
    """Open actions first (the most overdue on top), then the closed and cancelled ones."""
    return queryset.annotate(closed_rank=Case(
        When(status__in=Action.OPEN_STATUSES, then=Value(0)), default=Value(1),
        output_field=IntegerField(),
    )).order_by("closed_rank", "due_date", "reference")


def filter_plan(queryset, filters: PlanFilters, *, on: datetime.date | None = None):
    on = on or timezone.localdate()
    if filters.services is not None:
        queryset = queryset.filter(service__in=filters.services)
    if filters.source == NO_SOURCE:
        queryset = queryset.filter(source_content_type__isnull=True)
    elif filters.source:
        queryset = queryset.filter(source_content_type__model=filters.source)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.late:
        queryset = queryset.late(on)
    if filters.service is not None:
        queryset = queryset.filter(service=filters.service)
    if filters.owner is not None:
        queryset = queryset.filter(owner=filters.owner)
    if filters.due:
        queryset = queryset.due_within(filters.due, on)
    if filters.q:
        queryset = queryset.filter(Q(title__icontains=filters.q)
                                   | Q(reference__icontains=filters.q))
    return queryset


def source_kinds() -> list[tuple[str, str]]:
    """(model name, verbose name) of the kinds of record the plan's actions come from."""
    types = ContentType.objects.filter(
        pk__in=Action.objects.filter(source_content_type__isnull=False)
        .values("source_content_type").distinct()
    )
    kinds = {}
    for content_type in types:
        model = content_type.model_class()
        label = model._meta.verbose_name if model else content_type.model
        kinds[content_type.model] = str(label).capitalize()
    return sorted(kinds.items(), key=lambda item: item[1].lower())


def source_type_label(action: Action) -> str:
    """The kind of record an action comes from ("Risk"), from its selected content type."""
    content_type = action.source_content_type
    if content_type is None:
        return ""
    model = content_type.model_class()
    return str(model._meta.verbose_name if model else content_type.model).capitalize()


# --- totals --------------------------------------------------------------------------------
@dataclass
class PlanTotals:
    count: int = 0
    late: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    operating_planned: Decimal = Decimal("0")
    operating_spent: Decimal = Decimal("0")
    investment_planned: Decimal = Decimal("0")
    investment_spent: Decimal = Decimal("0")

    @property
    def planned(self) -> Decimal:
        return self.operating_planned + self.investment_planned

    @property
    def spent(self) -> Decimal:
        return self.operating_spent + self.investment_spent


def plan_totals(queryset, *, on: datetime.date | None = None) -> PlanTotals:
    """Counts by status, late actions and budget totals of a filtered plan, in one query."""
    on = on or timezone.localdate()
    zero = Decimal("0")
    statuses = list(Action.Status)
    figures = queryset.order_by().aggregate(
        count=Count("pk"),
        late=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES, due_date__lt=on)),
        operating_planned=Sum("operating_budget_planned"),
        operating_spent=Sum("operating_budget_spent"),
        investment_planned=Sum("investment_budget_planned"),
        investment_spent=Sum("investment_budget_spent"),
        **{f"status_{status.value}": Count("pk", filter=Q(status=status.value))
           for status in statuses},
    )
    return PlanTotals(
        count=figures["count"], late=figures["late"],
        by_status=[(status.value, status.label, figures[f"status_{status.value}"])
                   for status in statuses],
        **{name: figures[name] or zero for name in (
            "operating_planned", "operating_spent", "investment_planned", "investment_spent")},
    )


# --- my actions ------------------------------------------------------------------------------
def owned_by(user):
    return open_first(Action.objects.filter(owner=user).select_related(
        "owner", "service", "source_content_type"))


def created_for_others(user):
    """The open actions the user created for someone else to carry out."""
    return (Action.objects.open().filter(created_by=user).exclude(owner=user)
            .select_related("owner", "service", "source_content_type")
            .order_by("due_date", "reference"))


# --- an action ---------------------------------------------------------------------------------
@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    date: datetime.datetime
    user: object
    kind: str  # "+", "~" (simple_history's history_type)
    reason: str
    changes: list[Change]


HISTORY_LIMIT = 100
#: Fields whose change the history does not list (bookkeeping).
HISTORY_SKIP = {"id", "reference", "created_at", "created_by", "source_content_type",
                "source_object_id"}


def _display(action_field, value):
    if value in (None, ""):
        return "—"
    if action_field.choices:
        return dict(action_field.flatchoices).get(value, value)
    return value


def action_history(action: Action, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Who changed what and when, newest first: each record of the action's history with
    the fields it changed (owner and service named, not numbered)."""
    records = list(action.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[:limit + 1])
    people, services = _names(records)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=HISTORY_SKIP,
                                        foreign_keys_are_objs=False)
            for change in delta.changes:
                model_field = Action._meta.get_field(change.field)
                if change.field in ("owner", "effectiveness_checked_by"):
                    old, new = people.get(change.old, "—"), people.get(change.new, "—")
                elif change.field == "service":
                    old, new = services.get(change.old, "—"), services.get(change.new, "—")
                else:
                    old = _display(model_field, change.old)
                    new = _display(model_field, change.new)
                changes.append(Change(str(model_field.verbose_name), old, new))
        entries.append(HistoryEntry(record.history_date, record.history_user,
                                    record.history_type, record.history_change_reason or "",
                                    changes))
    return entries


def _names(records) -> tuple[dict, dict]:
    """The people and services the history records point to, in two queries."""
    from django.contrib.auth import get_user_model

    user_ids = {r.owner_id for r in records} | {r.effectiveness_checked_by_id for r in records}
    service_ids = {r.service_id for r in records}
    people = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=user_ids - {None})}
    services = {s.pk: str(s) for s in Service.objects.filter(pk__in=service_ids - {None})}
    return people, services
