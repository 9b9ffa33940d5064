"""The composed reads of the contracts' side: the roll-ups of many contracts agree with
contract_figures, the dashboard's figures on a small programme, and a fixed number of
queries whatever the number of contracts."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action
from innovation import selectors, services
from innovation.models import FundedAction, Proposal
from innovation.services.contracts import contract_figures
from tests import factories as f

from .conftest import accept, make_proposal
from .test_contracts import fund

D = Decimal


def add_contract(seeds, number, *, actions=2, late=1, title=None):
    """A contract with `actions` funded actions, `late` of them late, one done."""
    contract = services.contract_create(
        programme=seeds.programme, axis=seeds.axis, number=number,
        title=title or f"Contrat d'essai {number}", manager=seeds.manager,
        referent=seeds.referent, objectives="Faire mieux.",
        deadline=datetime.date(2027, 12, 31), user=seeds.coordinator)
    funded = [fund(seeds, contract, f"Action {number}.{i}", po=100, so=50, committed=20)
              for i in range(actions)]
    past = timezone.localdate() - datetime.timedelta(days=5)
    for item in funded[:late]:
        Action.objects.filter(pk=item.action_id).update(due_date=past)
    if len(funded) > late:
        Action.objects.filter(pk=funded[-1].action_id).update(
            status=Action.Status.DONE, operating_budget_spent=D(30))
    return contract


@pytest.fixture
def small(seeds, contract):
    """The seeds' programme: a member, two meetings (one held), an idea, the proposal of
    the contract accepted and one in arbitration, three funded actions."""
    services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator)
    services.member_add(group=seeds.group, member=seeds.manager, user=seeds.facilitator)
    services.meeting_record(group=seeds.group, number=1, date=datetime.date(2026, 2, 3),
                            status="held", minutes="Inventaire.", user=seeds.facilitator)
    services.meeting_record(group=seeds.group, number=2, date=datetime.date(2026, 3, 3),
                            user=seeds.facilitator)
    services.idea_submit(theme=seeds.theme, title="Rappel", description="x", user=seeds.agent)
    waiting = make_proposal(seeds, title="Borne d'accueil")
    services.proposal_submit(proposal=waiting, user=seeds.facilitator)
    slow = fund(seeds, contract, "Refonte du site", po=30_000, pi=40_000, committed=10_000)
    fast = fund(seeds, contract, "Standard unique", po=10_000, so=5_000)
    late = fund(seeds, contract, "Affichage", si=1_000)
    Action.objects.filter(pk=fast.action_id).update(status="done",
                                                    operating_budget_spent=D(8_000))
    Action.objects.filter(pk=late.action_id).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3))
    FundedAction.objects.filter(pk=slow.pk).update(is_blocked=True, blocked_reason="Marché")
    return contract


def test_rollups_agree_with_contract_figures(seeds, small):
    other = add_contract(seeds, 5, actions=3, late=2)
    rollups = selectors.contract_rollups(seeds.programme.contracts.all())
    for contract in (small, other):
        assert rollups[contract.pk].as_dict() == contract_figures(contract)
    empty = services.contract_create(
        programme=seeds.programme, axis=seeds.axis, number=9, title="Vide",
        manager=seeds.manager, referent=seeds.referent, objectives="x",
        deadline=datetime.date(2027, 12, 31), user=seeds.coordinator)
    assert selectors.contract_rollups([empty.pk])[empty.pk].total == 0


def test_dashboard_figures_of_a_small_programme(seeds, small):
    board = selectors.programme_dashboard(seeds.programme)
    assert (board.themes, board.groups, board.meetings_held, board.meetings_planned) == \
        (1, 1, 1, 1)
    assert board.participants == 2 and board.ideas == 1 and board.proposals == 2
    by_status = {value: count for value, _label, count in board.proposals_by_status}
    assert by_status[Proposal.Status.ACCEPTED] == 1
    assert by_status[Proposal.Status.IN_ARBITRATION] == 1
    assert len(board.contracts) == 1 and board.contracts[0].contract == small
    totals = board.totals
    assert (totals.total, totals.done, totals.remaining, totals.late, totals.blocked) == \
        (3, 1, 2, 1, 1)
    assert totals.programme_operating == D(40_000)
    assert totals.programme_investment == D(40_000)
    assert totals.planned == D(86_000)
    assert totals.committed == D(10_000) and totals.spent == D(8_000)
    assert board.unallotted_operating == D(60_000)  # 100,000 € envelope
    assert board.unallotted_investment == D(160_000)
    [axis] = board.axes
    assert axis.axis == seeds.axis and axis.figures.planned == D(86_000)


def test_cancelled_actions_are_not_counted(seeds, small):
    funded = fund(seeds, small, "Abandonnée", po=1_000)
    Action.objects.filter(pk=funded.action_id).update(status=Action.Status.CANCELLED)
    board = selectors.programme_dashboard(seeds.programme)
    assert board.totals.total == 3  # as contract_figures counts them
    assert board.totals.as_dict() == contract_figures(small)


def test_steering_pack_lists_late_blocked_and_awaiting(seeds, small):
    services.committee_record(programme=seeds.programme, held_on=datetime.date(2026, 4, 2),
                              title="COPIL T1", user=seeds.coordinator,
                              decisions=[(small, "Relancer le marché.")])
    pack = selectors.steering_pack(seeds.programme)
    assert [fa.action.title for fa in pack.late[small.pk]] == ["Affichage"]
    assert [fa.action.title for fa in pack.blocked[small.pk]] == ["Refonte du site"]
    assert [p.title for p in pack.awaiting] == ["Borne d'accueil"]
    assert pack.last_committee.title == "COPIL T1"
    assert [d.text for d in pack.last_decisions] == ["Relancer le marché."]


def _count(callable_):
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return len(queries.captured_queries)


def test_query_counts_do_not_grow_with_the_contracts(seeds, small):
    programme = seeds.programme
    services.committee_record(programme=programme, held_on=datetime.date(2026, 1, 2),
                              title="COPIL de lancement", user=seeds.coordinator,
                              attendees=[seeds.manager], decisions=[(None, "Lancer.")])
    reads = {
        "dashboard": lambda: selectors.programme_dashboard(programme),
        "pack": lambda: selectors.steering_pack(programme),
        "created": lambda: selectors.contracts_created_on(programme),
        "committees": lambda: selectors.committees(programme),
    }
    before = {name: _count(read) for name, read in reads.items()}
    assert before["dashboard"] <= 8 and before["pack"] <= 12
    for number in range(10, 16):
        add_contract(seeds, number, actions=3)
    services.committee_record(programme=programme, held_on=datetime.date(2026, 4, 2),
                              title="COPIL", user=seeds.coordinator,
                              attendees=[seeds.manager, seeds.referent],
                              decisions=[(small, "a"), (None, "b")])
    after = {name: _count(read) for name, read in reads.items()}
    assert after == before


def test_contract_page_reads_a_fixed_number_of_queries(seeds, small):
    first = _count(lambda: selectors.contract_page(small))
    for i in range(5):
        fund(seeds, small, f"Encore {i}", so=10)
    accept(seeds, make_proposal(seeds, title="Autre"))
    small.participants.add(seeds.agent, f.UserFactory())
    assert _count(lambda: selectors.contract_page(small)) == first
