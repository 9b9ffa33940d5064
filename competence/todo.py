"""Competence's part of the to-do list: the trainings done more than three months ago
whose effectiveness is still to be evaluated, for the pilots of the agents' services
(one query)."""

from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms import roles
from qms.permissions import service_ids_of
from qms.todo import LIMIT, TodoItem


def evaluations_due(user) -> list[TodoItem]:
    from .models import Training

    if not user.is_authenticated or not roles.user_has_role(user, roles.PILOT):
        return []
    ids = service_ids_of(user)
    if not ids:
        return []
    trainings = (Training.objects.evaluation_overdue(timezone.localdate())
                 .filter(agent__service_id__in=ids, agent__is_active=True)
                 .select_related("agent")
                 .order_by(Coalesce("end_date", "date"), "pk")[:LIMIT])
    return [
        TodoItem(
            category=_("Training effectiveness to evaluate"),
            title=f"{t.title} — {t.agent.get_full_name() or t.agent.username}",
            url=reverse("competence:training_evaluate", args=[t.pk]),
            due=t.evaluation_due,
            detail=_("Training of %(date)s") % {"date": f"{t.date:%d/%m/%Y}"},
        )
        for t in trainings
    ]
