import pytest

from tests.factories import ServiceFactory, UserFactory

from . import factories as af


@pytest.fixture
def dg(db):
    return af.direction(username="dgs", service=ServiceFactory(code="direction-g"))


@pytest.fixture
def programme(db):
    return af.ProgrammeFactory(year=2026)


@pytest.fixture
def auditor_ec(people):
    """An internal auditor who works in the état civil service."""
    return af.AuditorFactory(user=UserFactory(username="auditrice-ec",
                                              service=people.other_agent.service,
                                              role="Auditeur"))


@pytest.fixture
def auditor_accueil(people):
    return af.AuditorFactory(user=UserFactory(username="auditeur-acc",
                                              service=people.agent.service,
                                              role="Auditeur"))
