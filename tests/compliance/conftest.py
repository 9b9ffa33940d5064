import pytest

from tests.compliance import factories as cf


@pytest.fixture
def regulation(people, accueil):
    """An applicable text of the reception service, owned by its pilot, with two
    requirements."""
    reg = cf.RegulationFactory(owner=people.pilot, services=[accueil],
                               title="Arrêté du 21 juillet 2015 (assainissement)")
    cf.RequirementFactory(regulation=reg, article="art. 7", order=1)
    cf.RequirementFactory(regulation=reg, article="art. 17", order=2)
    return reg
