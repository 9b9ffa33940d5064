"""Composed reads of the regulatory watch: the register with its filters, a text's page,
and the dashboard per service. Each answers in a fixed number of queries, whatever the
number of rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from qms.models import Service

from . import permissions
from .models import EvaluationResult, Regulation, Requirement, Status


@dataclass
class RegisterFilters:
    service: Service | None = None
    topic: object | None = None
    applicability: str = ""
    late: bool = False
    include_archived: bool = False
    q: str = ""


def _last_result(field_name: str):
    return Subquery(
        EvaluationResult.objects.filter(requirement=OuterRef("pk"))
        .order_by("-evaluation__evaluated_on", "-pk").values(field_name)[:1]
    )


def register(user, filters: RegisterFilters | None = None, *, today=None):
    """The texts the user reads, filtered, with their topic, owner and services."""
    filters = filters or RegisterFilters()
    today = today or timezone.localdate()
    qs = permissions.visible_regulations(user, Regulation.objects.all())
    if not filters.include_archived:
        qs = qs.filter(is_active=True)
    if filters.service is not None:
        ids = Service.objects.filter(pk=filters.service.pk).with_descendants().values("pk")
        qs = qs.filter(pk__in=Regulation.objects.filter(services__in=ids).values("pk"))
    if filters.topic is not None:
        qs = qs.filter(topic=filters.topic)
    if filters.applicability:
        qs = qs.filter(applicability=filters.applicability)
    if filters.late:
        qs = qs.filter(pk__in=Regulation.objects.late(today).values("pk"))
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(number__icontains=filters.q)
                       | Q(summary__icontains=filters.q))
    return (
        qs.select_related("topic", "owner")
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name")))
        .annotate(requirement_count=Count("requirements",
                                          filter=Q(requirements__is_active=True),
                                          distinct=True))
        .order_by("topic__name", "title", "pk")
    )


def requirements_with_last_result(regulation: Regulation):
    """The text's requirements, each with `last_status`, `last_evidence` and
    `last_evaluated_on` (the latest evaluation that covered it)."""
    return (
        regulation.requirements.annotate(
            last_status=_last_result("status"),
            last_evidence=_last_result("evidence"),
            last_evaluated_on=_last_result("evaluation__evaluated_on"),
        ).prefetch_related(Prefetch("services", queryset=Service.objects.order_by("name")))
        .order_by("-is_active", "order", "pk")
    )


def evaluation_history(regulation: Regulation):
    return (
        regulation.evaluations.select_related("assessor")
        .prefetch_related(Prefetch(
            "results",
            queryset=EvaluationResult.objects.select_related("requirement")
            .order_by("requirement__order", "requirement_id"),
        ))
        .order_by("-evaluated_on", "-pk")
    )


# --- dashboard ---------------------------------------------------------------------------------
@dataclass
class ServiceRow:
    service: Service
    counts: dict = field(default_factory=lambda: {
        Status.COMPLIANT: 0, Status.PARTLY: 0, Status.NOT_COMPLIANT: 0, "not_evaluated": 0,
    })
    late: int = 0
    regulations: int = 0

    @property
    def applicable(self) -> int:
        return sum(self.counts.values())

    def share(self, key) -> int:
        """Percentage (rounded) of the applicable requirements."""
        return round(100 * self.counts[key] / self.applicable) if self.applicable else 0

    @property
    def compliant(self):
        return self.counts[Status.COMPLIANT]

    @property
    def partly(self):
        return self.counts[Status.PARTLY]

    @property
    def not_compliant(self):
        return self.counts[Status.NOT_COMPLIANT]

    @property
    def not_evaluated(self):
        return self.counts["not_evaluated"]

    @property
    def segments(self) -> list[dict]:
        """The stacked bar: (key, count, percentage), in a fixed order."""
        return [
            {"key": key, "count": self.counts[key], "share": self.share(key)}
            for key in (Status.COMPLIANT, Status.PARTLY, Status.NOT_COMPLIANT,
                        "not_evaluated")
        ]


def dashboard(user, *, today: datetime.date | None = None) -> list[ServiceRow]:
    """Per service concerned: the applicable requirements of the active, applicable texts
    the user reads, split by the status of their last evaluation (requirements whose last
    result is "not applicable" are left out), and the number of texts whose evaluation
    is late. A requirement concerns its own services, or its text's when it names none.
    Five queries."""
    today = today or timezone.localdate()
    regulations = permissions.visible_regulations(user, Regulation.objects.evaluated())
    reg_rows = list(regulations.values_list("pk", "next_evaluation_due"))
    reg_ids = [pk for pk, _due in reg_rows]
    late_ids = {pk for pk, due in reg_rows if due is not None and due < today}
    reg_services = defaultdict(set)
    for reg_id, service_id in Regulation.services.through.objects.filter(
            regulation_id__in=reg_ids).values_list("regulation_id", "service_id"):
        reg_services[reg_id].add(service_id)
    requirements = list(
        Requirement.objects.filter(regulation_id__in=reg_ids, is_active=True)
        .annotate(last_status=_last_result("status"))
        .values_list("pk", "regulation_id", "last_status")
    )
    req_services = defaultdict(set)
    for req_id, service_id in Requirement.services.through.objects.filter(
            requirement__regulation_id__in=reg_ids, requirement__is_active=True
    ).values_list("requirement_id", "service_id"):
        req_services[req_id].add(service_id)

    rows: dict[int, ServiceRow] = {}
    service_ids = set().union(*reg_services.values(), *req_services.values())
    services = {s.pk: s for s in Service.objects.filter(pk__in=service_ids)}

    def row_of(service_id) -> ServiceRow:
        if service_id not in rows:
            rows[service_id] = ServiceRow(service=services[service_id])
        return rows[service_id]

    for reg_id, sids in reg_services.items():
        for sid in sids:
            row = row_of(sid)
            row.regulations += 1
            row.late += reg_id in late_ids
    for req_id, reg_id, status in requirements:
        if status == Status.NOT_APPLICABLE:
            continue
        key = status or "not_evaluated"
        for sid in req_services.get(req_id) or reg_services.get(reg_id, ()):
            row_of(sid).counts[key] += 1
    return sorted(rows.values(), key=lambda r: r.service.name)


def due_for(user, *, today: datetime.date | None = None):
    """The texts the user owns whose evaluation is due within 30 days or late."""
    return (Regulation.objects.due(today).filter(owner=user)
            .select_related("topic").order_by("next_evaluation_due", "title"))


