"""The action plan's part of the to-do list: the user's open actions overdue or due
within two weeks, and, for the quality engineer, the corrective actions whose work is
finished (100 %) but which wait for their effectiveness check before they can be closed.
A fixed number of queries whatever the number of actions."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.permissions import is_quality_engineer
from qms.todo import LIMIT, TodoItem

from .digests import DUE_SOON_DAYS, detail_path
from .models import Action


def my_actions(user) -> list[TodoItem]:
    """Overdue first, then by due date (one query; two for the quality engineer)."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    actions = (
        Action.objects.open()
        .filter(owner=user, due_date__lte=today + datetime.timedelta(DUE_SOON_DAYS))
        .select_related("service")
        .order_by("due_date", "reference")[:LIMIT]
    )
    category = _("Actions")
    items = [
        TodoItem(category=category, title=f"{action.reference} — {action.title}",
                 url=detail_path(action), due=action.due_date, detail=action.service.name)
        for action in actions
    ]
    if is_quality_engineer(user):
        items += effectiveness_to_check()
    return items


def awaiting_effectiveness_check():
    """Open actions of a kind closed only after an effectiveness check, whose work is
    finished (progress 100 %) and which have no « effective » check yet."""
    return Action.objects.open().filter(
        kind__in=Action.CHECKED_KINDS, progress=100,
    ).filter(
        ~Q(effectiveness_verdict=Action.Verdict.EFFECTIVE)
        | Q(effectiveness_checked_at__isnull=True)
    )


def effectiveness_to_check() -> list[TodoItem]:
    category = _("Effectiveness to check")
    return [
        TodoItem(category=category, title=f"{action.reference} — {action.title}",
                 url=detail_path(action), due=None, detail=action.service.name)
        for action in awaiting_effectiveness_check().select_related("service")
        .order_by("due_date", "reference")[:LIMIT]
    ]
