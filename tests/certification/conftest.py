import pytest

from tests.audits import factories as af
from tests.certification import factories as cf


@pytest.fixture
def direction_user(db):
    return af.direction(username="direction")


@pytest.fixture
def auditor(db):
    return af.auditor_user(username="auditeur")


@pytest.fixture
def certification(accueil):
    """The ISO 9001 certification of the reception, certified since 15/03/2020."""
    return cf.CertificationFactory(services=[accueil])
