import datetime

import pytest

from qms import roles
from tests import factories as f


@pytest.fixture
def director(people):
    return f.UserFactory(username="dgs", role=roles.DIRECTION, service=people.quality.service)


@pytest.fixture
def auditor(people):
    return f.UserFactory(username="auditeur", role=roles.AUDITOR, service=people.quality.service)


@pytest.fixture
def review(people, director):
    from reviews import services

    return services.review_create(
        title="Revue de direction 2025", period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), user=people.quality,
        participants=[director, people.quality], place="Salle du conseil",
        external_participants="M. le Maire\nMme l'adjointe à la qualité",
    )


@pytest.fixture
def held(review, people):
    """The review compiled and held yesterday: ready to be validated."""
    from reviews import services

    services.review_compile(review=review, user=people.quality)
    return services.review_update(review=review, user=people.quality,
                                  held_on=datetime.date.today() - datetime.timedelta(days=1),
                                  minutes="La revue s'est tenue en présence du maire.")


@pytest.fixture(autouse=True)
def _english():
    """Compiled labels are stored in the language of the compilation: the tests read
    them in English (the msgids), whatever the French catalogue holds."""
    from django.utils import translation

    with translation.override("en"):
        yield
