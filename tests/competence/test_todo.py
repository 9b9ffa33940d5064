"""The to-do list: trainings done more than three months ago, effectiveness not
evaluated, for the pilots of the agents' services."""

import pytest
from django.urls import reverse

from competence.models import Training
from competence.todo import evaluations_due
from qms import todo
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db


def test_pilot_sees_the_trainings_of_their_agents_to_evaluate(people,
                                                             django_assert_num_queries):
    late = cf.TrainingFactory(agent=people.agent, title="Gestes et postures",
                              date=cf.days_ago(120))
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(200), end_date=cf.days_ago(60))
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(30))
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(400),
                       effectiveness_result=Training.Result.EFFECTIVE,
                       evaluated_on=cf.days_ago(300), effectiveness_comment="ok")
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(200),
                       status=Training.Status.CANCELLED)
    cf.TrainingFactory(agent=people.other_agent, date=cf.days_ago(200))
    evaluations_due(people.pilot)  # the user's roles and services, cached for the request
    with django_assert_num_queries(1):
        items = evaluations_due(people.pilot)
    for i in range(5):
        cf.TrainingFactory(agent=people.agent2, date=cf.days_ago(100 + i))
    with django_assert_num_queries(1):
        assert len(evaluations_due(people.pilot)) == 6
    assert [item.url for item in items] == [
        reverse("competence:training_evaluate", args=[late.pk])]
    assert items[0].is_overdue
    assert "Gestes et postures" in items[0].title


def test_agents_and_other_pilots_see_nothing_of_it(people):
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(200))
    assert evaluations_due(people.agent) == []
    assert evaluations_due(people.other_pilot) == []
    assert len(evaluations_due(people.pilot)) == 1


def test_registered_in_the_to_do_list(people):
    cf.TrainingFactory(agent=people.agent, date=cf.days_ago(200))
    urls = [item.url for item in todo.items_for(people.pilot)]
    assert any("/competences/formations/" in url for url in urls)
