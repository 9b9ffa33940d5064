import pytest

from tests.competence import factories as cf


@pytest.fixture
def skills(db):
    """Two competences of the reception service."""

    class Skills:
        welcome = cf.CompetenceFactory(name="Accueil des usagers")
        rgpd = cf.CompetenceFactory(name="RGPD")

    return Skills
