"""The providers' part of the to-do list: for a pilot, the providers of their services
whose evaluation is due within 30 days or overdue (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from qms import roles
from qms.todo import LIMIT, TodoItem


def evaluations_due(user) -> list[TodoItem]:
    from .selectors import due_for

    if not user.is_authenticated or not roles.user_has_role(user, roles.PILOT):
        return []
    return [
        TodoItem(category=_("Provider evaluations due"), title=provider.name,
                 url=reverse("providers:evaluate", args=[provider.pk]),
                 due=provider.next_evaluation_due, detail=provider.get_kind_display())
        for provider in due_for(user)[:LIMIT]
    ]
