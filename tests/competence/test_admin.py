"""The back office: a pilot lists and edits the trainings of their services only, and a
training saved there goes through the services (same rules, history)."""

import pytest
from django.urls import reverse

from competence.models import Training
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db


def test_pilot_lists_only_the_trainings_of_their_services(client, people):
    mine = cf.TrainingFactory(agent=people.agent, title="Formation accueil")
    other = cf.TrainingFactory(agent=people.other_agent, title="Formation état civil")
    client.force_login(people.pilot)
    response = client.get(reverse("wagtailsnippets_competence_training:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert mine.title in content and other.title not in content
    edit = reverse("wagtailsnippets_competence_training:edit", args=[other.pk])
    assert client.get(edit).status_code in (302, 403)  # Wagtail redirects with a message
    client.post(edit, {"agent": people.other_agent.pk, "title": "Changée", "date": "2026-01-10",
                       "hours": "7", "organiser_kind": "internal", "status": "done",
                       "effectiveness_result": "pending"})
    other.refresh_from_db()
    assert other.title == "Formation état civil"
    assert client.get(reverse("wagtailsnippets_competence_training:edit",
                              args=[mine.pk])).status_code == 200


def test_back_office_creation_goes_through_the_services(client, people):
    client.force_login(people.pilot)
    url = reverse("wagtailsnippets_competence_training:add")
    data = {"agent": people.agent.pk, "title": "Premiers secours", "date": "2026-01-10",
            "hours": "0", "organiser_kind": "internal", "status": "done",
            "effectiveness_result": "pending"}
    response = client.post(url, data)
    assert response.status_code == 200 and not Training.objects.exists()
    data["hours"] = "7"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    training = Training.objects.get()
    assert training.history.first().history_change_reason
    data["agent"] = people.other_agent.pk
    client.post(url, data)
    assert Training.objects.count() == 1


def test_nothing_is_deleted(client, people):
    training = cf.TrainingFactory(agent=people.agent)
    client.force_login(people.quality)
    response = client.get(reverse("wagtailsnippets_competence_training:delete",
                                  args=[training.pk]))
    assert response.status_code in (302, 403)
    assert Training.objects.filter(pk=training.pk).exists()


@pytest.mark.parametrize("model", ["competence", "jobrole", "rolerequirement",
                                   "roleassignment", "training", "competenceassessment"])
def test_every_back_office_list_and_form_opens(client, people, skills, model):
    cf.role_for(people.agent, (skills.welcome, 3))
    cf.TrainingFactory(agent=people.agent, competences=[skills.welcome])
    cf.AssessmentFactory(agent=people.agent, competence=skills.welcome)
    for user in (people.quality, people.pilot):
        client.force_login(user)
        assert client.get(reverse(f"wagtailsnippets_competence_{model}:list")).status_code == 200
        add = client.get(reverse(f"wagtailsnippets_competence_{model}:add"))
        assert add.status_code == (302 if model == "competence" and user == people.pilot
                                   else 200)


def test_pilot_cannot_create_a_role_outside_their_services(client, people):
    from competence.models import JobRole

    client.force_login(people.pilot)
    url = reverse("wagtailsnippets_competence_jobrole:add")
    client.post(url, {"title": "Officier", "service": people.other_agent.service_id,
                      "is_active": "on"})
    assert not JobRole.objects.exists()
    response = client.post(url, {"title": "Agent d'accueil", "service": people.agent.service_id,
                                 "is_active": "on"})
    assert response.status_code == 302
    assert JobRole.objects.get().history.first().history_user == people.pilot
