import pytest

from tests import factories as f


@pytest.fixture
def accueil(db):
    return f.ServiceFactory(code="accueil", name="Accueil – Guichet unique")


@pytest.fixture
def etat_civil(db):
    return f.ServiceFactory(code="etat-civil", name="État civil")


@pytest.fixture
def people(accueil, etat_civil):
    """The people of a small municipality: the quality engineer, the pilot and agents of
    the reception service, and a pilot of another service."""

    class People:
        quality = f.quality_engineer(username="qualite", service=f.ServiceFactory(code="dgs"))
        quality2 = f.quality_engineer(username="qualite2", service=quality.service)
        pilot = f.pilot(username="pilote", service=accueil)
        agent = f.agent(username="agent", service=accueil)
        agent2 = f.agent(username="agent2", service=accueil)
        other_pilot = f.pilot(username="pilote-ec", service=etat_civil)
        other_agent = f.agent(username="agent-ec", service=etat_civil)

    return People


@pytest.fixture
def draft(library, accueil, people):
    return f.make_document(
        library,
        owner_service=accueil,
        author=people.agent,
        reference="PRO-ACC-001",
        title="Procédures d'accueil du public",
        applies_to=[accueil],
    )


@pytest.fixture
def published(draft, people):
    return f.publish(draft, verifier=people.pilot, approver=people.quality)
