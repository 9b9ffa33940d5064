"""The certifications in a real browser (Debian's chromium): the quality engineer opens
the municipality-wide view, follows a certification, plans its surveillance audit with
the keyboard — first dated before the first certification (refused, the French message
on the field, the input kept), then fixed. axe-core on the view, the certification's page
and the form with its error; screenshots in test-artifacts/.

Expected texts are the French catalogue's, read with gettext, never typed in by hand."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from certification.models import CertificationAudit
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr
from tests.certification import factories as cf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUALITY = "qualite.certif"


@pytest.fixture
def world(intranet_structure):
    dpc = f.ServiceFactory(code="dpc", name="Direction de la population", kind="direction")
    accueil = f.ServiceFactory(code="acc", name="Accueil", parent=dpc)
    f.ServiceFactory(code="ec", name="État civil", parent=dpc)
    f.quality_engineer(username=QUALITY, service=f.ServiceFactory(code="dgs",
                                                                  kind="direction"))
    certification = cf.CertificationFactory(services=[accueil],
                                            first_certified_on=datetime.date(2020, 3, 15))
    return {"certification": certification}


def test_quality_engineer_plans_a_surveillance_audit(world, live_server, page, artifacts):
    base = live_server.url
    certification = world["certification"]
    login(page, base, QUALITY)
    page.goto(base + "/certifications/")
    expect(page.locator("#headline")).to_contain_text("1")
    expect(page.locator("figure svg[role=img]")).to_have_count(1)
    assert_no_serious_violations(page, "certifications overview", artifacts)

    page.locator(f"a[href='/certifications/{certification.pk}/']").first.click()
    expect(page).to_have_url(re.compile(rf"/certifications/{certification.pk}/$"))
    expect(page.locator("h1")).to_contain_text("ISO 9001")
    assert_no_serious_violations(page, "certification page", artifacts)

    # Reach the form from the keyboard.
    link = page.get_by_role("link", name=fr("Plan an audit"))
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(fr("Plan a certification audit"))

    kind = page.get_by_label(fr("Type of audit"))
    kind.focus()
    kind.select_option(CertificationAudit.Kind.SURVEILLANCE)
    page.keyboard.press("Tab")
    date = page.get_by_label(fr("Planned date"))
    expect(date).to_be_focused()
    date.fill("2019-05-10")
    date.press("Enter")

    with translation.override("fr"):
        first = date_format(datetime.date(2020, 3, 15))
    message = fr("A surveillance or renewal audit cannot take place before the first "
                 "certification (%(date)s).", date=first)
    expect(page.locator("#id_planned_date-errors")).to_have_text(message)
    expect(page.get_by_label(fr("Planned date"))).to_have_value("2019-05-10")
    expect(page.get_by_label(fr("Planned date"))).to_have_attribute("aria-invalid", "true")
    assert not CertificationAudit.objects.exists()
    assert_no_serious_violations(page, "certification audit form errors", artifacts)
    page.screenshot(path=artifacts / "certification-plan-error.png", full_page=True)

    planned = timezone.localdate() + datetime.timedelta(days=120)
    date = page.get_by_label(fr("Planned date"))
    date.focus()
    date.fill(planned.isoformat())
    date.press("Enter")
    expect(page).to_have_url(re.compile(rf"/certifications/{certification.pk}/$"))
    expect(page.get_by_text(fr("The audit is planned."))).to_be_visible()
    entry = CertificationAudit.objects.get()
    assert (entry.kind, entry.planned_date) == (CertificationAudit.Kind.SURVEILLANCE, planned)
