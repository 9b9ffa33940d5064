"""Contracts, their funded actions and money: creation from accepted proposals, the
funding of each action (kept equal on the action plan's side), budget moves between
actions, signature, and the contract manager's monthly report."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.services import action_create

from ..models import BudgetMove, Contract, ContractReport, FundedAction, Proposal
from ..permissions import can_manage_programme, can_move_budget, can_report
from ._common import check_open, require, save

ZERO = Decimal("0")
FUNDING_FIELDS = ("programme_operating", "programme_investment", "service_operating",
                  "service_investment", "committed", "is_priority", "is_blocked",
                  "blocked_reason")


def _check_contract_open(contract: Contract) -> None:
    check_open(contract.programme)
    if Contract.objects.filter(pk=contract.pk, status=Contract.Status.CLOSED).exists():
        raise ValidationError(_("%(contract)s is closed: it can no longer be changed.")
                              % {"contract": contract})


@transaction.atomic
def contract_create(*, programme, axis, number: int, title: str, manager, referent,
                    objectives: str, deadline: datetime.date, user, proposals=(),
                    participants=(), indicators=()) -> Contract:
    """A contract under an axis, grouping accepted proposals of the programme."""
    check_open(programme)
    require(can_manage_programme(user, programme),
            _("Only those who run the programme draw up its contracts."))
    contract = save(Contract(programme=programme, axis=axis, number=number, title=title,
                             manager=manager, referent=referent, objectives=objectives,
                             deadline=deadline), user=user, reason="Création")
    contract.participants.set(participants)
    contract.indicators.set(indicators)
    for proposal in proposals:
        if proposal.theme.programme_id != programme.pk:
            raise ValidationError(_("%(ref)s belongs to another programme.")
                                  % {"ref": proposal.reference})
        if proposal.status != Proposal.Status.ACCEPTED:
            raise ValidationError(_("%(ref)s has not been accepted: only accepted proposals "
                                    "go into a contract.") % {"ref": proposal.reference})
        if proposal.contract_id and proposal.contract_id != contract.pk:
            raise ValidationError(_("%(ref)s is already in %(contract)s.") % {
                "ref": proposal.reference, "contract": proposal.contract})
        proposal.contract = contract
        save(proposal, user=user, reason=_("Grouped into %(contract)s") % {
            "contract": contract})
    return contract


@transaction.atomic
def contract_sign(*, contract: Contract, signed_on: datetime.date, user,
                  signed_file=None) -> Contract:
    _check_contract_open(contract)
    require(can_manage_programme(user, contract.programme),
            _("Only those who run the programme record the signature."))
    contract.status = Contract.Status.SIGNED
    contract.signed_on = signed_on
    if signed_file is not None:
        contract.signed_file = signed_file
    return save(contract, user=user, reason="Signature")


def programme_totals(programme) -> dict[str, Decimal]:
    """The programme funds allotted to its actions, by envelope (one query)."""
    totals = FundedAction.objects.filter(contract__programme=programme).aggregate(
        operating=Sum("programme_operating"), investment=Sum("programme_investment"))
    return {key: value or ZERO for key, value in totals.items()}


def _check_envelopes(programme) -> None:
    totals = programme_totals(programme)
    for envelope, limit in (("operating", programme.operating_envelope),
                            ("investment", programme.investment_envelope)):
        if totals[envelope] > limit:
            raise ValidationError(_(
                "The programme's %(envelope)s budget would be exceeded by %(excess)s € "
                "(%(limit)s € in all).") % {
                "envelope": _("operating") if envelope == "operating" else _("investment"),
                "excess": totals[envelope] - limit, "limit": limit})


def _sync_action(funded: FundedAction, user, reason: str) -> None:
    """The action plan shows the funded action's planned budgets: programme + services.
    Written here, under the programme's own permission checks."""
    action = funded.action
    action.operating_budget_planned = funded.programme_operating + funded.service_operating
    action.investment_budget_planned = funded.programme_investment + funded.service_investment
    save(action, user=user, reason=reason)


@transaction.atomic
def funded_action_create(*, contract: Contract, title: str, owner, service,
                         due_date: datetime.date, user, description: str = "",
                         start_date: datetime.date | None = None, **funding) -> FundedAction:
    """An action of the contract, in the action plan (kind innovation, source the
    contract), with its funding."""
    _check_contract_open(contract)
    require(can_report(user, contract),
            _("Only the contract's manager or those who run the programme add its actions."))
    unknown = set(funding) - set(FUNDING_FIELDS)
    if unknown:
        raise TypeError(f"funded_action_create() got unexpected fields: {sorted(unknown)}")
    action = action_create(title=title, kind=Action.Kind.INNOVATION, owner=owner,
                           service=service, due_date=due_date, user=user, source=contract,
                           description=description, start_date=start_date)
    funded = save(FundedAction(contract=contract, action=action, **funding), user=user,
                  reason="Création")
    _sync_action(funded, user, "Financement")
    _check_envelopes(contract.programme)
    return funded


@transaction.atomic
def funded_action_update(*, funded: FundedAction, user, reason: str = "",
                         **funding) -> FundedAction:
    """Change an action's funding, committed amount, priority or blocked flag. The
    programme funds only move through budget_move once the contract is signed."""
    funded = FundedAction.objects.select_for_update().select_related(
        "contract__programme", "action").get(pk=funded.pk)
    _check_contract_open(funded.contract)
    require(can_report(user, funded.contract),
            _("Only the contract's manager or those who run the programme change its "
              "actions."))
    unknown = set(funding) - set(FUNDING_FIELDS)
    if unknown:
        raise TypeError(f"funded_action_update() got unexpected fields: {sorted(unknown)}")
    programme_fields = {"programme_operating", "programme_investment"} & set(funding)
    if programme_fields and funded.contract.status != Contract.Status.DRAFT and any(
            funding[f] != getattr(funded, f) for f in programme_fields):
        raise ValidationError(_("The contract is signed: its programme funds change only "
                                "through a budget move decided by the direction."))
    for name, value in funding.items():
        setattr(funded, name, value)
    save(funded, user=user, reason=reason or "Financement")
    _sync_action(funded, user, reason or "Financement")
    _check_envelopes(funded.contract.programme)
    return funded


@transaction.atomic
def budget_move(*, source: FundedAction, target: FundedAction, envelope: str,
                amount: Decimal, reason: str, user) -> BudgetMove:
    """Move programme funds of one envelope from an action that advances slowly to one
    that advances well; the programme's totals stay as they were."""
    require(can_move_budget(user), _("Only the direction moves budgets between actions."))
    rows = {f.pk: f for f in FundedAction.objects.select_for_update().select_related(
        "contract__programme", "action").filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = rows[source.pk], rows[target.pk]
    programme = source.contract.programme
    if target.contract.programme_id != programme.pk:
        raise ValidationError({"target": _("Funds move only within one programme.")})
    for funded in (source, target):
        _check_contract_open(funded.contract)
    move = BudgetMove(programme=programme, source=source, target=target, envelope=envelope,
                      amount=amount, reason=(reason or "").strip(), moved_by=user)
    move.full_clean()
    field = f"programme_{envelope}"
    available = getattr(source, field)
    if amount > available:
        raise ValidationError({"amount": _(
            "%(action)s has only %(available)s € of programme funds (%(envelope)s): moving "
            "%(amount)s € would make them negative.") % {
            "action": source.action.reference, "available": available,
            "envelope": move.get_envelope_display().lower(), "amount": amount}})
    used = max(source.committed, source.action.budget_spent)
    if source.planned - amount < used:
        raise ValidationError({"amount": _(
            "%(action)s has %(used)s € committed or spent: at most %(free)s € can leave "
            "it.") % {"action": source.action.reference, "used": used,
                      "free": max(source.planned - used, ZERO)}})
    before = programme_totals(programme)
    setattr(source, field, available - amount)
    setattr(target, field, getattr(target, field) + amount)
    label = _("Budget move of %(amount)s €: %(reason)s") % {"amount": amount,
                                                            "reason": move.reason}
    for funded in (source, target):
        save(funded, user=user, reason=label)
        _sync_action(funded, user, label)
    if programme_totals(programme) != before:  # pragma: no cover — a bug, not bad input
        raise AssertionError("A budget move changed the programme's totals.")
    return save(move, user=user, reason="Mouvement de crédits")


def _month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def contract_figures(contract: Contract, *, on: datetime.date | None = None) -> dict:
    """The contract's roll-up: actions done, late, blocked, progress, budgets (two
    queries)."""
    on = on or timezone.localdate()
    funded = FundedAction.objects.filter(contract=contract)
    actions = Action.objects.filter(innovation_funding__contract=contract).exclude(
        status=Action.Status.CANCELLED)
    counts = actions.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=Action.Status.DONE)),
        late=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES, due_date__lt=on)),
        spent=Sum("operating_budget_spent") + Sum("investment_budget_spent"))
    money = funded.aggregate(
        blocked=Count("pk", filter=Q(is_blocked=True)), committed=Sum("committed"),
        planned=Sum("programme_operating") + Sum("programme_investment")
        + Sum("service_operating") + Sum("service_investment"))
    return {
        "total": counts["total"] or 0, "done": counts["done"] or 0,
        "late": counts["late"] or 0, "blocked": money["blocked"] or 0,
        "planned": money["planned"] or ZERO, "committed": money["committed"] or ZERO,
        "spent": counts["spent"] or ZERO,
    }


@transaction.atomic
def report_fill(*, contract: Contract, month: datetime.date, comment: str, user,
                indicator_values: list[dict] | None = None) -> ContractReport:
    """The monthly report of the contract: the figures are counted now, the comment is
    the manager's. Filling the same month again updates it (the history keeps both)."""
    contract = Contract.objects.select_for_update().select_related("programme").get(
        pk=contract.pk)
    if contract.is_closed:
        raise ValidationError(_("%(contract)s is closed: no more monthly reports.")
                              % {"contract": contract})
    check_open(contract.programme)
    require(can_report(user, contract),
            _("Only the contract's manager fills in its monthly report."))
    month = _month(month)
    if month > _month(timezone.localdate()):
        raise ValidationError({"month": _("A report cannot be filled in for a month to "
                                          "come.")})
    figures = contract_figures(contract)
    if indicator_values is None:
        indicator_values = _indicator_values(contract)
    report = ContractReport.objects.filter(contract=contract, month=month).first() \
        or ContractReport(contract=contract, month=month)
    report.actions_total, report.actions_done = figures["total"], figures["done"]
    report.actions_late, report.actions_blocked = figures["late"], figures["blocked"]
    report.budget_planned, report.budget_committed = figures["planned"], figures["committed"]
    report.budget_spent = figures["spent"]
    report.indicator_values = indicator_values
    report.comment = (comment or "").strip()
    report.filled_by = user
    return save(report, user=user, reason="Reporting mensuel")


def _indicator_values(contract: Contract) -> list[dict]:
    """Each indicator of the contract with its latest value (two queries)."""
    from indicators.models import Measurement

    indicators = list(contract.indicators.order_by("code"))
    latest = {}
    for measurement in Measurement.objects.filter(indicator__in=indicators).order_by(
            "indicator_id", "-period_start"):
        latest.setdefault(measurement.indicator_id, measurement)
    return [{"code": i.code, "title": i.title,
             "value": str(latest[i.pk].value) if i.pk in latest else None,
             "period": latest[i.pk].period if i.pk in latest else None}
            for i in indicators]
