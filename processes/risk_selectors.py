"""Composed reads of the risk sheets: the register (filterable, with each risk's
treatment status), the 4×4 matrix of a scope, a sheet with its risks and their actions.
Each answers in a fixed number of queries whatever the number of risks.

The treatment status of a risk is derived, never stored: from its treatment decision and
the actions of the action plan attached to it (actions.Action's generic source: the
content type of Risk and the risk's id), cancelled actions left aside:

* undecided — no treatment decision yet;
* accepted — accepted, or an opportunity not pursued: no action is called for;
* no action — a decision that calls for actions (reduce, transfer, avoid, pursue) and no
  action planned yet;
* in progress — at least one action still open;
* treated — its actions are all done."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from qms.models import Service

from .models import Criticality, Process, Risk, RiskSheet
from .models.risks import Likelihood, Severity

SCALE = (1, 2, 3, 4)


class TreatmentStatus:
    UNDECIDED = "undecided"
    ACCEPTED = "accepted"
    NO_ACTION = "no_action"
    IN_PROGRESS = "in_progress"
    TREATED = "treated"

    choices = [
        (UNDECIDED, _("Undecided")),
        (ACCEPTED, _("Accepted or not pursued")),
        (NO_ACTION, _("No action yet")),
        (IN_PROGRESS, _("Actions under way")),
        (TREATED, _("Treated (actions done)")),
    ]
    labels = dict(choices)


class Basis:
    """Which scores a matrix or a filter reads: before or after treatment."""

    INITIAL = "initial"
    RESIDUAL = "residual"
    choices = [(INITIAL, _("Initial (before treatment)")),
               (RESIDUAL, _("Residual (after treatment)"))]


SORTS = {
    "reference": ["reference"],
    "criticality": ["-score", "-severity", "reference"],
    "review": [F("review_date").asc(nulls_last=True), "reference"],
}


# --- the treatment status -----------------------------------------------------------------------
def _risk_type() -> ContentType:
    return ContentType.objects.get_for_model(Risk)


def _action_count(statuses, risk_type) -> Coalesce:
    """The number of actions of the given statuses attached to the outer risk."""
    counted = (
        Action.objects.filter(source_content_type=risk_type, source_object_id=OuterRef("pk"),
                              status__in=statuses)
        .order_by().values("source_object_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_treatment_status(risks: QuerySet) -> QuerySet:
    """Annotate `open_actions`, `done_actions` and `treatment_status`."""
    risk_type = _risk_type()
    return risks.annotate(
        open_actions=_action_count(Action.OPEN_STATUSES, risk_type),
        done_actions=_action_count([Action.Status.DONE], risk_type),
    ).annotate(treatment_status=Case(
        When(treatment="", then=Value(TreatmentStatus.UNDECIDED)),
        When(treatment__in=[Risk.Treatment.ACCEPT, Risk.Treatment.NOT_PURSUE],
             then=Value(TreatmentStatus.ACCEPTED)),
        When(open_actions__gt=0, then=Value(TreatmentStatus.IN_PROGRESS)),
        When(done_actions__gt=0, then=Value(TreatmentStatus.TREATED)),
        default=Value(TreatmentStatus.NO_ACTION),
        output_field=CharField(),
    ))


def treatment_status_of(risk: Risk, actions: list[Action]) -> str:
    """The same status, for a risk whose actions are already loaded."""
    if not risk.treatment:
        return TreatmentStatus.UNDECIDED
    if risk.treatment in (Risk.Treatment.ACCEPT, Risk.Treatment.NOT_PURSUE):
        return TreatmentStatus.ACCEPTED
    if any(a.status in Action.OPEN_STATUSES for a in actions):
        return TreatmentStatus.IN_PROGRESS
    if any(a.status == Action.Status.DONE for a in actions):
        return TreatmentStatus.TREATED
    return TreatmentStatus.NO_ACTION


# --- scopes ---------------------------------------------------------------------------------
def service_scope_ids(service: Service) -> list[int]:
    """A service and the services below it (a direction covers its services); kept on
    the service object for the rest of the request."""
    ids = getattr(service, "_qms_scope_ids", None)
    if ids is None:
        ids = list(Service.objects.filter(pk=service.pk).with_descendants()
                   .values_list("pk", flat=True))
        service._qms_scope_ids = ids
    return ids


def scope_filter(*, process: Process | None = None, service: Service | None = None) -> Q:
    """The risks of a process's sheet; of a service: the sheets it keeps and those of the
    processes it owns (and so for the services below it); else the whole municipality."""
    condition = Q()
    if process is not None:
        condition &= Q(sheet__process=process)
    if service is not None:
        ids = service_scope_ids(service)
        condition &= Q(sheet__service__in=ids) | Q(sheet__process__service__in=ids)
    return condition


# --- the register ---------------------------------------------------------------------------
@dataclass
class RegisterFilters:
    family: str = ""
    process: Process | None = None
    service: Service | None = None
    level: str = ""
    kind: str = ""
    treatment: str = ""
    status: str = ""
    overdue: bool = False
    likelihood: int | None = None
    severity: int | None = None
    basis: str = Basis.INITIAL
    sort: str = "reference"
    archived: bool = False

    @property
    def is_filtered(self) -> bool:
        return any([self.family, self.process, self.service, self.level, self.kind,
                    self.treatment, self.status, self.overdue, self.likelihood, self.severity,
                    self.archived])


def register(filters: RegisterFilters | None = None) -> QuerySet:
    """The risks and opportunities of the register with what its table shows: sheet,
    process and service (joined), scores, treatment status and action counts (annotated
    by correlated subqueries): one query per page, one to count."""
    filters = filters or RegisterFilters()
    risks = Risk.objects.filter(is_active=not filters.archived).with_scores()
    if not filters.archived:
        risks = risks.filter(sheet__is_active=True)
    risks = risks.filter(scope_filter(process=filters.process, service=filters.service))
    if filters.family:
        risks = risks.filter(sheet__process__family=filters.family)
    if filters.kind:
        risks = risks.filter(kind=filters.kind)
    if filters.treatment:
        risks = risks.filter(treatment=filters.treatment)
    residual = filters.basis == Basis.RESIDUAL
    if filters.level:
        low, high = Criticality.bounds(filters.level)
        score = "residual_score" if residual else "score"
        risks = risks.filter(**{f"{score}__gte": low, f"{score}__lte": high})
    likelihood_field = "residual_likelihood" if residual else "likelihood"
    severity_field = "residual_severity" if residual else "severity"
    if filters.likelihood:
        risks = risks.filter(**{likelihood_field: filters.likelihood})
    if filters.severity:
        risks = risks.filter(**{severity_field: filters.severity})
    if filters.overdue:
        risks = risks.filter(review_date__lt=timezone.localdate())
    risks = with_treatment_status(risks)
    if filters.status:
        risks = risks.filter(treatment_status=filters.status)
    return (
        risks.select_related("sheet__process", "sheet__service")
        .order_by(*SORTS.get(filters.sort, SORTS["reference"]))
    )


# --- the matrix -----------------------------------------------------------------------------
@dataclass
class MatrixCell:
    likelihood: int
    severity: int
    count: int = 0

    @property
    def score(self) -> int:
        return self.likelihood * self.severity

    @property
    def level(self) -> Criticality:
        return Criticality.of(self.score)


@dataclass
class Matrix:
    basis: str
    counts: dict[tuple[int, int], int] = field(default_factory=dict)
    #: Risks of the scope without residual scores (a residual matrix leaves them out).
    unscored: int = 0

    def cell(self, likelihood: int, severity: int) -> MatrixCell:
        return MatrixCell(likelihood, severity, self.counts.get((likelihood, severity), 0))

    @property
    def rows(self) -> list[list[MatrixCell]]:
        """Likelihood 4 (top) to 1 (bottom), severity 1 (left) to 4 (right)."""
        return [[self.cell(lik, sev) for sev in SCALE] for lik in reversed(SCALE)]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def by_level(self) -> list[tuple[Criticality, int]]:
        totals = dict.fromkeys(Criticality, 0)
        for (lik, sev), count in self.counts.items():
            totals[Criticality.of(lik * sev)] += count
        return [(level, totals[level]) for level in reversed(Criticality)]


def matrix(*, process: Process | None = None, service: Service | None = None,
           basis: str = Basis.INITIAL, kind: str = Risk.Kind.RISK) -> Matrix:
    """The number of active risks in each cell of the 4×4 matrix (likelihood × severity,
    before or after treatment) for a process, a service or the whole municipality: one
    grouped query."""
    residual = basis == Basis.RESIDUAL
    lik, sev = (("residual_likelihood", "residual_severity") if residual
                else ("likelihood", "severity"))
    risks = Risk.objects.filter(scope_filter(process=process, service=service), is_active=True,
                                sheet__is_active=True)
    if kind:
        risks = risks.filter(kind=kind)
    result = Matrix(basis=Basis.RESIDUAL if residual else Basis.INITIAL)
    for row in risks.order_by().values(lik, sev).annotate(n=Count("pk")):
        if row[lik] in SCALE and row[sev] in SCALE:
            result.counts[(row[lik], row[sev])] = row["n"]
        else:
            result.unscored += row["n"]
    return result


# --- a sheet --------------------------------------------------------------------------------
@dataclass
class SheetRisk:
    risk: Risk
    actions: list[Action]
    treatment_status: str

    @property
    def treatment_status_label(self):
        return TreatmentStatus.labels[self.treatment_status]


@dataclass
class SheetData:
    sheet: RiskSheet
    risks: list[SheetRisk]
    archived: int
    initial: Matrix
    residual: Matrix


def actions_by_risk(risks: list[Risk]) -> dict[int, list[Action]]:
    """The actions attached to these risks, by risk id, in one query."""
    grouped = defaultdict(list)
    if not risks:
        return grouped
    actions = (
        Action.objects.filter(source_content_type=_risk_type(),
                              source_object_id__in=[r.pk for r in risks])
        .select_related("owner", "service").order_by("due_date", "reference")
    )
    for action in actions:
        grouped[action.source_object_id].append(action)
    return grouped


def sheet_data(sheet: RiskSheet) -> SheetData:
    """A sheet's active risks (most critical first) with their actions, and its two
    matrices, in a fixed number of queries."""
    all_risks = list(
        sheet.risks.select_related("reviewer", "origin_issue")
        .order_by("kind", "reference")
    )
    active = [r for r in all_risks if r.is_active]
    actions = actions_by_risk(active)
    rows = [SheetRisk(r, actions.get(r.pk, []), treatment_status_of(r, actions.get(r.pk, [])))
            for r in active]
    initial, residual = Matrix(Basis.INITIAL), Matrix(Basis.RESIDUAL)
    for risk in active:
        if risk.kind != Risk.Kind.RISK:
            continue
        key = (risk.likelihood, risk.severity)
        initial.counts[key] = initial.counts.get(key, 0) + 1
        if risk.residual_criticality:
            key = (risk.residual_likelihood, risk.residual_severity)
            residual.counts[key] = residual.counts.get(key, 0) + 1
        else:
            residual.unscored += 1
    return SheetData(sheet=sheet, risks=rows, archived=len(all_risks) - len(active),
                     initial=initial, residual=residual)


# --- reviews --------------------------------------------------------------------------------
def reviews_due(on: datetime.date | None = None) -> QuerySet:
    """Active risks whose review date has come, with what a reminder shows."""
    return (
        Risk.objects.due_for_review(on)
        .select_related("sheet__process__pilot", "sheet__service", "reviewer")
        .order_by("review_date", "reference")
    )


def reviews_due_for(user, on: datetime.date | None = None) -> QuerySet:
    """The active risks due for review whose pilot the user is: the pilot of the sheet's
    process, or a pilot of the service that keeps the sheet (one query)."""
    from qms import roles

    mine = Q(sheet__process__pilot=user)
    if roles.user_has_role(user, roles.PILOT) and user.service_id:
        mine |= Q(sheet__service=user.service_id)
    return reviews_due(on).filter(mine, sheet__is_active=True)


def level_label(level: str) -> str:
    return str(Criticality(level).label) if level else ""


def scale_labels() -> tuple[dict[int, str], dict[int, str]]:
    return dict(Likelihood.choices), dict(Severity.choices)
