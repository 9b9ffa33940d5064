"""The processes' part of the to-do list: context issues and interested parties whose
review date has come (for the quality engineer, who reviews the context), and risks to
review (for their pilots)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from qms.permissions import is_quality_engineer
from qms.todo import LIMIT, TodoItem

from .models import ContextIssue, InterestedParty


def context_reviews(user) -> list[TodoItem]:
    """The active context issues and interested parties due for review (two queries)."""
    if not user.is_authenticated or not is_quality_engineer(user):
        return []
    url = reverse("processes:context")
    items = [
        TodoItem(
            category=_("Context to review"), title=issue.title,
            url=f"{url}#issue-{issue.pk}", due=issue.next_review_date,
            detail=str(issue.get_kind_display()),
        )
        for issue in ContextIssue.objects.due_for_review().order_by("next_review_date",
                                                                     "title")[:LIMIT]
    ]
    items += [
        TodoItem(
            category=_("Context to review"), title=party.name,
            url=f"{url}#party-{party.pk}", due=party.next_review_date,
            detail=str(_("Interested party")),
        )
        for party in InterestedParty.objects.due_for_review().order_by("next_review_date",
                                                                        "name")[:LIMIT]
    ]
    return items


def risk_reviews(user) -> list[TodoItem]:
    """The active risks whose review date has come, for their pilots: the pilot of the
    sheet's process and the pilots of the service that keeps the sheet (one query, two
    the first time the user's roles are read)."""
    from .risk_selectors import reviews_due_for

    if not user.is_authenticated:
        return []
    risks = reviews_due_for(user)[:LIMIT]
    return [
        TodoItem(
            category=_("Risks to review"), title=f"{risk.reference} — {risk.title}",
            url=reverse("processes:risk_sheet", args=[risk.sheet_id]) + f"#risk-{risk.pk}",
            due=risk.review_date,
            detail=str(risk.sheet.process) if risk.sheet.process_id else risk.sheet.service.name,
        )
        for risk in risks
    ]
