"""Composed reads of the providers' register: the register with its filters and each
provider's last two scores, a provider's evaluations, the roll-up per service and per
kind. Each answers in a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from qms.models import Service

from . import permissions
from .models import DUE_SOON_DAYS, Evaluation, EvaluationScore, Provider


@dataclass
class RegisterFilters:
    kind: str = ""
    service: Service | None = None
    overdue: bool = False
    include_archived: bool = False
    q: str = ""


def _evaluation(field_name: str, offset: int = 0):
    """The `field_name` of the provider's latest (offset 0) or previous (1) evaluation."""
    return Subquery(
        Evaluation.objects.filter(provider=OuterRef("pk"))
        .order_by("-evaluated_on", "-pk").values(field_name)[offset:offset + 1]
    )


def with_scores(queryset):
    """Annotate `last_score`, `previous_score` and `last_conclusion`."""
    return queryset.annotate(
        last_score=_evaluation("score"), previous_score=_evaluation("score", 1),
        last_conclusion=_evaluation("conclusion"),
    )


def trend(last, previous) -> str:
    """'up', 'down', 'flat' or '' (fewer than two scores)."""
    if last is None or previous is None:
        return ""
    if abs(float(last) - float(previous)) < 1:
        return "flat"
    return "up" if last > previous else "down"


def register(user, filters: RegisterFilters | None = None, *, today=None):
    """The providers the user reads, filtered, with their services and last scores;
    overdue ones first."""
    filters = filters or RegisterFilters()
    today = today or timezone.localdate()
    qs = permissions.visible_providers(user, Provider.objects.all())
    if not filters.include_archived:
        qs = qs.filter(is_active=True)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.service is not None:
        ids = Service.objects.filter(pk=filters.service.pk).with_descendants().values("pk")
        qs = qs.filter(pk__in=Provider.services.through.objects.filter(
            service_id__in=ids).values("provider_id"))
    if filters.overdue:
        qs = qs.filter(is_active=True, next_evaluation_due__lt=today)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(siret__icontains=filters.q)
                       | Q(contract_reference__icontains=filters.q))
    return (
        with_scores(qs)
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name")))
        .order_by("name", "pk")
    )


def evaluation_history(provider: Provider):
    return (
        provider.evaluations.select_related("evaluator")
        .prefetch_related(Prefetch(
            "scores", queryset=EvaluationScore.objects.select_related("criterion")
            .order_by("criterion__order", "criterion_id")))
        .order_by("-evaluated_on", "-pk")
    )


def due_for(user, *, today: datetime.date | None = None):
    """The active providers of the pilot's services whose evaluation is due within 30
    days or overdue (the quality engineer: every one)."""
    qs = Provider.objects.due(today, DUE_SOON_DAYS)
    return permissions.editable_providers(user, qs).order_by("next_evaluation_due", "name")


# --- roll-up -----------------------------------------------------------------------------------
@dataclass
class Group:
    label: str
    scores: list[float] = field(default_factory=list)
    providers: int = 0
    watch: int = 0
    overdue: int = 0

    @property
    def average(self) -> float | None:
        return round(sum(self.scores) / len(self.scores), 1) if self.scores else None


@dataclass
class Rollup:
    by_service: list[Group]
    by_kind: list[Group]
    watched: list[Provider]
    overdue: list[Provider]
    average: float | None
    count: int


def rollup(user, *, today: datetime.date | None = None) -> Rollup:
    """Over the active providers the user reads, each counted at its last evaluation:
    the average score per service and per kind, those under watch or to be replaced
    (lowest score first), those overdue (oldest due first). Two queries."""
    today = today or timezone.localdate()
    providers = list(register(user, today=today))
    by_service: dict[int, Group] = {}
    kinds = {value: Group(label=str(label)) for value, label in Provider.Kind.choices}
    watched, overdue, scores = [], [], []
    for provider in providers:
        score = float(provider.last_score) if provider.last_score is not None else None
        is_watch = provider.last_conclusion in (Evaluation.Conclusion.WATCH,
                                                Evaluation.Conclusion.REPLACE)
        late = provider.next_evaluation_due is not None and provider.next_evaluation_due < today
        groups = [kinds[provider.kind]]
        for service in provider.services.all():
            groups.append(by_service.setdefault(service.pk, Group(label=service.name)))
        for group in groups:
            group.providers += 1
            group.watch += is_watch
            group.overdue += late
            if score is not None:
                group.scores.append(score)
        if score is not None:
            scores.append(score)
        if is_watch:
            watched.append(provider)
        if late:
            overdue.append(provider)
    watched.sort(key=lambda p: (p.last_conclusion != Evaluation.Conclusion.REPLACE,
                                float(p.last_score or 0), p.name))
    overdue.sort(key=lambda p: (p.next_evaluation_due, p.name))
    return Rollup(
        by_service=sorted(by_service.values(), key=lambda g: g.label),
        by_kind=[g for g in kinds.values() if g.providers],
        watched=watched, overdue=overdue,
        average=round(sum(scores) / len(scores), 1) if scores else None,
        count=len(providers),
    )


