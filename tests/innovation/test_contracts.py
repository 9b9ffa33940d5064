"""Contracts and money: only accepted proposals go into a contract; a funded action is
an innovation action of the plan whose planned budgets follow its funding; budget moves
keep the programme's totals and refuse what would go negative; the roll-up of a
contract; signature."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions.models import Action
from innovation import services
from innovation.models import BudgetMove, FundedAction, Proposal
from innovation.services.contracts import contract_figures

from .conftest import make_proposal

D = Decimal


def fund(seeds, contract, title, *, po=0, pi=0, so=0, si=0, **fields):
    return services.funded_action_create(
        contract=contract, title=title, owner=seeds.manager, service=seeds.accueil,
        due_date=timezone.localdate() + datetime.timedelta(days=90), user=seeds.manager,
        programme_operating=D(po), programme_investment=D(pi), service_operating=D(so),
        service_investment=D(si), **fields)


def test_only_accepted_proposals_go_into_a_contract(seeds, contract):
    draft = make_proposal(seeds, title="Borne d'accueil")
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            programme=seeds.programme, axis=seeds.axis, number=3, title="Autre",
            manager=seeds.manager, referent=seeds.referent, objectives="x",
            deadline=datetime.date(2027, 12, 31), user=seeds.coordinator, proposals=[draft])
    assert draft.reference in error.value.messages[0]
    assert not seeds.programme.contracts.filter(number=3).exists()  # nothing kept
    assert contract.proposals.get().status == Proposal.Status.ACCEPTED


def test_a_funded_action_is_in_the_action_plan_with_its_budgets(seeds, contract):
    funded = fund(seeds, contract, "Standard unique", po=20_000, pi=50_000, so=5_000)
    action = funded.action
    assert action.kind == Action.Kind.INNOVATION
    assert Action.objects.for_source(contract).get() == action
    assert action.operating_budget_planned == D(25_000)
    assert action.investment_budget_planned == D(50_000)
    assert funded.planned == D(75_000)


def test_the_programme_envelope_cannot_be_exceeded(seeds, contract):
    fund(seeds, contract, "Standard unique", po=90_000)
    before = Action.objects.count()
    with pytest.raises(ValidationError) as error:
        fund(seeds, contract, "Formation", po=20_000)
    assert "10000" in error.value.messages[0].replace(" ", "").replace(".00", "")
    assert Action.objects.count() == before  # the action was not kept either


@pytest.fixture
def two_actions(seeds, contract):
    slow = fund(seeds, contract, "Refonte du site", po=30_000, pi=40_000, committed=10_000)
    fast = fund(seeds, contract, "Standard unique", po=10_000)
    return slow, fast


def test_a_budget_move_keeps_the_totals(seeds, two_actions):
    slow, fast = two_actions
    before = services.programme_totals(seeds.programme)
    move = services.budget_move(source=slow, target=fast, envelope="operating",
                                amount=D(15_000), reason="Le standard avance vite.",
                                user=seeds.director)
    slow.refresh_from_db(), fast.refresh_from_db()
    assert (slow.programme_operating, fast.programme_operating) == (D(15_000), D(25_000))
    assert services.programme_totals(seeds.programme) == before
    assert fast.action.operating_budget_planned == D(25_000)  # the plan follows
    assert move.moved_by == seeds.director
    # Both actions' histories say why.
    assert slow.history.first().history_change_reason.endswith("Le standard avance vite.")


@pytest.mark.parametrize("amount, field", [(D(35_000), "amount"), (D(0), "amount")])
def test_a_move_that_would_go_negative_is_refused(seeds, two_actions, amount, field):
    slow, fast = two_actions
    with pytest.raises(ValidationError) as error:
        services.budget_move(source=slow, target=fast, envelope="operating", amount=amount,
                             reason="x", user=seeds.director)
    assert field in error.value.message_dict
    slow.refresh_from_db()
    assert slow.programme_operating == D(30_000) and not BudgetMove.objects.exists()


def test_what_is_committed_cannot_leave(seeds, two_actions):
    slow, fast = two_actions
    # 70,000 planned, 10,000 committed: 60,000 may leave; the investment part holds 40,000.
    services.budget_move(source=slow, target=fast, envelope="investment", amount=D(40_000),
                         reason="Priorité au standard", user=seeds.director)
    with pytest.raises(ValidationError) as error:
        services.budget_move(source=slow, target=fast, envelope="operating",
                             amount=D(25_000), reason="Encore", user=seeds.director)
    assert "20000" in error.value.messages[0].replace(" ", "").replace(".00", "")


def test_budget_moves_are_the_direction_s(seeds, two_actions):
    slow, fast = two_actions
    for user in (seeds.manager, seeds.coordinator):
        with pytest.raises(PermissionDenied):
            services.budget_move(source=slow, target=fast, envelope="operating",
                                 amount=D(1), reason="x", user=user)
    with pytest.raises(ValidationError):
        services.budget_move(source=slow, target=slow, envelope="operating", amount=D(1),
                             reason="x", user=seeds.director)


def test_signed_contract_funds_move_only_by_budget_moves(seeds, contract, two_actions):
    slow, _fast = two_actions
    services.contract_sign(contract=contract, signed_on=timezone.localdate(),
                           user=seeds.coordinator)
    with pytest.raises(ValidationError):
        services.funded_action_update(funded=slow, user=seeds.manager,
                                      programme_operating=D(1))
    # The committed amount and the blocked flag are still the manager's to update.
    services.funded_action_update(funded=slow, user=seeds.manager, committed=D(12_000),
                                  is_blocked=True, blocked_reason="Attente du marché")
    with pytest.raises(ValidationError):
        services.funded_action_update(funded=slow, user=seeds.manager, is_blocked=True,
                                      blocked_reason="")


def test_a_contract_cannot_be_signed_in_the_future(seeds, contract):
    with pytest.raises(ValidationError):
        services.contract_sign(contract=contract, user=seeds.coordinator,
                               signed_on=timezone.localdate() + datetime.timedelta(days=1))
    contract.refresh_from_db()
    assert contract.status == "draft"


def test_contract_roll_up(seeds, contract, two_actions):
    slow, fast = two_actions
    late = fund(seeds, contract, "Affichage", so=1_000)
    Action.objects.filter(pk=late.action_id).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3))
    Action.objects.filter(pk=fast.action_id).update(status="done",
                                                    operating_budget_spent=D(8_000))
    FundedAction.objects.filter(pk=slow.pk).update(is_blocked=True, blocked_reason="Marché")
    figures = contract_figures(contract)
    assert (figures["total"], figures["done"], figures["late"], figures["blocked"]) == \
        (3, 1, 1, 1)
    assert figures["planned"] == D(81_000)
    assert figures["committed"] == D(10_000) and figures["spent"] == D(8_000)
