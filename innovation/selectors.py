"""Composed reads of the contracts' side of the programme: the roll-up of many contracts
in one grouped query, the programme dashboard's figures, a contract's page, the
quarterly steering pack. Each read costs a fixed number of queries whatever the number
of contracts or actions (pinned in tests/innovation/test_selectors.py).

The roll-up of one contract is the same as innovation.services.contracts.contract_figures
(the counts leave cancelled actions out; the money counts every funded action)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Min, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from actions.models import Action

from .models import (
    Axis,
    BudgetMove,
    Contract,
    FundedAction,
    Idea,
    InnovationProgramme,
    Meeting,
    Membership,
    Proposal,
    SteeringCommittee,
    SteeringDecision,
    Theme,
)

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=14, decimal_places=2)
OPEN = Q(action__status__in=Action.OPEN_STATUSES)
NOT_CANCELLED = ~Q(action__status=Action.Status.CANCELLED)


def _money(expression, **extra):
    return Coalesce(Sum(expression, output_field=MONEY, **extra), Value(ZERO),
                    output_field=MONEY)


@dataclass
class Figures:
    """The roll-up of a contract (or of an axis, or of the programme)."""

    total: int = 0
    done: int = 0
    late: int = 0
    blocked: int = 0
    programme_operating: Decimal = ZERO
    programme_investment: Decimal = ZERO
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self) -> int:
        return self.total - self.done

    @property
    def programme_funds(self) -> Decimal:
        return self.programme_operating + self.programme_investment

    @property
    def progress(self) -> int | None:
        """Share of the actions done, in %, None without actions."""
        return round(100 * self.done / self.total) if self.total else None

    @property
    def consumption(self) -> int | None:
        """Share of the planned budget spent, in %."""
        return round(100 * self.spent / self.planned) if self.planned else None

    def add(self, other: Figures) -> None:
        for name in ("total", "done", "late", "blocked", "programme_operating",
                     "programme_investment", "planned", "committed", "spent"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return {"total": self.total, "done": self.done, "late": self.late,
                "blocked": self.blocked, "planned": self.planned,
                "committed": self.committed, "spent": self.spent}


def contract_rollups(contracts, *, on: datetime.date | None = None) -> dict[int, Figures]:
    """The roll-up of every contract of `contracts` (a queryset or ids), in one grouped
    query: {contract id: Figures}. Contracts without actions get empty figures."""
    on = on or timezone.localdate()
    ids = contracts.values("pk") if hasattr(contracts, "values") else list(contracts)
    rows = (FundedAction.objects.filter(contract__in=ids).order_by().values("contract_id")
            .annotate(
                total=Count("pk", filter=NOT_CANCELLED),
                done=Count("pk", filter=Q(action__status=Action.Status.DONE)),
                late=Count("pk", filter=OPEN & Q(action__due_date__lt=on)),
                blocked=Count("pk", filter=Q(is_blocked=True)),
                programme_operating_sum=_money("programme_operating"),
                programme_investment_sum=_money("programme_investment"),
                planned=_money(F("programme_operating") + F("programme_investment")
                               + F("service_operating") + F("service_investment")),
                committed_sum=_money("committed"),
                spent=_money(F("action__operating_budget_spent")
                             + F("action__investment_budget_spent"), filter=NOT_CANCELLED),
            ))
    result = {}
    for row in rows:
        result[row["contract_id"]] = Figures(
            total=row["total"], done=row["done"], late=row["late"], blocked=row["blocked"],
            programme_operating=row["programme_operating_sum"],
            programme_investment=row["programme_investment_sum"], planned=row["planned"],
            committed=row["committed_sum"], spent=row["spent"])
    if not hasattr(contracts, "values"):
        for pk in ids:
            result.setdefault(pk, Figures())
    return result


# --- the programme dashboard -------------------------------------------------------------
@dataclass
class ContractRow:
    contract: Contract
    figures: Figures

    @property
    def late_for_deadline(self) -> bool:
        return (not self.contract.is_closed and self.figures.remaining > 0
                and self.contract.deadline < timezone.localdate())


@dataclass
class AxisRow:
    axis: Axis
    contracts: list[ContractRow] = field(default_factory=list)
    figures: Figures = field(default_factory=Figures)


@dataclass
class Dashboard:
    programme: InnovationProgramme
    themes: int
    groups: int
    meetings_held: int
    meetings_planned: int
    participants: int
    ideas: int
    proposals: int
    proposals_by_status: list[tuple[str, str, int]]
    contracts_by_status: list[tuple[str, str, int]]
    axes: list[AxisRow]
    contracts: list[ContractRow]
    totals: Figures
    today: datetime.date

    @property
    def envelopes(self) -> Decimal:
        return self.programme.operating_envelope + self.programme.investment_envelope

    @property
    def unallotted_operating(self) -> Decimal:
        return self.programme.operating_envelope - self.totals.programme_operating

    @property
    def unallotted_investment(self) -> Decimal:
        return self.programme.investment_envelope - self.totals.programme_investment


def programme_contracts(programme, *, on: datetime.date | None = None) -> list[ContractRow]:
    """Every contract of the programme (axis, manager) with its roll-up: two queries."""
    contracts = list(Contract.objects.filter(programme=programme)
                     .select_related("axis", "manager", "referent")
                     .order_by("axis__number", "number"))
    rollups = contract_rollups(Contract.objects.filter(programme=programme), on=on)
    return [ContractRow(contract=c, figures=rollups.get(c.pk, Figures())) for c in contracts]


def programme_dashboard(programme: InnovationProgramme, *,
                        on: datetime.date | None = None) -> Dashboard:
    """The figures of the seeds' synthesis, per axis and per contract (ten queries)."""
    on = on or timezone.localdate()
    group_counts = Theme.objects.filter(programme=programme).aggregate(
        themes=Count("pk", distinct=True), groups=Count("group", distinct=True))
    meetings = Meeting.objects.filter(group__theme__programme=programme).aggregate(
        held=Count("pk", filter=Q(status=Meeting.Status.HELD)),
        planned=Count("pk", filter=Q(status=Meeting.Status.PLANNED)))
    participants = (Membership.objects.filter(group__theme__programme=programme)
                    .values("user").distinct().count())
    ideas = Idea.objects.filter(theme__programme=programme).count()
    by_status = dict(Proposal.objects.filter(theme__programme=programme).order_by()
                     .values_list("status").annotate(n=Count("pk")))
    proposals_by_status = [(value, label, by_status.get(value, 0))
                           for value, label in Proposal.Status.choices]
    rows = programme_contracts(programme, on=on)
    contracts_by_status = [(value, label, sum(1 for r in rows if r.contract.status == value))
                           for value, label in Contract.Status.choices]
    axes = {axis.pk: AxisRow(axis=axis) for axis in Axis.objects.filter(programme=programme)}
    totals = Figures()
    for row in rows:
        axis_row = axes[row.contract.axis_id]
        axis_row.contracts.append(row)
        axis_row.figures.add(row.figures)
        totals.add(row.figures)
    return Dashboard(
        programme=programme, themes=group_counts["themes"], groups=group_counts["groups"],
        meetings_held=meetings["held"], meetings_planned=meetings["planned"],
        participants=participants, ideas=ideas, proposals=sum(by_status.values()),
        proposals_by_status=proposals_by_status, contracts_by_status=contracts_by_status,
        axes=list(axes.values()), contracts=rows, totals=totals, today=on)


def contracts_created_on(programme) -> dict[int, datetime.date]:
    """The day each contract of the programme was drawn up, from its history (one
    query): the start of its bar on the timeline."""
    rows = (Contract.history.filter(programme_id=programme.pk).order_by().values("id")
            .annotate(first=Min("history_date")).values_list("id", "first"))
    return {pk: timezone.localdate(first) if timezone.is_aware(first) else first.date()
            for pk, first in rows}


# --- a contract's page ----------------------------------------------------------------------
def funded_actions(queryset=None):
    """Funded actions with their action, owner, service, contract and roadmap (one query),
    in the contract's order."""
    queryset = queryset if queryset is not None else FundedAction.objects.all()
    return (queryset.select_related("action__owner", "action__service", "contract",
                                    "roadmap_direction")
            .order_by("contract__number", "action__reference"))


def indicator_values(contract: Contract) -> list[dict]:
    """The contract's indicators with their latest value (two queries)."""
    from indicators.models import Measurement

    indicators = list(contract.indicators.order_by("code"))
    latest = {}
    for measurement in (Measurement.objects.filter(indicator__in=indicators)
                        .order_by("indicator_id", "-period_start")):
        latest.setdefault(measurement.indicator_id, measurement)
    return [{"indicator": i, "code": i.code, "title": i.title, "unit": i.unit,
             "value": latest[i.pk].value if i.pk in latest else None,
             "period": latest[i.pk].period if i.pk in latest else None}
            for i in indicators]


def contract_page(contract: Contract, *, on: datetime.date | None = None) -> dict:
    """What a contract's page and its PDF show (a fixed number of queries)."""
    on = on or timezone.localdate()
    actions = list(funded_actions(FundedAction.objects.filter(contract=contract)))
    figures = contract_rollups([contract.pk], on=on)[contract.pk]
    proposals = list(contract.proposals.select_related("theme").order_by("reference"))
    groups: dict = {}
    for proposal in proposals:
        groups.setdefault(proposal.theme, []).append(proposal)
    moves = list(BudgetMove.objects.filter(Q(source__contract=contract)
                                           | Q(target__contract=contract))
                 .select_related("source__action", "target__action", "source__contract",
                                 "target__contract", "moved_by"))
    for move in moves:
        move.is_in = move.target.contract_id == contract.pk
        move.is_out = move.source.contract_id == contract.pk
    return {
        "actions": actions,
        "figures": figures,
        "totals": {
            "programme_operating": sum((a.programme_operating for a in actions), ZERO),
            "programme_investment": sum((a.programme_investment for a in actions), ZERO),
            "service_operating": sum((a.service_operating for a in actions), ZERO),
            "service_investment": sum((a.service_investment for a in actions), ZERO),
        },
        "participants": list(contract.participants.order_by("last_name", "first_name")),
        "proposal_groups": list(groups.items()),
        "indicators": indicator_values(contract),
        "reports": list(contract.reports.select_related("filled_by").order_by("-month")),
        "decisions": list(SteeringDecision.objects.filter(contract=contract)
                          .select_related("committee").order_by("-committee__held_on")),
        "moves": moves,
        "today": on,
    }


def annotate_late(actions: list[FundedAction], on: datetime.date) -> None:
    for funded in actions:
        action = funded.action
        funded.is_late = action.status in Action.OPEN_STATUSES and action.due_date < on


# --- the quarterly steering pack ---------------------------------------------------------------
@dataclass
class SteeringPack:
    dashboard: Dashboard
    late: dict[int, list[FundedAction]]
    blocked: dict[int, list[FundedAction]]
    awaiting: list[Proposal]
    to_modify: list[Proposal]
    last_committee: SteeringCommittee | None
    last_decisions: list[SteeringDecision]


def steering_pack(programme: InnovationProgramme, *,
                  on: datetime.date | None = None) -> SteeringPack:
    """Every contract's progress, its late and blocked actions, the budget consumption,
    the proposals awaiting arbitration, the last committee's decisions (the dashboard's
    queries and five more)."""
    on = on or timezone.localdate()
    dashboard = programme_dashboard(programme, on=on)
    late, blocked = {}, {}
    attention = (FundedAction.objects.filter(contract__programme=programme)
                 .filter((OPEN & Q(action__due_date__lt=on)) | Q(is_blocked=True))
                 .select_related("action__owner", "action__service")
                 .order_by("action__due_date", "action__reference"))
    for funded in attention:
        action = funded.action
        funded.is_late = action.status in Action.OPEN_STATUSES and action.due_date < on
        if funded.is_late:
            late.setdefault(funded.contract_id, []).append(funded)
        if funded.is_blocked:
            blocked.setdefault(funded.contract_id, []).append(funded)
    proposals = list(Proposal.objects.filter(
        theme__programme=programme,
        status__in=[Proposal.Status.IN_ARBITRATION, Proposal.Status.TO_MODIFY])
        .select_related("theme", "current_level").order_by("current_level__order", "reference"))
    committee = (SteeringCommittee.objects.filter(programme=programme)
                 .order_by("-held_on", "-pk").first())
    decisions = list(committee.decisions.select_related("contract").order_by("pk")) \
        if committee else []
    return SteeringPack(
        dashboard=dashboard, late=late, blocked=blocked,
        awaiting=[p for p in proposals if p.status == Proposal.Status.IN_ARBITRATION],
        to_modify=[p for p in proposals if p.status == Proposal.Status.TO_MODIFY],
        last_committee=committee, last_decisions=decisions)


def committees(programme) -> list[SteeringCommittee]:
    """The programme's committees, latest first, with their decisions and attendees
    (three queries)."""
    return list(SteeringCommittee.objects.filter(programme=programme)
                .prefetch_related("attendees", Prefetch(
                    "decisions", queryset=SteeringDecision.objects.select_related("contract")
                    .order_by("pk")))
                .order_by("-held_on", "-pk"))
