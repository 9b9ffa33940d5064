import datetime

import pytest

from providers import services
from providers.models import EvaluationCriterion, Provider
from qms import roles
from tests import factories as f
from tests.providers import factories as pf


@pytest.fixture
def criteria(db):
    """The six criteria shipped by migration 0002 (weights 3, 2, 3, 2, 2, 1)."""
    return list(EvaluationCriterion.objects.filter(is_active=True).order_by("order", "pk"))


@pytest.fixture
def cleaning(people, accueil):
    """A cleaning contractor of the reception service."""
    return services.provider_create(
        name="Propreté Services", kind=Provider.Kind.CONTRACTOR, services=[accueil],
        contract_start=datetime.date(2024, 1, 1), user=people.quality)


@pytest.fixture
def other_provider(people, etat_civil):
    return pf.ProviderFactory(name="Archives Numérisation", services=[etat_civil])


@pytest.fixture
def auditor(people):
    return f.UserFactory(username="auditeur", role=roles.AUDITOR, service=people.quality.service)


@pytest.fixture
def director(people):
    return f.UserFactory(username="dgs", role=roles.DIRECTION, service=people.quality.service)


def all_scores(criteria, mark=3):
    return [{"criterion": c, "score": mark} for c in criteria]
