"""The clause-to-evidence matrix of a service for a standard.

``build_matrix`` reads the standard's active clauses with their rules, the service's
declarations, its gap actions and the documents linked to the clauses, then runs each
evidence kind the clauses ask for ONCE (qms.evidence), for the service and those under
it: the number of queries depends on the kinds, never on the clauses or the records.

Status of a line:
- a declaration decides: not applicable (excluded from the score) or covered (with its
  justification);
- otherwise, every kind the rule asks for covered → covered; some evidence, or some kind
  partly covered → partly; nothing → missing;
- a clause whose rule asks for no kind is covered by a linked document, missing without
  one (« aucune preuve enregistrée : rattacher un document ou justifier »);
- documents linked to the clause (DocumentClause, kind "documents") always count as
  evidence.

Readiness score = (covered + ½ partly) / applicable clauses, as a percentage."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Criterion, Standard
from qms import evidence
from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult
from qms.models import Service

from .models import ClauseAssessment, DocumentClause, GapAction, gap_key

logger = logging.getLogger(__name__)
DOCUMENTS = "documents"


def NO_EVIDENCE() -> str:  # noqa: N802 - a translated constant
    """The gap of a clause that asks for no kind and has nothing linked (« aucune preuve
    enregistrée : rattacher un document ou justifier »)."""
    return _("No evidence recorded: link a document or give a justification.")


STATUS_ORDER = [Coverage.COVERED, Coverage.PARTLY, Coverage.MISSING, Coverage.NOT_APPLICABLE]


@dataclass
class Gap:
    message: str
    #: The action it was turned into (GapAction), if any.
    action: object | None = None


@dataclass
class Evidence:
    kind: str
    kind_label: str
    item: EvidenceItem


@dataclass
class Line:
    criterion: Criterion
    guidance: str
    kinds: list[str]
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    more: int = 0
    gaps: list[Gap] = field(default_factory=list)
    assessment: ClauseAssessment | None = None
    #: Every action opened from a gap of this clause (also those whose gap has changed).
    gap_actions: list[GapAction] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        if self.assessment and self.assessment.status == ClauseAssessment.Status.COVERED:
            return str(ClauseAssessment.Status.COVERED.label)
        return str(Coverage(self.status).label)

    @property
    def open_gaps(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.action is None]


@dataclass
class Matrix:
    service: Service
    standard: Standard
    today: datetime.date
    lines: list[Line]
    service_ids: frozenset[int] = frozenset()

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status.value: self.count(status) for status in STATUS_ORDER}

    @property
    def applicable(self) -> int:
        return len(self.lines) - self.count(Coverage.NOT_APPLICABLE)

    @property
    def score(self) -> Decimal | None:
        return readiness_score(self.count(Coverage.COVERED), self.count(Coverage.PARTLY),
                               self.applicable)

    @property
    def gaps(self) -> list[tuple[Line, Gap]]:
        return [(line, gap) for line in self.lines for gap in line.gaps]

    def line_for(self, criterion_id: int) -> Line | None:
        return next((line for line in self.lines if line.criterion.pk == criterion_id), None)


def readiness_score(covered: int, partly: int, applicable: int) -> Decimal | None:
    """(covered + ½ partly) / applicable, as a percentage with one decimal; None when no
    clause applies."""
    if not applicable:
        return None
    value = (Decimal(covered) + Decimal(partly) / 2) * 100 / Decimal(applicable)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def service_ids(service: Service) -> frozenset[int]:
    """The service and every service under it."""
    return frozenset(Service.objects.filter(pk=service.pk).with_descendants()
                     .values_list("pk", flat=True))


def standards() -> list[Standard]:
    """The active standards and labels that have clauses."""
    return list(Standard.objects.filter(is_active=True, criteria__is_active=True)
                .distinct().order_by("name"))


def certifications(service: Service) -> list:
    """The active certifications covering the service, each with `next_audit`
    (certification app; none when it is not installed)."""
    try:
        from certification.selectors import certifications_for_service
    except ImportError:  # pragma: no cover - the certification app is optional here
        return []
    return certifications_for_service(service)


def standards_for(service: Service, certs: list | None = None) -> list[Standard]:
    """The standards the service is certified for or prepares (its certifications); every
    standard with clauses when it has none."""
    certs = certifications(service) if certs is None else certs
    own = list({c.standard.pk: c.standard for c in certs if c.standard.is_active}.values())
    return sorted(own, key=lambda s: s.name) or standards()


def _documents_fallback(ctx: EvidenceContext) -> KindResult:
    """The documents linked to the clauses when no "documents" kind is registered: the
    published controlled documents owned by the service (one query)."""
    links = (DocumentClause.objects
             .filter(criterion__in=[c.pk for c in ctx.criteria], page__live=True,
                     page__controlleddocumentpage__owner_service__in=ctx.service_ids)
             .select_related("page__controlleddocumentpage")
             .order_by("criterion_id", "page__title"))
    by_criterion: dict[int, KindResult] = {}
    for link in links:
        page = link.page.controlleddocumentpage
        result = by_criterion.setdefault(link.criterion_id, KindResult(Coverage.COVERED))
        result.items.append(EvidenceItem(
            label=str(page), url=page.url or "",
            date=page.approved_at.date() if page.approved_at else None))
    for result in by_criterion.values():
        result.items, result.more = evidence.limited(result.items)
    return KindResult(Coverage.COVERED if by_criterion else Coverage.MISSING,
                      by_criterion=by_criterion)


def _run(kind_code: str, ctx: EvidenceContext) -> KindResult:
    """The kind's result; a finder that fails (a bug in another app) makes its kind
    missing, with a gap that says so, instead of breaking the whole matrix."""
    kind = evidence.get(kind_code)
    if kind is None:
        if kind_code == DOCUMENTS:
            return _documents_fallback(ctx)
        return KindResult(Coverage.MISSING)
    try:
        if connection.in_atomic_block:
            with transaction.atomic():  # a savepoint: the transaction survives a DB error
                return kind.find(ctx)
        return kind.find(ctx)
    except Exception:
        logger.exception("Evidence kind %s failed for service %s", kind_code, ctx.service)
        return KindResult(Coverage.MISSING, gaps=[_(
            "The evidence « %(kind)s » could not be read: tell the quality engineer.") % {
            "kind": kind.label}])


def _for_clause(result: KindResult, criterion: Criterion) -> KindResult:
    if result.by_criterion is None:
        return result
    return result.by_criterion.get(criterion.pk) or KindResult(Coverage.MISSING)


def _evaluate(line: Line, results: dict[str, KindResult], labels: dict[str, str]) -> None:
    """Set a line's status, evidence and gaps from the kinds' results."""
    criterion = line.criterion
    required = [code for code in line.kinds if code in results]
    per_kind = {code: _for_clause(results[code], criterion) for code in required}
    documents = (_for_clause(results[DOCUMENTS], criterion)
                 if DOCUMENTS in results and DOCUMENTS not in required else None)
    found_documents = bool(documents and documents.items)
    for code, result in [*per_kind.items(), *([(DOCUMENTS, documents)] if documents else [])]:
        line.evidence += [Evidence(code, labels.get(code, code), item) for item in result.items]
        line.more += result.more
    gaps: list[str] = []
    if required:
        coverages = [result.coverage for result in per_kind.values()]
        if all(c == Coverage.COVERED for c in coverages):
            line.status = Coverage.COVERED
        elif line.evidence or any(c != Coverage.MISSING for c in coverages):
            line.status = Coverage.PARTLY
        else:
            line.status = Coverage.MISSING
        for code, result in per_kind.items():
            if result.coverage == Coverage.COVERED:
                continue
            gaps += result.gaps or [_("No evidence found: %(kind)s.") % {
                "kind": labels.get(code, code)}]
    elif found_documents:
        line.status = (Coverage.COVERED if documents.coverage == Coverage.COVERED
                       else Coverage.PARTLY)
    else:
        line.status = Coverage.MISSING
        gaps.append(NO_EVIDENCE())
    if found_documents and documents.gaps:
        # A linked document overdue for review is a gap of the clause too.
        gaps += documents.gaps
        if line.status == Coverage.COVERED:
            line.status = Coverage.PARTLY
    line.gaps = [Gap(str(message)) for message in dict.fromkeys(str(g) for g in gaps)]


def build_matrix(*, service: Service, standard: Standard,
                 today: datetime.date | None = None) -> Matrix:
    today = today or timezone.localdate()
    criteria = list(Criterion.objects.active().filter(standard=standard)
                    .select_related("readiness_rule").order_by("order", "reference"))
    ids = service_ids(service)
    assessments = {a.criterion_id: a for a in ClauseAssessment.objects.filter(
        service=service, criterion__in=[c.pk for c in criteria]).select_related("assessed_by")}
    gap_actions: dict[int, list[GapAction]] = {}
    for gap_action in (GapAction.objects.filter(service=service, criterion__standard=standard)
                       .select_related("action").order_by("created_at")):
        gap_actions.setdefault(gap_action.criterion_id, []).append(gap_action)

    lines = []
    for criterion in criteria:
        rule = getattr(criterion, "readiness_rule", None)
        lines.append(Line(
            criterion=criterion, guidance=(rule.guidance if rule else "") or criterion.guidance,
            kinds=list(rule.evidence_kinds if rule else []), status=Coverage.MISSING,
            assessment=assessments.get(criterion.pk),
            gap_actions=gap_actions.get(criterion.pk, [])))

    # Each needed kind once, for every clause (plus the linked documents, always).
    assessed = [line for line in lines if line.assessment is None]
    needed = list(dict.fromkeys(code for line in assessed for code in line.kinds
                                if evidence.get(code) is not None or code == DOCUMENTS))
    if DOCUMENTS not in needed:
        needed.append(DOCUMENTS)
    ctx = EvidenceContext(service=service, service_ids=ids, standard=standard,
                          criteria=criteria, today=today)
    results = {code: _run(code, ctx) for code in needed} if assessed else {}
    labels = {kind.code: str(kind.label) for kind in evidence.kinds()}
    labels.setdefault(DOCUMENTS, _("Documents linked to the clause"))

    for line in lines:
        if line.assessment is not None:
            line.status = (Coverage.NOT_APPLICABLE
                           if line.assessment.status == ClauseAssessment.Status.NOT_APPLICABLE
                           else Coverage.COVERED)
            continue
        _evaluate(line, results, labels)
        by_gap = {gap_key(ga.gap): ga.action for ga in reversed(line.gap_actions)}
        for gap in line.gaps:
            gap.action = by_gap.get(gap_key(gap.message))
    return Matrix(service=service, standard=standard, today=today, lines=lines,
                  service_ids=ids)
