"""Competence in a real browser (Debian's chromium), as the pilot of a service uses it:
record a training for one of their agents from the keyboard, be told in French that 0
hours is not a training (nothing lost from what was typed), then find the training on the
agent's page and the agent's levels in the service's matrix. axe-core on every page;
screenshots go to test-artifacts/ (gitignored)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from competence.models import Training
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.competence import factories as cf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PILOT = "pilote.accueil"


def fr(message, **params):
    with translation.override("fr"):
        text = _(message)
        return text % params if params else text


@pytest.fixture
def world(intranet_structure):
    service = f.ServiceFactory(code="acc", name="Accueil")
    pilot = f.pilot(username=PILOT, service=service, first_name="Paule", last_name="Pilote")
    agent = f.agent(username="agent.accueil", service=service, first_name="Alain",
                    last_name="Agent")
    other = f.agent(username="agent.urba", service=f.ServiceFactory(code="urb"),
                    first_name="Ulysse", last_name="Urba")
    welcome = cf.CompetenceFactory(name="Accueil des usagers")
    cf.role_for(agent, (welcome, 3), title="Agent d'accueil")
    cf.AssessmentFactory(agent=agent, competence=welcome, level=2)
    return {"pilot": pilot, "agent": agent, "other": other, "welcome": welcome}


def test_pilot_records_a_training_by_keyboard(world, live_server, page, artifacts):
    base = live_server.url
    agent = world["agent"]
    login(page, base, PILOT)
    page.goto(base + "/competences/")
    assert_no_serious_violations(page, "competence overview", artifacts)
    page.get_by_role("link", name=fr("Record a training")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Record a training"))
    # Only the agents of the pilot's service are offered.
    options = page.locator("#id_agent option")
    expect(options).to_have_count(3)  # "---", the pilot, the agent
    expect(page.locator("#id_agent")).not_to_contain_text("Ulysse")

    page.locator("#id_agent").focus()
    page.locator("#id_agent").select_option(str(agent.pk))
    page.keyboard.press("Tab")
    page.keyboard.type("Accueil des publics en situation de handicap")
    page.locator("#id_date").fill(cf.days_ago(7).isoformat())
    page.locator("#id_organiser").focus()
    page.keyboard.type("CNFPT Centre")
    page.locator("#id_hours").focus()
    page.keyboard.type("0")
    page.locator("#id_status").select_option("done")
    page.locator("#id_competences_0").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=fr("Record the training")).focus()
    page.keyboard.press("Enter")

    # Refused, in French, on the field; what was typed is still there.
    expect(page.locator(".cpt-errors")).to_be_visible()
    expect(page.locator("form.cpt-form")).to_contain_text(
        fr("The number of hours must be greater than zero."))
    expect(page.locator("#id_title")).to_have_value("Accueil des publics en situation de handicap")
    expect(page.locator("#id_competences_0")).to_be_checked()
    assert not Training.objects.exists()
    page.screenshot(path=str(artifacts / "competence-training-error.png"), full_page=True)
    assert_no_serious_violations(page, "competence training form with errors", artifacts)

    page.locator("#id_hours").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("7")
    page.get_by_role("button", name=fr("Record the training")).focus()
    page.keyboard.press("Enter")

    # The agent's page: the training, and the competence it covers.
    expect(page.get_by_role("heading", level=1)).to_have_text("Alain Agent")
    expect(page.locator("main")).to_contain_text("Accueil des publics en situation de handicap")
    expect(page.locator("main")).to_contain_text(fr("The training is recorded."))
    training = Training.objects.get()
    assert training.agent == agent and training.hours == 7
    assert list(training.competences.all()) == [world["welcome"]]
    assert_no_serious_violations(page, "competence agent page", artifacts)

    # The matrix of the service: the agent below the required level (2 of 3).
    page.goto(base + "/competences/services/acc/")
    row = page.locator("table.cpt-matrix tbody tr").filter(has_text="Alain Agent")
    expect(row).to_contain_text("▼ 2/3")
    expect(row).to_contain_text(fr("below the required level"))
    page.screenshot(path=str(artifacts / "competence-matrix.png"), full_page=True)
    assert_no_serious_violations(page, "competence matrix", artifacts)
