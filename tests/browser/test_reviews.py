"""The quality engineer prepares a management review in a real browser (Debian's
chromium): while the inputs compile in the background the page shows a progress bar
that follows the task, and reloads itself with every section once it has ended; the
summarised tables link to their full lists; a comment is recorded with the keyboard.
axe-core on the page while compiling and once compiled."""

import datetime

import pytest
from playwright.sync_api import expect

from reviews import services
from reviews.models import CompileState, ManagementReview, Section
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def review(intranet_structure):
    quality = f.quality_engineer(username="qualite-b", service=f.ServiceFactory(code="dgs-b"))
    review = services.review_create(
        title="Revue de direction 2025", period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31), user=quality)
    return review, quality


def test_compilation_progress_then_sections(review, live_server, page, artifacts):
    review, quality = review
    login(page, live_server.url, quality.username)
    # A compilation under way (as the worker would leave it after three sections).
    ManagementReview.objects.filter(pk=review.pk).update(
        compile_state=CompileState.RUNNING, compile_done=3,
        compile_started_at=datetime.datetime.now(datetime.UTC))
    page.goto(live_server.url + review.get_absolute_url())
    bar = page.get_by_label(fr("Compiling the inputs from the data of the period"))
    expect(bar).to_have_attribute("value", "3")
    expect(page.get_by_role("button", name=fr("Compile the inputs"))).to_have_count(0)
    assert_no_serious_violations(page, "management review compiling", artifacts)

    # The worker finishes: the page follows and reloads with the sections compiled.
    services.review_compile_run(review_id=review.pk, user=quality)
    expect(bar).to_have_count(0, timeout=20_000)
    expect(page.get_by_role("button", name=fr("Compile the inputs again"))).to_be_visible()
    for key in Section.values:
        expect(page.locator(f"#section-{key}-title")).to_be_visible()
    expect(page.get_by_text(fr("Not compiled yet."))).to_have_count(0)
    assert_no_serious_violations(page, "management review compiled", artifacts)

    # A comment on section d), typed and sent with the keyboard.
    field = page.locator("#comment-d")
    field.fill("Effectifs suffisants ; un poste d'accueil à pourvoir.")
    field.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#section-d")).to_contain_text("un poste d'accueil à pourvoir")
    page.screenshot(path=artifacts / "management-review.png", full_page=True)
