"""{% actions_for_record record %}: the actions of any record, on any module's page, and
the "New action" link to /actions/nouvelle/ that attaches a new action to the record and
comes back to the page."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.selectors import actions_for
from tests.actions.factories import ActionFactory, attached_action
from tests.indicators.factories import IndicatorFactory
from tests.processes.factories import ProcessFactory, RiskFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def render(record, user, path="/processus/PRC-T01/"):
    request = RequestFactory().get(path)
    request.user = user
    template = Template("{% load actions_tags %}{% actions_for_record record %}")
    return template.render(Context({"record": record, "request": request, "user": user}))


def create_link(html) -> str:
    found = re.search(r'href="(/actions/nouvelle/\?[^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else ""


@pytest.fixture
def records(accueil, etat_civil):
    process = ProcessFactory(code="PRC-T01", service=accueil)
    indicator = IndicatorFactory(code="ACC-ATTENTE", service=accueil)
    return process, indicator


@pytest.mark.parametrize("which", [0, 1])
def test_the_tag_lists_a_records_actions(people, accueil, etat_civil, records, which):
    record, other = records[which], records[1 - which]
    late = attached_action(record, title="Action en retard", service=accueil,
                           owner=people.agent, start_date=days(-20), due_date=days(-2),
                           status=Action.Status.IN_PROGRESS)
    elsewhere = attached_action(record, title="Action de l'état civil", service=etat_civil,
                                owner=people.other_agent)
    attached_action(other, title="Action d'un autre enregistrement", service=accueil,
                    owner=people.agent)
    ActionFactory(title="Action sans source", service=accueil, owner=people.agent)

    html = render(record, people.quality)
    assert "Action en retard" in html and "Action de l&#x27;état civil" in html
    assert "Action d&#x27;un autre" not in html and "sans source" not in html
    assert 'class="badge overdue"' in html and str(people.agent) in html
    assert f'href="/actions/{late.pk}/"' in html

    # an agent of the reception sees only what they may read, and cannot create
    agent_html = render(record, people.agent)
    assert "Action en retard" in agent_html and elsewhere.title not in agent_html
    assert create_link(agent_html) == ""


@pytest.mark.parametrize("which", [0, 1])
def test_the_new_action_link_names_the_record(people, records, which):
    record = records[which]
    link = create_link(render(record, people.pilot, path="/page/du/record/?onglet=2"))
    query = parse_qs(urlparse(link).query)
    content_type = ContentType.objects.get_for_model(record)
    assert query["source"] == [f"{content_type.pk}:{record.pk}"]
    assert query["next"] == ["/page/du/record/?onglet=2"]


def test_the_tag_on_a_record_without_actions(people, records):
    html = render(records[0], people.pilot)
    assert _("No action attached yet.") in html
    assert create_link(html)


# --- the create page -----------------------------------------------------------------------------
def source_of(record) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def form_data(service, owner, **extra):
    data = {"title": "Réduire l'attente au guichet", "description": "",
            "kind": "improvement", "service": service.pk, "owner": owner.pk,
            "start_date": TODAY.isoformat(), "due_date": days(60).isoformat(),
            "expected_result": "", "operating_budget_planned": "0",
            "investment_budget_planned": "0"}
    data.update(extra)
    return data


@pytest.mark.parametrize("which", [0, 1])
def test_create_an_action_for_a_record_and_come_back(client, people, accueil, records,
                                                     which):
    record = records[which]
    client.force_login(people.pilot)
    source = source_of(record)
    page = client.get("/actions/nouvelle/", {"source": source, "next": "/retour/"})
    assert page.status_code == 200
    assert page.context["form"].initial["service"] == accueil.pk  # the record's service
    response = client.post("/actions/nouvelle/", {
        "source": source, "next": "/retour/", **form_data(accueil, people.agent)})
    assert response.status_code == 302 and response["Location"] == "/retour/"
    action = actions_for(record).get()
    assert action.title == "Réduire l'attente au guichet" and action.owner == people.agent
    assert action.created_by == people.pilot and action.reference.startswith("ACT-")
    assert action.source_label == f"{record._meta.verbose_name.capitalize()} {record}"
    assert action.history.latest().history_user == people.pilot


def test_a_risk_presets_a_risk_treatment(client, people, accueil):
    risk = RiskFactory(sheet__process__service=accueil)
    client.force_login(people.pilot)
    page = client.get("/actions/nouvelle/", {"source": source_of(risk)})
    assert page.context["form"].initial["kind"] == Action.Kind.RISK_TREATMENT
    assert page.context["form"].initial["service"] == accueil.pk  # the risk sheet's
    process = ProcessFactory(service=accueil)
    page = client.get("/actions/nouvelle/", {"source": source_of(process)})
    assert page.context["form"].initial["kind"] == Action.Kind.IMPROVEMENT


def test_without_next_the_new_action_page_opens(client, people, accueil, records):
    client.force_login(people.quality)
    response = client.post("/actions/nouvelle/", {"source": source_of(records[0]),
                                                  **form_data(accueil, people.agent)})
    action = Action.objects.get()
    assert response["Location"] == f"/actions/{action.pk}/"


def test_an_outside_next_is_ignored(client, people, accueil, records):
    client.force_login(people.quality)
    response = client.post("/actions/nouvelle/", {
        "source": source_of(records[0]), "next": "https://evil.example/",
        **form_data(accueil, people.agent)})
    assert response["Location"] == f"/actions/{Action.objects.get().pk}/"


def test_bad_input_is_refused_and_kept(client, people, accueil, records):
    client.force_login(people.pilot)
    response = client.post("/actions/nouvelle/", {
        "source": source_of(records[0]),
        **form_data(accueil, people.agent, start_date=days(10).isoformat(),
                    due_date=days(1).isoformat(), title="Titre à garder")})
    assert response.status_code == 400
    assert _("The due date cannot be before the start date.") in \
        response.context["form"].errors["due_date"]
    assert 'value="Titre à garder"' in response.content.decode()
    assert not Action.objects.exists()

    response = client.post("/actions/nouvelle/", {
        "source": source_of(records[0]), **form_data(accueil, people.agent, title="")})
    assert response.status_code == 400 and "title" in response.context["form"].errors


@pytest.mark.parametrize("who, status", [("agent", 403), ("other_agent", 403),
                                         ("pilot", 200), ("quality", 200)])
def test_who_may_open_the_create_page(client, people, records, who, status):
    client.force_login(getattr(people, who))
    assert client.get("/actions/nouvelle/", {"source": source_of(records[0])}).status_code \
        == status


def test_a_pilot_creates_only_in_their_services(client, people, accueil, etat_civil,
                                                records):
    client.force_login(people.other_pilot)  # pilot of the registry office
    page = client.get("/actions/nouvelle/", {"source": source_of(records[0])})
    assert list(page.context["form"].fields["service"].queryset) == [etat_civil]
    response = client.post("/actions/nouvelle/", {"source": source_of(records[0]),
                                                  **form_data(accueil, people.agent)})
    assert response.status_code == 400
    assert "service" in response.context["form"].errors
    assert not Action.objects.exists()
    # in their own service it works, even for a record of another service
    response = client.post("/actions/nouvelle/", {
        "source": source_of(records[0]), **form_data(etat_civil, people.other_agent)})
    assert response.status_code == 302
    assert Action.objects.get().service == etat_civil


@pytest.mark.parametrize("raw", ["abc", "1:", "99999:1"])
def test_an_unknown_source_is_404(client, people, raw):
    client.force_login(people.quality)
    assert client.get("/actions/nouvelle/", {"source": raw}).status_code == 404


def test_a_source_outside_the_modules_is_refused(client, people, records):
    client.force_login(people.quality)
    user_source = source_of(people.agent)  # a user account is no source of actions
    assert client.get("/actions/nouvelle/", {"source": user_source}).status_code == 404
    missing = f"{ContentType.objects.get_for_model(records[0]).pk}:999999"
    assert client.get("/actions/nouvelle/", {"source": missing}).status_code == 404


def test_an_action_without_source(client, people, accueil):
    client.force_login(people.pilot)
    response = client.post("/actions/nouvelle/", form_data(accueil, people.pilot))
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source_content_type is None and action.source_label == ""
