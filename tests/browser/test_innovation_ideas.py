"""An agent's idea reaches the working group, in a real browser (Debian's chromium): the
agent logs in, opens the innovation programme's page, goes to a theme and submits an
idea with the keyboard only; then the facilitator logs in (a browser context of their
own) and finds the idea, its author and its answer form on the theme's page. axe-core on
the programme page and on the theme page, as the agent and as the facilitator;
screenshots in test-artifacts/.

Expected texts are the French catalogue's, read with gettext, never typed in by hand."""

import re

import pytest
from playwright.sync_api import expect

from innovation.models import Idea
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr
from tests.innovation.conftest import seeds  # noqa: F401  (the programme of the seeds)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Rappeler les usagers qui ont raccroché"
DESCRIPTION = "Un rappel automatique dans l'heure, depuis le standard."


@pytest.fixture
def programme(intranet_structure, seeds):  # noqa: F811
    seeds.programme.description = "Les agents proposent, les groupes de travail construisent."
    seeds.programme.priorities = "Un accueil plus simple\nDes services plus sobres"
    seeds.programme.save()
    seeds.group.charter = "Bienveillance et confidentialité."
    seeds.group.save()
    return seeds


def test_an_agent_submits_an_idea_the_facilitator_sees_it(programme, live_server, browser,
                                                          page, artifacts):
    s = programme
    base = live_server.url

    # The agent: from the programmes to the programme's page, then to a theme.
    login(page, base, s.agent.username)
    page.goto(base + "/innovation/")
    page.get_by_role("link", name=s.programme.name).click()
    expect(page).to_have_url(base + s.programme.get_absolute_url())
    expect(page.locator("h1")).to_have_text(s.programme.name)
    expect(page.get_by_role("button", name=fr("Follow the programme"))).to_be_visible()
    assert_no_serious_violations(page, "innovation programme", artifacts)
    page.screenshot(path=artifacts / "innovation-programme.png", full_page=True)

    page.get_by_role("link", name=str(s.theme)).click()
    expect(page).to_have_url(base + s.theme.get_absolute_url())
    expect(page.locator("h1")).to_have_text(str(s.theme))
    # The group's work is for the group: not shown to the agent.
    expect(page.get_by_text("Bienveillance et confidentialité.")).to_have_count(0)
    assert_no_serious_violations(page, "innovation theme agent", artifacts)

    # The idea, with the keyboard only: type, Tab to the next field, Tab to the button.
    page.get_by_label(fr("Your idea in a few words")).focus()
    page.keyboard.type(TITLE)
    page.keyboard.press("Tab")
    expect(page.get_by_label(fr("Describe it"))).to_be_focused()
    page.keyboard.type(DESCRIPTION)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=fr("Send my idea"))).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(s.theme.get_absolute_url())
                                        + r"#own-ideas-title$"))
    expect(page.get_by_role("status")).to_contain_text(fr(
        "Thank you: your idea is sent to the group « %(theme)s ». Its answer will appear "
        "on this page.", theme=s.theme.title))
    own = page.locator("section[aria-labelledby=own-ideas-title]")
    expect(own).to_contain_text(TITLE)
    expect(own).to_contain_text(fr("The group has not answered yet."))
    page.screenshot(path=artifacts / "innovation-idea-sent.png", full_page=True)
    idea = Idea.objects.get()
    assert (idea.title, idea.description, idea.author) == (TITLE, DESCRIPTION, s.agent)

    # The facilitator, in a browser context of their own, sees it on the theme's page.
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        facilitator = context.new_page()
        login(facilitator, base, s.facilitator.username)
        facilitator.goto(base + s.theme.get_absolute_url())
        ideas = facilitator.locator("section[aria-labelledby=ideas-title]")
        expect(ideas).to_contain_text(TITLE)
        expect(ideas).to_contain_text(DESCRIPTION)
        expect(ideas).to_contain_text(str(s.agent))
        expect(ideas.locator(f"#idea-{idea.pk} summary")).to_be_visible()
        expect(facilitator.get_by_text("Bienveillance et confidentialité.")).to_be_visible()
        assert_no_serious_violations(facilitator, "innovation theme facilitator", artifacts)
        facilitator.screenshot(path=artifacts / "innovation-theme-facilitator.png",
                               full_page=True)
        # The proposal form the facilitator writes from the theme's page.
        facilitator.get_by_role("link", name=fr("Write a proposal")).click()
        expect(facilitator.locator("h1")).to_contain_text(s.theme.title)
        assert_no_serious_violations(facilitator, "innovation proposal form", artifacts)
    finally:
        context.close()
