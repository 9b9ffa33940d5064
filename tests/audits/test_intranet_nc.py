"""The nonconformity's intranet page: the immediate correction, the cause analysis (5 whys
or Ishikawa, root cause, extent) and the corrective actions, written through the
services by those who may edit it (the pilots of its service, the quality engineer),
read only for the others; refusals shown in French beside the fields, the input kept."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from actions.models import Action
from audits import services
from audits.models import Nonconformity

pytestmark = pytest.mark.django_db


def fr(message, **params):
    with translation.override("fr"):
        text = gettext(message)
    return text % params if params else text


def body(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def nc(people):
    return services.nonconformity_create(
        title="Registre des visites incomplet", description="3 entrées sans signature",
        service=people.agent.service, source_kind="internal", user=people.agent,
        target_closure_date=timezone.localdate() + datetime.timedelta(60))


def analysis_data(**overrides):
    data = {"analysis-method": "five_whys", "analysis-why_1": "Registre non signé",
            "analysis-why_2": "Agent non informé", "analysis-why_3": "",
            "analysis-why_4": "", "analysis-why_5": "",
            "analysis-root_cause": "Pas de formation à l'accueil",
            "analysis-extent": "Même registre à l'état civil"}
    for value in Nonconformity.Category.values:
        data[f"analysis-cause_{value}"] = ""
    data.update(overrides)
    return data


def url(name, nc):
    return reverse(f"audits:{name}", args=[nc.reference])


# --- who sees the forms -------------------------------------------------------------------------
def test_pilot_of_the_service_gets_the_forms(client, people, nc):
    client.force_login(people.pilot)
    page = body(client.get(nc.get_absolute_url()))
    assert 'name="correction-immediate_correction"' in page
    assert 'name="analysis-why_1"' in page and 'name="analysis-cause_methodes"' in page
    assert 'name="analysis-extent"' in page and "csrfmiddlewaretoken" in page
    # No action before the analysis: the page says why.
    assert 'name="action-title"' not in page
    assert fr("Analyse the causes before planning corrective actions.") in page


def test_quality_engineer_gets_the_forms_in_any_service(client, people):
    other = services.nonconformity_create(title="Acte non transcrit", description="x",
                                          service=people.other_agent.service,
                                          source_kind="internal", user=people.other_agent)
    client.force_login(people.quality)
    page = body(client.get(other.get_absolute_url()))
    assert 'name="analysis-root_cause"' in page


@pytest.mark.parametrize("who", ["agent", "agent2"])
def test_agents_of_the_service_read_only(client, people, nc, who):
    client.force_login(getattr(people, who))
    response = client.get(nc.get_absolute_url())
    assert response.status_code == 200
    page = body(response)
    assert nc.title in page
    assert 'name="correction-immediate_correction"' not in page
    assert 'name="analysis-root_cause"' not in page
    assert client.post(url("nonconformity_correction", nc),
                       {"correction-immediate_correction": "x"}).status_code == 403
    assert client.post(url("nonconformity_analysis", nc), analysis_data()).status_code == 403
    nc.refresh_from_db()
    assert nc.immediate_correction == "" and nc.root_cause == ""


def test_pilot_of_another_service_is_refused(client, people, nc):
    client.force_login(people.other_pilot)
    assert client.get(nc.get_absolute_url()).status_code == 403
    assert client.post(url("nonconformity_analysis", nc), analysis_data()).status_code == 403
    assert client.post(url("nonconformity_action_add", nc), {}).status_code == 403


def test_closed_nonconformity_is_read_only_even_for_the_quality_engineer(client, people, nc):
    Nonconformity.objects.filter(pk=nc.pk).update(status=Nonconformity.Status.CLOSED,
                                                  closed_at=timezone.localdate())
    client.force_login(people.quality)
    page = body(client.get(nc.get_absolute_url()))
    assert 'name="analysis-root_cause"' not in page
    assert client.post(url("nonconformity_analysis", nc), analysis_data()).status_code == 403


def test_forms_only_accept_post(client, people, nc):
    client.force_login(people.pilot)
    assert client.get(url("nonconformity_analysis", nc)).status_code == 405


# --- immediate correction ---------------------------------------------------------------------
def test_record_the_immediate_correction(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_correction", nc),
                           {"correction-immediate_correction": "  Registre complété  "})
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.immediate_correction == "Registre complété"
    assert nc.history.latest().history_user == people.pilot
    page = body(client.get(nc.get_absolute_url()))
    assert fr("The immediate correction is recorded.") in page
    assert "Registre complété" in page


def test_empty_immediate_correction_refused_in_french(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_correction", nc),
                           {"correction-immediate_correction": " "})
    assert response.status_code == 400
    assert fr("This field is required.") in body(response)


# --- cause analysis ---------------------------------------------------------------------------
def test_record_a_five_whys_analysis(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_analysis", nc), analysis_data(
        **{"analysis-cause_methodes": "ignored: not the method chosen"}))
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.analysis_method == "five_whys"
    assert nc.five_whys == ["Registre non signé", "Agent non informé"]
    assert nc.ishikawa == {}
    assert nc.root_cause == "Pas de formation à l'accueil"
    assert nc.extent == "Même registre à l'état civil"
    assert nc.status == Nonconformity.Status.ANALYSED
    assert nc.history.latest().history_user == people.pilot
    page = body(client.get(nc.get_absolute_url()))
    assert fr("The cause analysis is recorded.") in page
    assert "Agent non informé" in page
    # The analysis is there: the form of the corrective actions too, the answers kept.
    assert 'name="action-title"' in page
    assert 'value="Agent non informé"' in page


def test_record_an_ishikawa_analysis(client, people, nc):
    client.force_login(people.quality)
    response = client.post(url("nonconformity_analysis", nc), analysis_data(**{
        "analysis-method": "ishikawa", "analysis-cause_methodes": "Pas de procédure",
        "analysis-cause_main_oeuvre": "Remplaçant non formé"}))
    assert response.status_code == 302
    nc.refresh_from_db()
    assert nc.ishikawa == {"methodes": "Pas de procédure",
                           "main_oeuvre": "Remplaçant non formé"}
    assert nc.five_whys == []
    page = body(client.get(nc.get_absolute_url()))
    assert "Pas de procédure" in page
    assert str(Nonconformity.Category.METHODS.label) in page or \
        fr(str(Nonconformity.Category.METHODS.label)) in page


def test_refused_analysis_shows_french_errors_and_keeps_the_input(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_analysis", nc), analysis_data(**{
        "analysis-method": "ishikawa", "analysis-root_cause": "",
        "analysis-extent": "Voir aussi le guichet annexe"}))
    assert response.status_code == 400
    page = body(response)
    assert fr("Give the causes found in at least one Ishikawa category.") in page
    assert fr("State the root cause the analysis found.") in page
    assert "Voir aussi le guichet annexe" in page
    assert 'value="Registre non signé"' in page
    assert 'value="ishikawa" checked' in page or 'checked value="ishikawa"' in page or \
        ('value="ishikawa"' in page and "checked" in page)
    nc.refresh_from_db()
    assert nc.root_cause == "" and nc.extent == ""


def test_five_whys_without_answer_refused(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_analysis", nc), analysis_data(
        **{"analysis-why_1": "", "analysis-why_2": ""}))
    assert response.status_code == 400
    assert fr("Answer « why? » at least once.") in body(response)


# --- corrective actions -----------------------------------------------------------------------
def _analysed(nc, people):
    services.nonconformity_record_analysis(nc=nc, user=people.pilot, method="five_whys",
                                           root_cause="Pas de formation", five_whys=["a"])


def test_plan_a_corrective_action(client, people, nc):
    _analysed(nc, people)
    client.force_login(people.pilot)
    due = timezone.localdate() + datetime.timedelta(30)
    response = client.post(url("nonconformity_action_add", nc), {
        "action-title": "Former les agents d'accueil", "action-owner": people.agent.pk,
        "action-start_date": timezone.localdate().isoformat(),
        "action-due_date": due.isoformat(), "action-description": "Une demi-journée",
        "action-expected_result": "Registre complet"})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.kind == Action.Kind.CORRECTIVE and action.source == nc
    assert action.owner == people.agent and action.due_date == due
    assert action.service == nc.service and action.expected_result == "Registre complet"
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS
    page = body(client.get(nc.get_absolute_url()))
    assert action.reference in page
    assert fr("Corrective action %(reference)s is planned.", reference=action.reference) in page


def test_refused_action_shows_french_errors_and_keeps_the_input(client, people, nc):
    _analysed(nc, people)
    client.force_login(people.pilot)
    today = timezone.localdate()
    response = client.post(url("nonconformity_action_add", nc), {
        "action-title": "Afficher la consigne", "action-owner": people.agent.pk,
        "action-start_date": today.isoformat(),
        "action-due_date": (today - datetime.timedelta(3)).isoformat()})
    assert response.status_code == 400
    page = body(response)
    assert fr("The due date cannot be before the start date.") in page
    assert 'value="Afficher la consigne"' in page
    assert not Action.objects.exists()


def test_action_before_the_analysis_refused(client, people, nc):
    client.force_login(people.pilot)
    response = client.post(url("nonconformity_action_add", nc), {
        "action-title": "Trop tôt", "action-owner": people.agent.pk,
        "action-due_date": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert fr("Analyse the causes before planning corrective actions.") in body(response)
    assert not Action.objects.exists()


def test_agent_may_not_plan_an_action(client, people, nc):
    _analysed(nc, people)
    client.force_login(people.agent)
    response = client.post(url("nonconformity_action_add", nc), {
        "action-title": "x", "action-owner": people.agent.pk,
        "action-due_date": timezone.localdate().isoformat()})
    assert response.status_code == 403
    assert not Action.objects.exists()


def test_closure_form_kept_for_the_quality_engineer(client, people, nc):
    client.force_login(people.quality)
    page = body(client.get(nc.get_absolute_url()))
    assert fr("It cannot be closed yet:") in page
    client.force_login(people.pilot)
    page = body(client.get(nc.get_absolute_url()))
    assert reverse("audits:nonconformity_close", args=[nc.reference]) not in page


def test_page_queries_do_not_grow_with_actions(client, people, nc,
                                               django_assert_max_num_queries):
    _analysed(nc, people)
    due = timezone.localdate() + datetime.timedelta(10)
    services.nonconformity_add_action(nc=nc, user=people.pilot, title="A1",
                                      owner=people.agent, due_date=due)
    client.force_login(people.pilot)
    with django_assert_max_num_queries(40) as few:
        client.get(nc.get_absolute_url())
    for i in range(5):
        services.nonconformity_add_action(nc=nc, user=people.pilot, title=f"A{i + 2}",
                                          owner=people.agent2, due_date=due)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = body(client.get(nc.get_absolute_url()))
    assert page.count('class="action-row') == 6
