import pytest

from metrology import services
from metrology.models import MeasuringResource
from qms import roles
from tests import factories as f


@pytest.fixture
def ticketing(people, accueil):
    """The reception's queue-ticketing system, verified every 6 months."""
    return services.resource_create(
        name="Borne de file d'attente", identifier="QT-01", kind=MeasuringResource.Kind.QUEUE,
        service=accueil, interval_months=6, measures="Temps d'attente",
        method=MeasuringResource.Method.FUNCTIONAL, user=people.quality)


@pytest.fixture
def auditor(people):
    return f.UserFactory(username="auditeur", role=roles.AUDITOR, service=people.quality.service)


@pytest.fixture
def director(people):
    return f.UserFactory(username="dgs", role=roles.DIRECTION, service=people.quality.service)
