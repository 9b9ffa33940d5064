"""The intranet pages: overview, matrix, register (and its XLSX), an agent's page, the
training and evaluation forms; who sees what; query counts pinned and constant."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from competence.models import Training
from qms import roles
from tests import factories as f
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db
REFUSED = ("You may only manage the trainings and competences of the agents of your "
           "services.")


@pytest.fixture
def records(people, skills):
    role = cf.role_for(people.agent, (skills.welcome, 3), title="Agent d'accueil")
    cf.RoleAssignmentFactory(agent=people.agent2, role=role)
    cf.AssessmentFactory(agent=people.agent, competence=skills.welcome, level=3)
    cf.TrainingFactory(agent=people.agent, title="Accueil des publics sourds",
                       hours=Decimal("14"), competences=[skills.welcome])
    cf.TrainingFactory(agent=people.other_agent, title="Registres d'état civil")
    return role


def _grow(service, skills, role, count):
    for i in range(count):
        agent = f.agent(username=f"{service.code}-renfort{i}", service=service)
        cf.RoleAssignmentFactory(agent=agent, role=role)
        cf.AssessmentFactory(agent=agent, competence=skills.welcome, level=2)
        cf.TrainingFactory(agent=agent, competences=[skills.welcome, skills.rgpd])


def test_overview_counts_the_scope_and_draws_the_chart(client, people, records):
    client.force_login(people.pilot)
    response = client.get(reverse("competence:overview"))
    assert response.status_code == 200
    overview = response.context["overview"]
    this_year = timezone.localdate().year
    expected = Training.objects.filter(agent__service=people.agent.service,
                                       date__year=this_year).count()
    assert overview.trainings == expected
    assert overview.agents == 3
    assert [s.code for s in overview.services] == ["accueil"]
    assert b"<svg" in response.content and b'role="img"' in response.content


def test_quality_engineer_sees_every_service(client, people, records):
    client.force_login(people.quality)
    overview = client.get(reverse("competence:overview")).context["overview"]
    assert {s.code for s in overview.services} >= {"accueil", "etat-civil"}


def test_matrix_page(client, people, records, accueil):
    client.force_login(people.pilot)
    response = client.get(reverse("competence:matrix", args=["accueil"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Accueil des usagers" in content and "✓" in content and "✗" in content
    client.force_login(people.other_pilot)
    assert client.get(reverse("competence:matrix", args=["accueil"])).status_code == 404
    client.force_login(people.agent)
    assert client.get(reverse("competence:matrix", args=["accueil"])).status_code == 404


@pytest.mark.parametrize("name, args", [("overview", []), ("matrix", ["accueil"]),
                                        ("register", [])])
def test_pages_queries_are_constant(client, people, records, skills, accueil, name, args,
                                    django_assert_max_num_queries):
    client.force_login(people.pilot)
    url = reverse(f"competence:{name}", args=args)
    client.get(url)
    with django_assert_max_num_queries(16) as before:
        assert client.get(url).status_code == 200
    _grow(accueil, skills, records, 12)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_agent_page_queries_are_constant(client, people, records, skills,
                                         django_assert_max_num_queries):
    client.force_login(people.agent)
    url = reverse("competence:agent", args=[people.agent.pk])
    with django_assert_max_num_queries(16) as before:
        response = client.get(url)
    assert "Accueil des publics sourds" in response.content.decode()
    for i in range(10):
        cf.TrainingFactory(agent=people.agent, competences=[skills.welcome, skills.rgpd])
        cf.AssessmentFactory(agent=people.agent, competence=skills.rgpd, level=i % 4 + 1,
                             assessed_on=cf.days_ago(i + 1))
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_agent_sees_only_their_own_page(client, people, records):
    client.force_login(people.agent)
    assert client.get(reverse("competence:agent", args=[people.agent2.pk])).status_code == 404
    client.force_login(people.pilot)
    assert client.get(reverse("competence:agent", args=[people.agent2.pk])).status_code == 200
    assert client.get(reverse("competence:agent",
                              args=[people.other_agent.pk])).status_code == 404
    auditor = f.UserFactory(username="auditrice", role=roles.AUDITOR)
    client.force_login(auditor)
    assert client.get(reverse("competence:agent",
                              args=[people.other_agent.pk])).status_code == 200


def test_register_filters_and_scope(client, people, records):
    client.force_login(people.pilot)
    titles = [t.title for t in client.get(reverse("competence:register")).context["trainings"]]
    assert titles == ["Accueil des publics sourds"]
    client.force_login(people.quality)
    response = client.get(reverse("competence:register"),
                          {"service": people.other_agent.service_id})
    assert [t.title for t in response.context["trainings"]] == ["Registres d'état civil"]
    response = client.get(reverse("competence:register"), {"status": "planned"})
    assert list(response.context["trainings"]) == []


def test_register_export_reads_back(client, people, records):
    client.force_login(people.quality)
    response = client.get(reverse("competence:export"), {"status": "done"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == gettext("Agent") and rows[0][2] == gettext("Training")
    by_title = {row[2]: row for row in rows[1:]}
    assert set(by_title) == {"Accueil des publics sourds", "Registres d'état civil"}
    row = by_title["Accueil des publics sourds"]
    assert row[1] == "Accueil – Guichet unique" and row[7] == 14
    assert row[9] == "Accueil des usagers"


def _post(client, **data):
    values = {"agent": "", "title": "Gestion des incivilités", "date": "2026-01-15",
              "organiser_kind": "cnfpt", "organiser": "CNFPT", "hours": "7",
              "status": "done"}
    values.update(data)
    return client.post(reverse("competence:training_create"), values)


def test_pilot_records_a_training_for_their_agent(client, people, skills):
    client.force_login(people.pilot)
    assert client.get(reverse("competence:training_create")).status_code == 200
    response = _post(client, agent=people.agent.pk, competences=[skills.welcome.pk])
    assert response.status_code == 302
    training = Training.objects.get()
    assert training.agent == people.agent and list(training.competences.all()) == [
        skills.welcome]
    assert training.history.first().history_user == people.pilot


def test_zero_hours_shows_the_french_error_and_keeps_the_input(client, people):
    client.force_login(people.pilot)
    response = _post(client, agent=people.agent.pk, hours="0")
    assert response.status_code == 400
    assert response.context["form"].errors["hours"] == [
        gettext("The number of hours must be greater than zero.")]
    assert 'value="Gestion des incivilités"' in response.content.decode()
    assert not Training.objects.exists()


def test_training_for_an_agent_of_another_service_is_refused_with_403(client, people):
    client.force_login(people.pilot)
    response = _post(client, agent=people.other_agent.pk)
    assert response.status_code == 403
    assert gettext(REFUSED) in response.content.decode()
    assert not Training.objects.exists()
    training = cf.TrainingFactory(agent=people.other_agent)
    for name in ("training_edit", "training_evaluate"):
        client.force_login(people.quality)
        assert client.get(reverse(f"competence:{name}", args=[training.pk])).status_code == 200
        client.force_login(people.other_pilot)
        assert client.get(reverse(f"competence:{name}", args=[training.pk])).status_code == 200
    client.force_login(people.agent)
    assert client.get(reverse("competence:training_create")).status_code == 403


def test_evaluation_form(client, people):
    training = cf.TrainingFactory(agent=people.agent, date=cf.days_ago(100))
    client.force_login(people.pilot)
    url = reverse("competence:training_evaluate", args=[training.pk])
    response = client.post(url, {"result": "effective", "evaluated_on": cf.days_ago(1),
                                 "comment": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["comment"] == [
        gettext("Explain the effectiveness evaluation in a comment.")]
    response = client.post(url, {"result": "effective", "evaluated_on": cf.days_ago(101),
                                 "comment": "Mis en pratique"})
    assert response.context["form"].errors["evaluated_on"] == [
        gettext("The effectiveness cannot be evaluated before the end of the training.")]
    training.refresh_from_db()
    assert training.effectiveness_result == Training.Result.PENDING
    response = client.post(url, {"result": "partly", "evaluated_on": cf.days_ago(1),
                                 "comment": "À consolider"})
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.effectiveness_result == Training.Result.PARTLY
    assert training.evaluated_by == people.pilot
