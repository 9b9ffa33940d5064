"""A pilot prepares the reception's certification in a real browser (Debian's chromium):
opens the clause-to-evidence matrix, turns a gap into an action with the keyboard, then
tries to declare a clause not applicable without a justification and reads the French
error. axe-core on the matrix, before and after."""

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from qms.evidence import Coverage
from readiness.models import ClauseAssessment, ClauseRule
from tests import factories as f
from tests.audits.factories import CriterionFactory, StandardFactory
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr
from tests.readiness.factories import FakeKinds

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
GAP = "Aucun audit interne depuis 14 mois."


@pytest.fixture
def matrix(intranet_structure, monkeypatch):
    kinds = FakeKinds(monkeypatch)
    kinds.add("ok", Coverage.COVERED, items=1)
    kinds.add("none", Coverage.MISSING, items=0, gaps=[GAP])
    accueil = f.ServiceFactory(code="accueil-b", name="Accueil – Guichet unique")
    pilot = f.pilot(username="pilote-b", service=accueil)
    standard = StandardFactory(code="iso-test", name="ISO test")
    for order, (reference, kinds_) in enumerate([("4.1", ["ok"]), ("8.3", []),
                                                 ("9.2", ["none"])]):
        criterion = CriterionFactory(standard=standard, reference=reference, order=order,
                                     title=f"Exigence {reference}")
        ClauseRule.objects.create(criterion=criterion, evidence_kinds=kinds_)
    return accueil, pilot, standard


def test_pilot_turns_a_gap_into_an_action_and_declares(matrix, live_server, page, artifacts):
    accueil, pilot, standard = matrix
    login(page, live_server.url, pilot.username)
    page.goto(f"{live_server.url}/preparation/{accueil.code}/{standard.code}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ISO test")
    expect(page.locator("#clause-" + str(standard.criteria.get(reference="9.2").pk))
           ).to_contain_text(GAP)
    assert_no_serious_violations(page, "readiness matrix", artifacts)

    # The gap's button, reached and pressed with the keyboard.
    button = page.get_by_role("button", name=fr(
        "Create an action for § %(clause)s: %(gap)s", clause="9.2", gap=GAP))
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=re.compile(r"^Action ACT-"))).to_be_visible()
    action = Action.objects.get()
    assert action.title == GAP and action.service == accueil
    expect(page.get_by_text(fr("Action %(reference)s created for the gap.",
                               reference=action.reference))).to_be_visible()
    expect(button).to_have_count(0)

    # Declare 8.3 not applicable without a justification: refused in French.
    line = page.locator("#clause-" + str(standard.criteria.get(reference="8.3").pk))
    summary = line.locator("summary").first
    summary.focus()
    page.keyboard.press("Enter")
    radio = line.get_by_label(fr("Not applicable"))
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    line.get_by_role("button", name=fr("Record the declaration")).focus()
    page.keyboard.press("Enter")
    message = fr("Give the justification: why the clause does not apply, or what shows it "
                 "is covered.")
    expect(page.get_by_role("alert")).to_contain_text(message)
    assert not ClauseAssessment.objects.exists()
    assert_no_serious_violations(page, "readiness matrix with an error", artifacts)

    field = page.locator(f"#decl-{standard.criteria.get(reference='8.3').pk}-justification")
    field.fill("L'accueil ne conçoit pas de nouveaux services.")
    field.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text(fr("The declaration on %(clause)s is recorded.",
                               clause="ISO test § 8.3"))).to_be_visible()
    assert ClauseAssessment.objects.get().status == "not_applicable"
    page.screenshot(path=artifacts / "readiness-matrix.png", full_page=True)
