"""An internal audit in a real browser (Debian's chromium), as the quality engineer runs
it on the intranet: the audit page, the checklist built from the audit's criteria, a
question answered « not conform » with its evidence, a minor nonconformity recorded as a
finding, the link to the nonconformity it opened; then, on the nonconformity's page, a
cause analysis refused without its root cause (the input kept) and recorded with it.
axe-core on the audit and nonconformity pages; screenshots in test-artifacts/.

Expected texts are the French catalogue's, read with gettext, never typed in by hand."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from audits import services
from audits.models import ChecklistItem, Finding, Nonconformity
from tests import factories as f
from tests.audits import factories as af
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.browser.test_risks_actions import fr

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUALITY = "qualite.audits"


def frn(singular, plural, count):
    with translation.override("fr"):
        return ngettext(singular, plural, count) % {"count": count}


@pytest.fixture
def world(intranet_structure):
    """The Accueil service audited by an auditor of the état civil, against a criterion
    with two questions, planned today by the quality engineer."""
    today = timezone.localdate()
    accueil = f.ServiceFactory(code="acc", name="Accueil")
    etat_civil = f.ServiceFactory(code="ec", name="État civil")
    quality = f.quality_engineer(username=QUALITY, service=f.ServiceFactory(code="dgs"),
                                 first_name="Quentin", last_name="Qualité")
    f.pilot(username="pilote.accueil", service=accueil)
    auditor = af.AuditorFactory(user=f.UserFactory(username="auditrice.ec",
                                                   service=etat_civil, role="Auditeur"))
    criterion = af.CriterionFactory(
        reference="8.5.1", title="Maîtrise de l'accueil",
        questions="Les horaires sont-ils affichés ?\nLe registre des visites est-il tenu ?")
    programme = af.ProgrammeFactory(year=today.year)
    audit = services.audit_create(
        programme=programme, title="Audit de l'accueil", user=quality, services=[accueil],
        lead_auditor=auditor, criteria=[criterion], planned_start=today, planned_end=today)
    return {"audit": audit, "quality": quality, "accueil": accueil}


def test_quality_engineer_audits_and_analyses_the_nonconformity(world, live_server, page,
                                                                artifacts):
    base = live_server.url
    audit = world["audit"]
    login(page, base, QUALITY)
    page.goto(base + audit.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(audit.reference)
    expect(page.get_by_text(fr("No checklist yet."))).to_be_visible()

    # The checklist from the criteria: two questions.
    page.get_by_role("button", name=fr("Add the questions of the criteria")).click()
    expect(page.get_by_role("status")).to_contain_text(frn(
        "%(count)s question added to the checklist.",
        "%(count)s questions added to the checklist.", 2))
    rows = page.locator(".checklist-table tbody tr")
    expect(rows).to_have_count(2)
    assert_no_serious_violations(page, "audit page with checklist", artifacts)

    # Answer the register question « not conform », with its evidence.
    register = rows.filter(has_text="Le registre des visites est-il tenu ?")
    register.locator("select").select_option("nonconform")
    register.locator("textarea").fill("4 pages de mars sans visa")
    page.get_by_role("button", name=fr("Save the answers")).click()
    expect(page.get_by_role("status")).to_contain_text(fr("The checklist is saved."))
    item = ChecklistItem.objects.get(question="Le registre des visites est-il tenu ?")
    assert item.answer == "nonconform" and item.evidence == "4 pages de mars sans visa"

    # Record a minor nonconformity finding through the form.
    page.locator("summary", has_text=fr("Record a finding")).click()
    form = page.locator("form[action$='/constat/']")
    form.get_by_label(fr("Kind")).select_option("minor_nc")
    form.get_by_label(fr("Clause or commitment")).select_option(index=1)
    form.get_by_label(re.compile("^" + re.escape(fr("Description")))).fill("Registre des visites non tenu")
    form.get_by_label(fr("Evidence")).fill("4 pages de mars sans visa")
    page.screenshot(path=artifacts / "audit-finding-form.png", full_page=True)
    form.get_by_role("button", name=fr("Record the finding")).click()
    nc = Nonconformity.objects.get()
    assert nc.finding.kind == Finding.Kind.MINOR_NC and nc.service == world["accueil"]
    expect(page.get_by_role("status")).to_contain_text(nc.reference)

    # Reach the nonconformity from the finding.
    page.locator(".finding").get_by_role("link", name=nc.reference).click()
    expect(page).to_have_url(re.compile(re.escape(nc.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_contain_text(nc.reference)
    assert_no_serious_violations(page, "nonconformity page with forms", artifacts)

    # The analysis without its root cause: refused, the answers kept.
    analysis = page.locator("form.analysis-form")
    analysis.get_by_label(fr("5 whys")).check()
    analysis.get_by_label(fr("Why? (%(n)s)", n=1)).fill("Le registre n'est pas visé")
    analysis.get_by_label(fr("Why? (%(n)s)", n=2)).fill("Personne n'en est chargé")
    analysis.get_by_label(fr("Extent"), exact=True).fill("Registre identique à l'état civil")
    analysis.get_by_role("button", name=fr("Save the cause analysis")).click()
    analysis = page.locator("form.analysis-form")
    expect(analysis.locator(".field-errors")).to_contain_text(
        fr("State the root cause the analysis found."))
    expect(analysis.get_by_label(fr("Why? (%(n)s)", n=2))).to_have_value(
        "Personne n'en est chargé")
    assert_no_serious_violations(page, "nonconformity analysis errors", artifacts)
    page.screenshot(path=artifacts / "nonconformity-analysis-errors.png", full_page=True)

    analysis.get_by_label(fr("Root cause")).fill("Aucune consigne écrite sur le registre")
    analysis.get_by_role("button", name=fr("Save the cause analysis")).click()
    expect(page.get_by_role("status")).to_contain_text(fr("The cause analysis is recorded."))
    expect(page.locator(".five-whys li")).to_have_count(2)
    nc.refresh_from_db()
    assert nc.root_cause == "Aucune consigne écrite sur le registre"
    assert nc.five_whys == ["Le registre n'est pas visé", "Personne n'en est chargé"]
    assert nc.extent == "Registre identique à l'état civil"
    assert nc.status == Nonconformity.Status.ANALYSED
    # Now corrective actions may be planned from the page.
    expect(page.locator("summary", has_text=fr("Plan a corrective action"))).to_be_visible()
    page.screenshot(path=artifacts / "nonconformity-analysed.png", full_page=True)
