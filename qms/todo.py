"""The to-do list: what each person has to do, gathered from every app.

qms sits at the bottom of the dependency graph, so each app registers, in its
``AppConfig.ready()``, a provider: a callable taking the user and returning
``TodoItem``s (dotted path, imported on first use)::

    from qms import todo
    todo.register("processes.todo.risk_reviews", order=30)

A provider answers in a fixed number of queries, whatever the number of items, and
returns at most ``todo.LIMIT`` items of one kind (with the total in ``TodoItem.count``
when it groups them)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

LIMIT = 50


@dataclass(frozen=True)
class TodoItem:
    #: The kind of task, shown as the group heading (translated), e.g. "Risks to review".
    category: str
    #: What to do, e.g. "R-PRC-R01-03 — Attente excessive au guichet".
    title: str
    #: Where to do it.
    url: str
    #: The date it is due, if any.
    due: datetime.date | None = None
    #: A short detail line, e.g. the service or the process.
    detail: str = ""

    @property
    def is_overdue(self) -> bool:
        return self.due is not None and self.due < timezone.localdate()


_providers: dict[str, tuple[int, str | Callable]] = {}


def register(provider: str | Callable, *, order: int = 50, name: str | None = None) -> None:
    """Register a provider (idempotent: registering the same name again replaces it)."""
    key = name or (provider if isinstance(provider, str) else
                   f"{provider.__module__}.{provider.__qualname__}")
    _providers[key] = (order, provider)


def providers() -> list[Callable]:
    resolved = []
    for key, (order, provider) in sorted(_providers.items(), key=lambda kv: (kv[1][0], kv[0])):
        if isinstance(provider, str):
            provider = import_string(provider)
            _providers[key] = (order, provider)
        resolved.append(provider)
    return resolved


def items_for(user, *, exclude: Collection[str] = ()) -> list[TodoItem]:
    """Every task of the user, from every registered provider but those named in
    `exclude` (a page that shows them already), overdue first then by due date, in
    provider order."""
    if not user.is_authenticated:
        return []
    items: list[TodoItem] = []
    providers()  # resolve the dotted paths
    for key, (_order, provider) in sorted(_providers.items(),
                                          key=lambda kv: (kv[1][0], kv[0])):
        if key not in exclude:
            items.extend(provider(user))
    far = datetime.date.max
    return sorted(items, key=lambda i: (not i.is_overdue, i.due or far))
