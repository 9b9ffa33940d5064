"""Composed reads of the audits app: programme follow-up and calendar, nonconformity
lists with their ages and action counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from .models import Audit, AuditProgramme, Nonconformity


@dataclass
class FollowUp:
    planned: int
    held: int
    cancelled: int
    in_progress: int
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def rate(self) -> int:
        """Audits held, as a percentage of the audits planned (cancelled ones excluded)."""
        return round(100 * self.held / self.planned) if self.planned else 0


def programme_follow_up(programme: AuditProgramme) -> FollowUp:
    """Audits held vs planned (one query)."""
    rows = (programme.audits.values("kind", "status").annotate(n=Count("pk"))
            .order_by())
    planned = held = cancelled = in_progress = 0
    by_kind: dict[str, dict[str, int]] = {}
    for row in rows:
        kind = by_kind.setdefault(Audit.Kind(row["kind"]).label, {"planned": 0, "held": 0})
        if row["status"] == Audit.Status.CANCELLED:
            cancelled += row["n"]
            continue
        planned += row["n"]
        kind["planned"] += row["n"]
        if row["status"] in Audit.HELD_STATUSES:
            held += row["n"]
            kind["held"] += row["n"]
        elif row["status"] in (Audit.Status.IN_PROGRESS,):
            in_progress += row["n"]
    return FollowUp(planned, held, cancelled, in_progress, by_kind)


def programme_audits(programme: AuditProgramme, queryset=None):
    queryset = queryset if queryset is not None else programme.audits.all()
    return (queryset.filter(programme=programme)
            .select_related("lead_auditor__user")
            .prefetch_related("services", "processes")
            .annotate(findings_count=Count("findings", distinct=True),
                      nc_count=Count("findings", distinct=True,
                                     filter=Q(findings__kind__in=("major_nc", "minor_nc"))))
            .order_by("planned_start", "reference"))


def programme_calendar(audits) -> list[dict]:
    """Twelve months, each with the audits starting in it."""
    months = [{"month": m, "audits": []} for m in range(1, 13)]
    for audit in audits:
        months[audit.planned_start.month - 1]["audits"].append(audit)
    return months


def nonconformity_list(queryset):
    """Nonconformities with their service, process and the number of corrective actions
    (open and in total), in a fixed number of queries."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from actions.models import Action

    ct = ContentType.objects.get_for_model(Nonconformity)
    actions = Action.objects.filter(source_content_type=ct, source_object_id=OuterRef("pk"))
    count = actions.order_by().values("source_object_id").annotate(n=Count("pk")).values("n")
    open_count = (actions.open().order_by().values("source_object_id")
                  .annotate(n=Count("pk")).values("n"))
    return (queryset.select_related("service", "process", "finding__audit")
            .annotate(action_count=Coalesce(Subquery(count), 0),
                      open_action_count=Coalesce(Subquery(open_count), 0)))


def audit_detail(queryset):
    from .models import ChecklistItem, Finding

    return queryset.select_related("programme", "lead_auditor__user").prefetch_related(
        "services", "processes", "team__user", Prefetch("criteria"),
        Prefetch("findings", queryset=Finding.objects.select_related(
            "criterion__standard", "process", "service", "nonconformity")),
        Prefetch("checklist", queryset=ChecklistItem.objects.select_related(
            "criterion__standard")),
    )
