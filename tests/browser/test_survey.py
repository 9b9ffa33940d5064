"""A citizen answers a satisfaction survey in a real browser (Debian's chromium), without
logging in: an answer left out is refused with its message (the others kept), then the
form is completed with the keyboard and the mouse and sent; the thank-you page shows; the
same form sent again (from a second tab) is refused as already recorded, and nothing is
duplicated. axe-core on the form, the error state and the thank-you page. The citizens'
pages stand alone: no intranet navigation, a skip link, readable on a phone.

A pilot builds a survey on the intranet: creates it, writes three questions, moves one
up, removes one, with axe-core on the building page."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, SurveyResponse
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr
from tests.feedback.factories import survey_with_questions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def survey(intranet_structure):
    survey, scale, yes_no, text = survey_with_questions(
        title="Votre avis sur l'accueil de la mairie",
        intro="Trois questions, une minute.")
    return survey, scale, yes_no, text


def test_citizen_answers_a_survey(survey, live_server, context, page, artifacts):
    s, scale, yes_no, text = survey
    url = live_server.url + s.get_public_url()
    # The same form also open in a second tab, to be sent again after the first
    second = context.new_page()
    second.goto(url)
    page.goto(url)
    expect(page).to_have_url(url)  # no login asked
    expect(page.locator("h1")).to_have_text(s.title)
    assert_no_serious_violations(page, "survey form", artifacts)

    # The citizens' own layout: no intranet menu or link, the skip link first
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".main-nav")).to_have_count(0)
    expect(page.locator("a[href^='/admin/'], a[href^='/actions/'], a[href='/']")).to_have_count(0)
    phone = context.new_page()  # (a page of its own: the skip link adds #main to its URL)
    phone.set_viewport_size({"width": 360, "height": 740})
    phone.goto(url)
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name=fr("Skip to content"))).to_be_focused()
    phone.keyboard.press("Enter")
    expect(phone.locator("main#main")).to_be_focused()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the survey page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=artifacts / "survey-phone.png", full_page=True)
    phone.close()

    # Send without the required scale answer: refused, the typed text kept
    page.get_by_label(fr("Yes"), exact=True).check()
    page.locator("textarea").fill("Accueil <b>très</b> aimable")
    page.get_by_role("button", name=fr("Send my answers")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("textarea")).to_have_value("Accueil <b>très</b> aimable")
    expect(page.get_by_label(fr("Yes"), exact=True)).to_be_checked()
    assert_no_serious_violations(page, "survey errors", artifacts)
    assert not SurveyResponse.objects.exists()

    # The keyboard: focus the first score, move to 4 with the arrow keys
    first = page.locator(f"input[name=q{scale.pk}]").first
    first.focus()
    page.keyboard.press("Space")
    for _i in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator(f"input[name=q{scale.pk}][value='4']")).to_be_checked()
    page.screenshot(path=artifacts / "survey-form.png", full_page=True)
    page.get_by_role("button", name=fr("Send my answers")).click()

    expect(page).to_have_url(re.compile(r"/merci/$"))
    expect(page.get_by_role("status")).to_contain_text(fr("Thank you: your answers are recorded."))
    assert_no_serious_violations(page, "survey thanks", artifacts)
    page.screenshot(path=artifacts / "survey-thanks.png", full_page=True)
    assert SurveyResponse.objects.count() == 1
    assert Answer.objects.get(question=scale).scale_value == 4
    assert Answer.objects.get(question=text).text == "Accueil très aimable"

    # The form of the second tab sent too: refused, nothing duplicated
    second.locator(f"input[name=q{scale.pk}][value='2']").check()
    second.get_by_role("button", name=fr("Send my answers")).click()
    expect(second.get_by_role("status")).to_contain_text(
        fr("Your answers were already recorded. Thank you!"))
    page.goto(url)
    expect(page.get_by_role("status")).to_contain_text(
        fr("Your answers were already recorded. Thank you!"))
    assert SurveyResponse.objects.count() == 1


def test_pilot_builds_a_survey(intranet_structure, live_server, page, artifacts):
    accueil = f.ServiceFactory(code="acc", name="Accueil")
    f.pilot(username="pilote.accueil", service=accueil)
    login(page, live_server.url, "pilote.accueil")
    page.goto(live_server.url + "/enquetes/")
    page.get_by_role("link", name=fr("Create a survey")).click()
    page.locator("#id_title").fill("Accueil du public")
    page.get_by_role("button", name=fr("Create and write the questions")).click()
    expect(page).to_have_url(re.compile(r"/enquetes/\d+/construire/$"))

    add = page.locator("form[aria-labelledby=add-question]")
    for text, kind in (("Êtes-vous satisfait ?", "scale"), ("Vos suggestions", "text"),
                       ("Avez-vous obtenu une réponse ?", "yes_no")):
        add.locator("#id_question-text").fill(text)
        add.locator("#id_question-kind").select_option(kind)
        add.get_by_role("button", name=fr("Add the question")).click()
        expect(page.locator(".questions-table tbody th", has_text=text)).to_be_visible()
    assert_no_serious_violations(page, "survey building", artifacts)

    rows = page.locator(".questions-table tbody th")
    page.get_by_role("button", name=f"{fr('Move up')} — Avez-vous obtenu une réponse ?").click()
    expect(rows.nth(1)).to_contain_text("Avez-vous obtenu une réponse ?")
    page.get_by_role("button", name=f"{fr('Remove')} — Vos suggestions").click()
    expect(rows).to_have_count(2)
    page.screenshot(path=artifacts / "survey-building.png", full_page=True)
    from feedback.models import Survey

    survey = Survey.objects.get()
    assert list(survey.questions.order_by("order").values_list("text", flat=True)) == [
        "Êtes-vous satisfait ?", "Avez-vous obtenu une réponse ?"]
