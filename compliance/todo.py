"""The regulatory watch's part of the to-do list: the texts a person owns whose compliance
evaluation is due within 30 days, late, or never done (one query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from qms.todo import LIMIT, TodoItem


def evaluations_due(user) -> list[TodoItem]:
    from .selectors import due_for

    if not user.is_authenticated:
        return []
    return [
        TodoItem(
            category=_("Compliance evaluations due"), title=f"{reg.reference} — {reg.title}",
            url=reverse("compliance:evaluate", args=[reg.pk]), due=reg.next_evaluation_due,
            detail=reg.topic.name,
        )
        for reg in due_for(user)[:LIMIT]
    ]
