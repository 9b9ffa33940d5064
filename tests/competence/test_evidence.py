"""Evidence kind `competence` for the readiness matrix: present, partial, absent, and the
number of queries constant whatever the volume."""

import pytest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from competence.models import Training
from qms import evidence
from qms.evidence import Coverage, EvidenceContext
from tests import factories as f
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db


def _context(service):
    return EvidenceContext(service=service, service_ids=frozenset({service.pk}),
                           standard=None, criteria=(), today=timezone.localdate())


def _find(service):
    return evidence.get("competence").find(_context(service))


@pytest.fixture
def competent(people, skills, accueil):
    """Every accueil person has a role; welcome is met; rgpd below but a training planned."""
    role = cf.role_for(people.agent, (skills.welcome, 3), (skills.rgpd, 2))
    for person in (people.agent2, people.pilot):
        cf.RoleAssignmentFactory(agent=person, role=role)
    for person in (people.agent, people.agent2, people.pilot):
        cf.AssessmentFactory(agent=person, competence=skills.welcome, level=3)
        cf.AssessmentFactory(agent=person, competence=skills.rgpd, level=2)
    cf.AssessmentFactory(agent=people.agent2, competence=skills.rgpd, level=1)
    cf.TrainingFactory(agent=people.agent2, status=Training.Status.PLANNED,
                       date=cf.days_ago(-10), competences=[skills.rgpd])
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(200),
                       effectiveness_result=Training.Result.EFFECTIVE,
                       evaluated_on=cf.days_ago(100), effectiveness_comment="ok")
    return role


def test_registered_with_its_label():
    assert "competence" in dict(evidence.choices())


def test_covered(competent, accueil):
    result = _find(accueil)
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].detail == gettext(
        "%(count)s trainings, %(evaluated)s evaluated for effectiveness") % {
        "count": 1, "evaluated": 1}
    assert len(result.items) == 4  # the trainings, then one per agent


def test_partly_covered_names_the_gaps(people, competent, accueil, skills):
    newcomer = f.agent(username="nouveau", service=accueil)
    cf.AssessmentFactory(agent=newcomer, competence=skills.welcome, level=1)
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(150))
    cf.TrainingFactory(agent=people.agent2, date=cf.days_ago(120), end_date=cf.days_ago(100))
    people.agent2.trainings.filter(status=Training.Status.PLANNED).update(
        status=Training.Status.CANCELLED)
    result = _find(accueil)
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        ngettext("%(count)s agent without a job role or required competences",
                 "%(count)s agents without a job role or required competences", 1) % {"count": 1},
        ngettext("%(count)s mandatory competence below the required level, no training planned",
                 "%(count)s mandatory competences below the required level, no training planned",
                 1) % {"count": 1},
        ngettext("%(count)s training without an effectiveness evaluation",
                 "%(count)s trainings without an effectiveness evaluation", 2) % {"count": 2},
    ]


def test_missing_when_nothing_is_recorded(people, accueil, etat_civil):
    result = _find(accueil)
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [ngettext(
        "%(count)s agent without a job role or required competences",
        "%(count)s agents without a job role or required competences", 3) % {"count": 3}]
    empty = f.ServiceFactory(code="vide")
    assert _find(empty).coverage == Coverage.MISSING


def test_query_count_is_constant(people, competent, accueil, skills,
                                 django_assert_num_queries):
    with django_assert_num_queries(3):
        _find(accueil)
    for i in range(20):
        agent = f.agent(username=f"renfort{i}", service=accueil)
        cf.RoleAssignmentFactory(agent=agent, role=competent)
        cf.AssessmentFactory(agent=agent, competence=skills.welcome, level=2)
        cf.TrainingFactory(agent=agent, date=cf.days_ago(i * 10), competences=[skills.rgpd])
    with django_assert_num_queries(3):
        result = _find(accueil)
    assert result.more > 0 and len(result.items) == evidence.MAX_ITEMS
