"""The weekly digest of the action plan: one e-mail per owner listing their open actions
that are overdue or due within the next two weeks, with a link to each. Sent by a Celery
beat task (tasks.send_action_digests); owners with nothing to report get nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from .models import Action

#: How far ahead an action counts as « due soon » (days).
DUE_SOON_DAYS = 14


def detail_path(action: Action) -> str:
    """The intranet page of an action (by reference, else by id), or its back-office
    page while the intranet pages are not mounted."""
    for arg in (action.reference, action.pk):
        try:
            return reverse("actions:detail", args=[arg])
        except NoReverseMatch:
            continue
    try:
        return reverse("wagtailsnippets_actions_action:edit", args=[action.pk])
    except NoReverseMatch:
        return "/"


def _path(name: str, fallback: str = "/") -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@dataclass
class Digest:
    owner: object
    late: list[Action] = field(default_factory=list)
    due_soon: list[Action] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.late) + len(self.due_soon)


def digests_to_send(*, today: datetime.date | None = None) -> list[Digest]:
    """The digests of the owners who can be written to (active, with an e-mail address)
    and have at least one open action overdue or due within DUE_SOON_DAYS: one query."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.open()
        .filter(due_date__lte=today + datetime.timedelta(DUE_SOON_DAYS),
                owner__is_active=True)
        .exclude(owner__email="")
        .select_related("owner", "service")
        .order_by("owner__username", "due_date", "reference")
    )
    digests: dict[int, Digest] = {}
    for action in actions:
        digest = digests.setdefault(action.owner_id, Digest(owner=action.owner))
        (digest.late if action.due_date < today else digest.due_soon).append(action)
    return list(digests.values())


def action_digests_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send each owner their digest. Returns the number of messages and of actions
    reported, overdue and due soon."""
    today = today or timezone.localdate()
    counts = {"messages": 0, "late": 0, "due_soon": 0}
    mine_url = absolute(_path("actions:mine", _path("actions:plan")))
    for digest in digests_to_send(today=today):
        rows = [
            {"action": action, "url": absolute(detail_path(action)),
             "days_late": (today - action.due_date).days}
            for action in digest.late
        ]
        soon = [
            {"action": action, "url": absolute(detail_path(action)),
             "days_left": (action.due_date - today).days}
            for action in digest.due_soon
        ]
        with translation.override(settings.LANGUAGE_CODE):
            subject = ngettext(
                "Action plan: %(count)s action overdue or due soon",
                "Action plan: %(count)s actions overdue or due soon",
                digest.count,
            ) % {"count": digest.count}
            body = render_to_string("actions/email/digest.txt", {
                "user": digest.owner, "late": rows, "due_soon": soon,
                "days": DUE_SOON_DAYS, "mine_url": mine_url,
            })
        send_mail(subject, body, None, [digest.owner.email])
        counts["messages"] += 1
        counts["late"] += len(rows)
        counts["due_soon"] += len(soon)
    return counts
