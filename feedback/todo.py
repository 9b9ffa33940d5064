"""User feedback's part of the to-do list: for the pilots and agents of a service, its
complaints and requests still unanswered, due ANSWER_DAYS (15) days after receipt
(one query)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from qms import roles
from qms.permissions import service_ids_of
from qms.todo import LIMIT, TodoItem

from .models import UserFeedback
from .models.feedback import ANSWER_DAYS


def unanswered_feedback(user) -> list[TodoItem]:
    if not user.is_authenticated or not (roles.user_has_role(user, roles.PILOT)
                                         or roles.user_has_role(user, roles.AGENT)):
        return []
    rows = (UserFeedback.objects.unanswered()
            .filter(service__in=service_ids_of(user)).select_related("service")
            .order_by("received_on", "pk")[:LIMIT])
    category = _("Complaints and requests to answer")
    return [
        TodoItem(category=category, title=f"{r.reference} — {r.subject}",
                 url=reverse("feedback:feedback_detail", args=[r.pk]),
                 due=r.received_on + datetime.timedelta(days=ANSWER_DAYS),
                 detail=r.service.name)
        for r in rows
    ]
