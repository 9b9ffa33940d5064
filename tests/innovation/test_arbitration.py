"""The arbitration of proposals: levels in order, once per level and round, sent back
to the group and resubmitted with its history, rejected for good; who may do what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innovation import services
from innovation.models import Arbitration, Proposal

from .conftest import make_proposal


def test_a_proposal_goes_through_every_level_to_acceptance(seeds):
    proposal = make_proposal(seeds)
    assert proposal.reference.startswith("PRP-2026-") and proposal.status == "draft"
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ARBITRATION
    assert proposal.current_level == seeds.level1 and proposal.round == 1

    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent, comment="Conforme et faisable.")
    proposal.refresh_from_db()
    assert proposal.current_level == seeds.level2 and proposal.status == "in_arbitration"

    accept_rest = [(seeds.level2, seeds.committee_member), (seeds.level3, seeds.mayor)]
    for level, user in accept_rest:
        services.proposal_arbitrate(proposal=proposal, level=level, decision="accepted",
                                    user=user)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.current_level is None
    decisions = list(proposal.arbitrations.values_list("level__order", "decided_by__username"))
    assert decisions == [(1, "referent"), (2, "copil"), (3, "maire")]
    # Each step is in the proposal's history, with who decided.
    steps = list(proposal.history.order_by("history_date").values_list(
        "status", "current_level__order", "history_user__username"))
    assert steps[-4:] == [("in_arbitration", 1, "animatrice"), ("in_arbitration", 2, "referent"),
                          ("in_arbitration", 3, "copil"), ("accepted", None, "maire")]


def test_out_of_order_and_twice_at_a_level_are_refused(seeds):
    proposal = make_proposal(seeds)
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    with pytest.raises(ValidationError) as error:
        services.proposal_arbitrate(proposal=proposal, level=seeds.level3,
                                    decision="accepted", user=seeds.mayor)
    assert "Référent DG" in error.value.messages[0] and "Maire" in error.value.messages[0]

    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    with pytest.raises(ValidationError) as error:
        services.proposal_arbitrate(proposal=proposal, level=seeds.level1,
                                    decision="rejected", comment="Non", user=seeds.referent)
    assert "Référent DG" in error.value.messages[0]
    assert Arbitration.objects.filter(proposal=proposal).count() == 1
    proposal.refresh_from_db()
    assert proposal.current_level == seeds.level2  # nothing changed


def test_sent_back_then_resubmitted_keeps_the_history(seeds):
    proposal = make_proposal(seeds)
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    with pytest.raises(ValidationError) as error:  # a send-back says why
        services.proposal_arbitrate(proposal=proposal, level=seeds.level2,
                                    decision="to_modify", user=seeds.committee_member)
    assert "comment" in error.value.message_dict
    services.proposal_arbitrate(proposal=proposal, level=seeds.level2, decision="to_modify",
                                comment="Chiffrer le coût du standard.",
                                user=seeds.committee_member)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.TO_MODIFY and proposal.current_level is None

    services.proposal_update(proposal=proposal, user=seeds.facilitator,
                             operating_budget=12_000, reason="Coût chiffré")
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    proposal.refresh_from_db()
    assert (proposal.round, proposal.current_level) == (2, seeds.level1)
    # The referent decides again in the new round.
    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    rounds = list(proposal.arbitrations.values_list("round", "level__order", "decision"))
    assert rounds == [(1, 1, "accepted"), (1, 2, "to_modify"), (2, 1, "accepted")]
    assert proposal.history.filter(operating_budget=12_000).exists()


def test_a_rejected_proposal_stays_rejected(seeds):
    proposal = make_proposal(seeds)
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="rejected",
                                comment="Hors du champ de la démarche.", user=seeds.referent)
    with pytest.raises(ValidationError):
        services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    with pytest.raises(ValidationError):
        services.proposal_update(proposal=proposal, user=seeds.facilitator, title="Autre")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED and proposal.title != "Autre"


def test_only_the_right_people_act(seeds):
    proposal = make_proposal(seeds)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, user=seeds.agent)
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    # The level-1 decision is the group's own referent's, not another director's.
    with pytest.raises(PermissionDenied):
        services.proposal_arbitrate(proposal=proposal, level=seeds.level1,
                                    decision="accepted", user=seeds.director)
    services.proposal_arbitrate(proposal=proposal, level=seeds.level1, decision="accepted",
                                user=seeds.referent)
    with pytest.raises(PermissionDenied):  # not an arbiter of the committee level
        services.proposal_arbitrate(proposal=proposal, level=seeds.level2,
                                    decision="accepted", user=seeds.mayor)
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            theme=seeds.theme, title="x", description="x", deadline=proposal.deadline,
            expected_results="x", services=[seeds.accueil], user=seeds.agent)


def test_a_programme_without_levels_cannot_arbitrate(seeds):
    seeds.programme.levels.all().delete()
    proposal = make_proposal(seeds)
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    assert "level" in error.value.messages[0] or "niveau" in error.value.messages[0]
