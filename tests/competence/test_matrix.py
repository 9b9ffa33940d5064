"""The competence matrix of a service: met / below / missing per cell, gaps per row and
column, planned trainings, the awareness counts; and its query count, constant."""

import pytest
from django.utils import timezone

from competence import selectors
from competence.models import Training
from documents.services import document_acknowledge
from tests import factories as f
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def reception(people, skills):
    """agent: welcome 3 required, assessed 3 (met); rgpd 2 required, assessed 1 (below).
    agent2: same role, never assessed (missing), a training planned for rgpd.
    pilot: no role."""
    role = cf.role_for(people.agent, (skills.welcome, 3), (skills.rgpd, 2, False),
                       title="Agent d'accueil")
    cf.RoleAssignmentFactory(agent=people.agent2, role=role)
    cf.AssessmentFactory(agent=people.agent, competence=skills.welcome, level=2,
                         assessed_on=cf.days_ago(300))
    cf.AssessmentFactory(agent=people.agent, competence=skills.welcome, level=3)
    cf.AssessmentFactory(agent=people.agent, competence=skills.rgpd, level=1)
    cf.TrainingFactory(agent=people.agent2, status=Training.Status.PLANNED,
                       date=cf.days_ago(-20), competences=[skills.rgpd])
    return role


def _row(matrix, user):
    return next(row for row in matrix.rows if row.agent == user)


def test_cells_compare_the_last_level_with_the_required_one(people, skills, reception, accueil):
    matrix = selectors.matrix(accueil, timezone.localdate())
    assert [c.name for c in matrix.competences] == ["Accueil des usagers", "RGPD"]
    agent = _row(matrix, people.agent)
    assert [(c.status, c.level, c.required) for c in agent.cells] == [
        ("met", 3, 3), ("below", 1, 2)]
    assert agent.cells[1].mandatory is False
    assert agent.gaps == 1
    agent2 = _row(matrix, people.agent2)
    assert [c.status for c in agent2.cells] == ["missing", "missing"]
    assert [c.planned for c in agent2.cells] == [False, True]
    pilot = _row(matrix, people.pilot)
    assert pilot.roles == [] and [c.status for c in pilot.cells] == ["not_required"] * 2
    assert matrix.column_gaps == [1, 2] and matrix.total_gaps == 3


def test_an_ended_role_no_longer_counts(people, skills, reception, accueil):
    people.agent2.role_assignments.update(until=cf.days_ago(1))
    row = _row(selectors.matrix(accueil, timezone.localdate()), people.agent2)
    assert row.roles == [] and row.gaps == 0


def test_awareness_counts_acknowledged_and_to_acknowledge(people, reception, accueil,
                                                          published):
    document_acknowledge(page=published, user=people.agent)
    matrix = selectors.matrix(accueil, timezone.localdate())
    agent, agent2 = _row(matrix, people.agent), _row(matrix, people.agent2)
    assert (agent.acknowledged, agent.to_acknowledge) == (1, 1)
    assert (agent2.acknowledged, agent2.to_acknowledge) == (0, 1)
    assert agent2.pending_acknowledgements == 1


def test_matrix_queries_are_constant(people, skills, reception, accueil,
                                     django_assert_num_queries):
    today = timezone.localdate()
    with django_assert_num_queries(6):
        selectors.matrix(accueil, today)
    for i in range(15):
        agent = f.agent(username=f"renfort{i}", service=accueil)
        cf.RoleAssignmentFactory(agent=agent, role=reception)
        cf.AssessmentFactory(agent=agent, competence=skills.welcome, level=i % 4 + 1)
        cf.TrainingFactory(agent=agent, status=Training.Status.PLANNED, date=cf.days_ago(-5),
                           competences=[skills.rgpd])
    with django_assert_num_queries(6):
        matrix = selectors.matrix(accueil, today)
    assert len(matrix.rows) == 18
