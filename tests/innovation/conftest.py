import datetime
from decimal import Decimal

import pytest

from innovation import services
from qms import roles
from tests import factories as f

from .factories import AxisFactory, GroupFactory, ProgrammeFactory, ThemeFactory, levels


@pytest.fixture
def seeds(db):
    """A programme shaped like the seeds, small: one theme and its group, the three
    levels of arbitration, one axis; the people who run it."""

    class Seeds:
        dgs = f.ServiceFactory(code="dg", name="Direction générale", kind="direction")
        direction = f.ServiceFactory(code="dpop", name="Direction de la population",
                                     kind="direction")
        accueil = f.ServiceFactory(code="acc-i", name="Accueil", parent=direction)
        coordinator = f.quality_engineer(username="coord", service=dgs)
        director = f.UserFactory(username="dgs-i", role=roles.DIRECTION, service=dgs)
        mayor = f.UserFactory(username="maire", role=roles.DIRECTION, service=dgs)
        committee_member = f.UserFactory(username="copil", service=dgs)
        referent = f.UserFactory(username="referent", role=roles.DIRECTION, service=dgs)
        facilitator = f.pilot(username="animatrice", service=accueil)
        manager = f.pilot(username="resp-contrat", service=accueil)
        agent = f.agent(username="agent-i", service=accueil)
        programme = ProgrammeFactory(coordinator=coordinator, code="ip-2026",
                                     operating_envelope=Decimal("100000"),
                                     investment_envelope=Decimal("200000"))
        theme = ThemeFactory(programme=programme, number=1, title="Accueil des usagers")
        group = GroupFactory(theme=theme, facilitator=facilitator, referent=referent)
        axis = AxisFactory(programme=programme, number=1, title="Une ville plus proche")

    seeds = Seeds
    seeds.level1, seeds.level2, seeds.level3 = levels(
        seeds.programme, [seeds.committee_member], [seeds.mayor])
    return seeds


def make_proposal(seeds, title="Accueil téléphonique unique", **fields):
    return services.proposal_create(
        theme=seeds.theme, title=title, description="Un numéro unique pour la mairie.",
        deadline=datetime.date(2027, 6, 30), expected_results="Moins d'appels perdus.",
        services=[seeds.accueil], user=seeds.facilitator, **fields)


def accept(seeds, proposal):
    """Take a proposal through the three levels."""
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    for level, user in ((seeds.level1, seeds.referent), (seeds.level2, seeds.committee_member),
                        (seeds.level3, seeds.mayor)):
        services.proposal_arbitrate(proposal=proposal, level=level, decision="accepted",
                                    user=user)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def contract(seeds):
    proposal = accept(seeds, make_proposal(seeds))
    return services.contract_create(
        programme=seeds.programme, axis=seeds.axis, number=2,
        title="Améliorer l'accueil téléphonique", manager=seeds.manager,
        referent=seeds.referent, objectives="Répondre à 90 % des appels.",
        deadline=datetime.date(2027, 12, 31), user=seeds.coordinator, proposals=[proposal])
