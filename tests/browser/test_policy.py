"""The quality policy in a real browser: an agent opens it and acknowledges it with the
keyboard; the rate the quality engineer sees goes up. axe-core on both views."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.test_agent_journey import ACKNOWLEDGE, assert_no_serious_violations, login
from tests.documents.factories import make_policy

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def policy(transactional_db):
    from documents.models import LibraryPage

    library = LibraryPage.objects.filter(live=True).first()
    accueil = f.ServiceFactory(code="acc", name="Accueil")
    dgs = f.ServiceFactory(code="dgs", name="Direction générale")
    f.agent(username="agent.accueil", service=accueil)
    f.agent(username="agent2.accueil", service=accueil)
    f.pilot(username="pilote.accueil", service=accueil)
    f.agent(username="agent3.accueil", service=accueil)
    quality = f.quality_engineer(username="qualite", service=dgs)
    writer = f.quality_engineer(username="qualite2", service=dgs)
    page = make_policy(library, owner_service=dgs, author=writer, applies_to=[accueil])
    return f.publish(page, verifier=quality, approver=quality, submitter=writer)


def rate_shown(page):
    return int(page.locator(".ack-rate-figure").get_attribute("data-rate"))


def test_agent_acknowledges_the_policy_and_the_rate_goes_up(policy, live_server, browser, page,
                                                           artifacts):
    base = live_server.url
    quality_context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    quality = quality_context.new_page()
    try:
        login(quality, base, "qualite")
        quality.goto(base + policy.url)
        expect(quality.locator("h1")).to_contain_text("POL-001")
        assert rate_shown(quality) == 0
        table = quality.locator("table.ack-rate-services")
        expect(table.locator("caption")).to_be_visible()
        expect(table.locator("tbody tr")).to_have_count(1)
        assert_no_serious_violations(quality, "policy page quality", artifacts)

        # The agent opens the policy and acknowledges it with the keyboard.
        login(page, base, "agent.accueil")
        page.goto(base + policy.url)
        expect(page.locator(".policy-commitments li")).to_have_count(2)
        expect(page.locator("table.ack-rate-services")).to_have_count(0)  # figure only
        ring = page.get_by_role("img", name=re.compile(r"0 %"))
        expect(ring).to_have_count(1)
        assert_no_serious_violations(page, "policy page agent", artifacts)
        button = page.get_by_role("button", name=ACKNOWLEDGE)
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement.tagName") == "BUTTON" and \
                    ACKNOWLEDGE.search(page.evaluate("() => document.activeElement.innerText")):
                break
        else:
            pytest.fail("the acknowledgement button is not reachable with Tab")
        page.keyboard.press("Enter")
        expect(page.locator(".messages .message.success")).to_be_visible()
        expect(button).to_have_count(0)
        page.screenshot(path=artifacts / "policy-acknowledged.png", full_page=True)

        # The quality engineer sees one more agent: 1 of 4.
        quality.reload()
        assert rate_shown(quality) == 25
        expect(quality.locator(".ack-rate-figure")).to_contain_text("1")
        expect(quality.locator("table.ack-rate-services tbody tr")).to_contain_text("25 %")
        quality.screenshot(path=artifacts / "policy-rate.png", full_page=True)
    finally:
        quality_context.close()
