"""The audits' part of the to-do list: overdue nonconformities (for the pilots of their
service), nonconformities awaiting closure (for the quality engineer: every corrective
action done and verified effective) and the audits the user leads or joins in the next
30 days. Each provider answers in one query (two the first time the user's roles and
services are read)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of
from qms.todo import LIMIT, TodoItem

from .models import Audit, Nonconformity

UPCOMING_DAYS = 30


def _nc_item(category, nc, due=None) -> TodoItem:
    return TodoItem(category=category, title=f"{nc.reference} — {nc.title}",
                    url=nc.get_absolute_url(), due=due, detail=nc.service.name)


def overdue_nonconformities(user) -> list[TodoItem]:
    """The open nonconformities past their target closure date, in the services the user
    pilots."""
    if not user.is_authenticated or not roles.user_has_role(user, roles.PILOT):
        return []
    ids = service_ids_of(user)
    if not ids:
        return []
    ncs = (Nonconformity.objects.overdue().filter(service__in=ids).select_related("service")
           .order_by("target_closure_date", "reference")[:LIMIT])
    return [_nc_item(_("Overdue nonconformities"), nc, nc.target_closure_date) for nc in ncs]


def awaiting_closure_queryset():
    """Open nonconformities with at least one corrective action, all of them (but the
    cancelled ones) done and verified effective."""
    from actions.models import Action

    ct = ContentType.objects.get_for_model(Nonconformity)
    live = (Action.objects.filter(source_content_type=ct, source_object_id=OuterRef("pk"))
            .exclude(status=Action.Status.CANCELLED))

    def count(queryset):
        return Coalesce(Subquery(queryset.order_by().values("source_object_id")
                                 .annotate(n=Count("pk")).values("n")), 0)

    ready = live.filter(status=Action.Status.DONE,
                        effectiveness_verdict=Action.Verdict.EFFECTIVE)
    return (Nonconformity.objects.open().exclude(root_cause="")
            .annotate(live_actions=count(live), ready_actions=count(ready))
            .filter(live_actions__gt=0, live_actions=F("ready_actions")))


def nonconformities_to_close(user) -> list[TodoItem]:
    """For the quality engineer: the nonconformities that may be closed now."""
    if not user.is_authenticated or not is_quality_engineer(user):
        return []
    ncs = (awaiting_closure_queryset().select_related("service")
           .order_by("detected_at", "reference")[:LIMIT])
    return [_nc_item(_("Nonconformities to close"), nc) for nc in ncs]


def upcoming_audits(user, *, today: datetime.date | None = None) -> list[TodoItem]:
    """The audits the user leads or joins that start within 30 days (or are under way)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    audits = (Audit.objects.filter(Q(lead_auditor__user=user) | Q(team__user=user))
              .filter(status__in=(Audit.Status.PLANNED, Audit.Status.PREPARATION,
                                  Audit.Status.IN_PROGRESS),
                      planned_start__lte=today + datetime.timedelta(UPCOMING_DAYS),
                      planned_end__gte=today)
              .distinct().order_by("planned_start", "reference")[:LIMIT])
    return [
        TodoItem(category=_("Audits to come"), title=f"{a.reference} — {a.title}",
                 url=reverse("audits:audit", args=[a.reference]), due=a.planned_start,
                 detail=str(a.get_kind_display()))
        for a in audits
    ]
