"""Evidence for certification readiness: what each app finds in its own records that
shows a service meets a clause of a standard (ISO 9001 §7.2: training records; §8.4:
provider evaluations; ...).

The readiness matrix (readiness/) sits at the top of the dependency graph; qms sits at
the bottom, so the apps register their evidence *kinds* here, in ``AppConfig.ready()``::

    from qms import evidence
    evidence.register("competence", "competence.evidence.competence",
                      label=_("Training and competence records"), order=70)

A kind's finder takes an ``EvidenceContext`` and returns a ``KindResult``. The matrix
runs each kind a standard's clauses ask for once per (service, standard), so a finder
answers in a **fixed number of queries** (one to three), whatever the number of records
and clauses, and lists at most ``MAX_ITEMS`` items (the rest counted in ``more``).
Which clauses ask for which kinds is data, editable by the quality engineer
(readiness.ClauseRule).

Gaps are written for the pilot, in plain words, translated when built: « aucune
évaluation de conformité depuis 7 mois », « 3 agents sans formation enregistrée ».
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

#: Items listed per kind; the others are counted in ``KindResult.more``.
MAX_ITEMS = 10

#: How old a record may be and still count as current evidence (reviews of risk
#: sheets, audits, management reviews, provider evaluations...).
CURRENT_DAYS = 365


class Coverage(models.TextChoices):
    COVERED = "covered", _("Covered")
    PARTLY = "partly", _("Partly covered")
    MISSING = "missing", _("Missing")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


@dataclass(frozen=True)
class EvidenceContext:
    #: The service assessed (a direction includes the services under it).
    service: Any
    #: Its id and the ids of every service under it.
    service_ids: frozenset[int]
    #: The standard or label (audits.Standard).
    standard: Any
    #: The standard's active clauses or commitments (audits.Criterion), in order; for
    #: the kinds that answer clause by clause.
    criteria: Sequence[Any]
    today: datetime.date


@dataclass
class EvidenceItem:
    #: What it is, e.g. "PRC-ACC-01 — Accueillir les usagers".
    label: str
    #: Where to see it (intranet page, or back office for records only kept there).
    url: str = ""
    #: The date that makes it current (published, reviewed, evaluated, held on...).
    date: datetime.date | None = None
    #: A short detail, e.g. "revue le 12/03/2026", "score 78 %".
    detail: str = ""


@dataclass
class KindResult:
    #: Coverage.COVERED, PARTLY or MISSING.
    coverage: str
    items: list[EvidenceItem] = field(default_factory=list)
    #: Items found beyond the MAX_ITEMS listed.
    more: int = 0
    #: What is missing, in plain words, already translated.
    gaps: list[str] = field(default_factory=list)
    #: For the kinds that answer clause by clause: criterion id → its own result; the
    #: clauses without an entry have nothing of this kind.
    by_criterion: dict[int, KindResult] | None = None


@dataclass(frozen=True)
class EvidenceKind:
    code: str
    label: str
    finder: str | Callable[[EvidenceContext], KindResult]
    order: int = 50

    def find(self, context: EvidenceContext) -> KindResult:
        finder = self.finder
        if isinstance(finder, str):
            finder = import_string(finder)
        return finder(context)


_kinds: dict[str, EvidenceKind] = {}


def register(code: str, finder: str | Callable, *, label, order: int = 50) -> None:
    """Register an evidence kind (idempotent: the same code again replaces it)."""
    _kinds[code] = EvidenceKind(code=code, label=label, finder=finder, order=order)


def kinds() -> list[EvidenceKind]:
    """Every registered kind, in order."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.code))


def get(code: str) -> EvidenceKind | None:
    return _kinds.get(code)


def choices() -> list[tuple[str, str]]:
    """(code, label) of every kind, for forms and the back office."""
    return [(kind.code, kind.label) for kind in kinds()]


def limited(items: list[EvidenceItem]) -> tuple[list[EvidenceItem], int]:
    """The first MAX_ITEMS items and how many more there are."""
    return items[:MAX_ITEMS], max(0, len(items) - MAX_ITEMS)
