"""A pilot records a provider evaluation in a real browser (Debian's chromium), with the
keyboard only: the scores chosen by typing their mark in each list, one forgotten; the
French error names the criterion and keeps what was typed; the score given, the
evaluation is recorded and the provider's page draws its score. axe-core on the form
with its errors and on the provider's page; screenshots in test-artifacts/.

Expected texts are the French catalogue's, read with gettext, never typed in by hand."""

import datetime

import pytest
from playwright.sync_api import expect

from providers import services
from providers.models import Evaluation, EvaluationCriterion, Provider
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PILOT = "pilote.restauration"


@pytest.fixture
def world(intranet_structure):
    from importlib import import_module

    from django.apps import apps

    import_module("providers.migrations.0002_criteria_data").forward(apps, None)
    service = f.ServiceFactory(code="resto", name="Restauration scolaire")
    quality = f.quality_engineer(username="qualite.prestataires",
                                 service=f.ServiceFactory(code="dgs"))
    f.pilot(username=PILOT, service=service, first_name="Paula", last_name="Pilote")
    provider = services.provider_create(
        name="Saveurs Collectives", kind=Provider.Kind.SUPPLIER, services=[service],
        contract_start=datetime.date(2024, 9, 1), user=quality)
    return {"provider": provider}


def test_pilot_records_an_evaluation_by_keyboard(world, live_server, page, artifacts):
    provider = world["provider"]
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).order_by("order", "pk"))
    forgotten = criteria[2]
    login(page, live_server.url, PILOT)
    page.goto(f"{live_server.url}/prestataires/{provider.pk}/")
    link = page.get_by_role("link", name=fr("Record an evaluation"))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Record an evaluation"))

    conclusion = page.locator("#id_conclusion")
    conclusion.focus()
    page.keyboard.press("End")  # the last conclusion: to be replaced…
    page.keyboard.press("ArrowUp")  # …one up: approved under watch
    page.locator("#id_comment").focus()
    page.keyboard.type("Retards de livraison répétés en novembre.")
    for criterion in criteria:
        if criterion == forgotten:
            continue
        page.locator(f"#id_crit-{criterion.pk}-score").focus()
        page.keyboard.press("3")
    page.locator(f"#id_crit-{criteria[0].pk}-comment").focus()
    page.keyboard.type("Menus conformes")
    page.get_by_role("button", name=fr("Record the evaluation")).focus()
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(fr("%(criterion)s: give a score.",
                                     criterion=forgotten.name))
    expect(page.locator("#id_comment")).to_have_value("Retards de livraison répétés en "
                                                      "novembre.")
    expect(page.locator(f"#id_crit-{criteria[0].pk}-comment")).to_have_value("Menus conformes")
    assert not Evaluation.objects.exists()
    page.screenshot(path=artifacts / "providers-evaluation-errors.png", full_page=True)
    assert_no_serious_violations(page, "provider evaluation form with errors", artifacts)

    page.locator(f"#id_crit-{forgotten.pk}-score").focus()
    page.keyboard.press("2")
    page.get_by_role("button", name=fr("Record the evaluation")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(fr("The evaluation is recorded."))).to_be_visible()
    evaluation = Evaluation.objects.get()
    assert evaluation.conclusion == Evaluation.Conclusion.WATCH
    assert evaluation.scores.get(criterion=forgotten).score == 2
    expect(page.locator("svg.prv-chart")).to_be_visible()
    page.screenshot(path=artifacts / "providers-provider.png", full_page=True)
    assert_no_serious_violations(page, "provider page", artifacts)
