"""The measuring resources' part of the to-do list: for a pilot, the in-service resources
of their services due for verification within 30 days, overdue or never verified (one
query)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from qms import roles
from qms.todo import LIMIT, TodoItem


def verifications_due(user) -> list[TodoItem]:
    from .selectors import due_for

    if not user.is_authenticated or not roles.user_has_role(user, roles.PILOT):
        return []
    return [
        TodoItem(category=_("Measuring resources to verify"), title=str(resource),
                 url=reverse("metrology:verify", args=[resource.pk]), due=resource.next_due,
                 detail=resource.service.name if resource.next_due
                 else _("never verified"))
        for resource in due_for(user)[:LIMIT]
    ]
