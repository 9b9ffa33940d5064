"""The documents' part of the to-do list: documents to read and acknowledge, and, for the
pilots of their owner service (or their author), documents whose review is due."""

from django.db.models import Q
from django.utils.translation import gettext as _

from qms import roles
from qms.permissions import service_ids_of
from qms.todo import LIMIT, TodoItem

from . import selectors, services


def acknowledgements(user) -> list[TodoItem]:
    return [
        TodoItem(
            category=_("Documents to read and acknowledge"),
            title=f"{ack.version.reference} — {ack.version.page.title}",
            url=ack.version.page.url,
            detail=_("version %(number)s") % {"number": ack.version.number},
        )
        for ack in selectors.pending_acknowledgements(user)[:LIMIT]
    ]


def reviews(user) -> list[TodoItem]:
    """Documents due for review that the user answers for: those of their services when
    they are a pilot, and those they wrote."""
    scope = Q(author=user)
    if roles.user_has_role(user, roles.PILOT):
        scope |= Q(owner_service__in=service_ids_of(user))
    pages = services.documents_due_for_review().filter(scope)[:LIMIT]
    return [
        TodoItem(
            category=_("Documents to review"),
            title=f"{page.reference} — {page.title}",
            url=page.url,
            due=page.next_review_date,
            detail=str(page.owner_service) if page.owner_service_id else "",
        )
        for page in pages
    ]
