"""The programme's demo: the demo organisation and people only (the slow demo steps are
left out), then the loader, once for the module, in a transaction rolled back at the
end. The figures of the seeds: 10 themes and groups, 134 participants, ~60 meetings,
~200 proposals in every state, 12 contracts under 4 axes, 178 funded actions in every
state, about 3.5 M€, 12 monthly reports per signed contract."""

import io
import time
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.db.models import Sum
from django.test.utils import override_settings
from django.utils import timezone

from actions.models import Action
from documents import demo as documents_demo
from innovation import demo as innovation_demo
from innovation.models import (
    Arbitration,
    BudgetMove,
    Contract,
    ContractReport,
    FundedAction,
    Idea,
    InnovationProgramme,
    InventoryItem,
    Meeting,
    Membership,
    News,
    Proposal,
    SteeringCommittee,
)
from innovation.services import programme_totals
from qms import demo as registry


def test_registered_after_the_action_plan_and_the_audits():
    names = [entry.name for entry in registry.registered()]
    assert names.index("actions") < names.index("innovation")
    assert names.index("indicators") < names.index("innovation")


def test_refused_without_the_organisation(db):
    with pytest.raises(registry.DemoRefused):
        innovation_demo.load_demo()
    assert not InnovationProgramme.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            with override_settings(DEBUG=True, EMAIL_BACKEND=(
                    "django.core.mail.backends.dummy.EmailBackend")):
                people = documents_demo._Loader(out.write)
                people.load_organisation()
                people.load_people()
                started = time.process_time()  # CPU time: the machine may be busy
                result = innovation_demo.load_demo(stdout=out)
                seconds = time.process_time() - started
            yield SimpleNamespace(output=out.getvalue(), result=result, seconds=seconds,
                                  programme=InnovationProgramme.objects.get(),
                                  today=timezone.localdate())
            transaction.set_rollback(True)


def test_the_programme_and_its_groups(demo, db):
    programme = demo.programme
    assert programme.name.startswith("Démarche innovation et performance")
    assert programme.bodies.count() == 3 and programme.axes.count() == 4
    assert [level.name for level in programme.levels.order_by("order")] == [
        "Référent DG", "COPIL", "Maire"]
    assert programme.themes.count() == 10
    participants = set()
    for theme in programme.themes.select_related("group"):
        group = theme.group
        members = set(group.memberships.values_list("user_id", flat=True))
        assert 6 <= len(members) <= 12
        participants |= members | {group.facilitator_id, group.referent_id}
        assert InventoryItem.objects.filter(group=group).count() >= 3
    assert len(participants) == 134
    assert Membership.objects.count() == len(participants) - len(
        {g for t in programme.themes.select_related("group")
         for g in (t.group.facilitator_id, t.group.referent_id)})
    held = Meeting.objects.filter(status="held")
    assert 55 <= held.count() <= 62 and not held.filter(minutes="").exists()
    assert 30 <= Idea.objects.count() <= 45
    assert Idea.objects.filter(status="retained").exists()
    assert Idea.objects.filter(status="not_retained").exclude(group_answer="").exists()


def test_proposals_in_every_state_with_their_arbitrations(demo, db):
    assert 190 <= Proposal.objects.count() <= 210
    statuses = Counter(Proposal.objects.values_list("status", flat=True))
    assert set(statuses) == set(Proposal.Status.values)
    assert statuses["accepted"] > statuses["rejected"] > 0
    awaiting = set(Proposal.objects.filter(status="in_arbitration")
                   .values_list("current_level__order", flat=True))
    assert awaiting == {1, 2, 3}
    second = Proposal.objects.filter(status="accepted", round=2)
    assert second.count() >= 10
    for proposal in second[:3]:
        decisions = list(proposal.arbitrations.values_list("round", "decision"))
        assert (1, "to_modify") in decisions and (2, "accepted") in decisions
    assert not Proposal.objects.filter(status="accepted", contract__isnull=True).exists()
    assert Arbitration.objects.filter(decision="rejected").exclude(comment="").exists()
    assert Arbitration.objects.filter(decided_at__date__lt=demo.today.replace(day=1)).exists()


def test_contracts_actions_and_money(demo, db):
    programme = demo.programme
    contracts = Contract.objects.filter(programme=programme)
    assert contracts.count() == 12
    assert set(contracts.values_list("axis__number", flat=True)) == {1, 2, 3, 4}
    assert not contracts.exclude(status="signed").exists()
    assert FundedAction.objects.count() == 178
    actions = Action.objects.filter(innovation_funding__isnull=False)
    assert set(actions.values_list("kind", flat=True)) == {"innovation"}
    statuses = Counter(actions.values_list("status", flat=True))
    assert statuses["done"] >= 50 and statuses["in_progress"] >= 50 and statuses["planned"]
    late = actions.filter(status__in=Action.OPEN_STATUSES, due_date__lt=demo.today)
    assert late.count() >= 15
    assert FundedAction.objects.filter(is_blocked=True).exclude(blocked_reason="").count() >= 5
    assert not actions.filter(status="done", completed_at__gte=demo.today.replace(day=1)) \
        .exists()
    money = FundedAction.objects.aggregate(
        po=Sum("programme_operating"), pi=Sum("programme_investment"),
        so=Sum("service_operating"), si=Sum("service_investment"))
    total = sum(money.values())
    assert Decimal("3150000") <= total <= Decimal("3850000")
    totals = programme_totals(programme)
    assert totals["operating"] <= programme.operating_envelope
    assert totals["investment"] <= programme.investment_envelope
    moves = BudgetMove.objects.filter(programme=programme)
    assert 2 <= moves.count() <= 6
    assert {m.moved_by.username for m in moves} == {"direction"}


def test_twelve_monthly_reports_per_signed_contract_up_to_last_month(demo, db):
    last_month = (demo.today.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    for contract in Contract.objects.filter(status="signed"):
        reports = list(ContractReport.objects.filter(contract=contract).order_by("month"))
        assert len(reports) == 12
        assert reports[-1].month == last_month
        assert reports[0].actions_done <= reports[-1].actions_done
        assert reports[0].budget_spent <= reports[-1].budget_spent
        assert all(r.actions_total == contract.funded_actions.count() for r in reports)


def test_steering_news_and_followers(demo, db):
    committees = SteeringCommittee.objects.filter(programme=demo.programme)
    assert committees.count() == 4
    assert all(c.decisions.exists() for c in committees)
    assert 8 <= News.objects.count() <= 12
    assert demo.programme.followers.count() >= 10


def test_fast_and_a_second_run_creates_nothing(demo, db):
    assert demo.seconds < 60
    assert demo.result["contracts"] == 12 and demo.result["actions"] == 178
    before = (Proposal.objects.count(), FundedAction.objects.count(), Action.objects.count())
    out = io.StringIO()
    result = innovation_demo.load_demo(stdout=out)
    assert not any(result.values())
    assert (Proposal.objects.count(), FundedAction.objects.count(),
            Action.objects.count()) == before
    assert "already loaded" in out.getvalue()
