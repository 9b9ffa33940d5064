"""Composed reads of the measuring resources: the register with each resource's last
and next verification (annotated, one query), a resource's verifications, the resources
due for a pilot. Each answers in a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from qms.models import Service

from . import permissions
from .models import DUE_SOON_DAYS, MeasuringResource, Verification


@dataclass
class RegisterFilters:
    kind: str = ""
    service: Service | None = None
    status: str = ""
    overdue: bool = False
    q: str = ""


def _latest(field_name: str):
    return Subquery(
        Verification.objects.filter(resource=OuterRef("pk"))
        .order_by("-performed_on", "-pk").values(field_name)[:1])


def with_verifications(queryset):
    """Annotate `last_verified_on`, `last_result` and `next_due`."""
    return queryset.annotate(last_verified_on=_latest("performed_on"),
                             last_result=_latest("result"), next_due=_latest("next_due"))


def overdue_q(today: datetime.date) -> Q:
    """In service and never verified, or its next verification date passed (on an
    annotated queryset)."""
    return Q(status=MeasuringResource.Status.IN_SERVICE) & (
        Q(next_due__isnull=True) | Q(next_due__lt=today))


def due_q(today: datetime.date, days: int = DUE_SOON_DAYS) -> Q:
    return Q(status=MeasuringResource.Status.IN_SERVICE) & (
        Q(next_due__isnull=True) | Q(next_due__lte=today + datetime.timedelta(days=days)))


def is_overdue(resource, today: datetime.date) -> bool:
    return resource.status == MeasuringResource.Status.IN_SERVICE and (
        resource.next_due is None or resource.next_due < today)


def register(user, filters: RegisterFilters | None = None, *, today=None):
    """The resources the user reads, filtered, annotated; the overdue first, then by
    next due date."""
    filters = filters or RegisterFilters()
    today = today or timezone.localdate()
    qs = with_verifications(permissions.visible_resources(user))
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.exclude(status=MeasuringResource.Status.RETIRED)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.service is not None:
        qs = qs.filter(service__in=Service.objects.filter(
            pk=filters.service.pk).with_descendants().values("pk"))
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(identifier__icontains=filters.q)
                       | Q(location__icontains=filters.q))
    return (qs.annotate(late_rank=Case(When(overdue_q(today), then=Value(0)),
                                       default=Value(1), output_field=IntegerField()))
            .select_related("service", "site", "provider")
            .order_by("late_rank", F("next_due").asc(nulls_first=True), "name", "pk"))


def due_for(user, *, today: datetime.date | None = None):
    """The in-service resources of the pilot's services due within 30 days or overdue."""
    today = today or timezone.localdate()
    return (with_verifications(permissions.editable_resources(user))
            .filter(due_q(today)).select_related("service")
            .order_by("next_due", "name"))
