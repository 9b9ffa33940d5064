"""The risk pages and the action plan in a real browser (Debian's chromium), as the pilot of
a service uses them: the 4×4 risk matrix (counts, cells opening the register, residual
ratings, keyboard), a risk sheet (planning a treatment action, with its errors), the
action plan (late badge, "late only" filter, timeline bars, closing a corrective action
only after its effectiveness check) and the to-do list. axe-core on every page; the
screenshots go to test-artifacts/ (gitignored).

The UI is in French: expected texts are the catalogue's, read with gettext under
translation.override("fr"), never typed in by hand."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from actions.models import Action
from actions.services import action_create
from processes.models import Criticality, Risk
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.processes.factories import (
    OpportunityFactory,
    ProcessFactory,
    RiskFactory,
    RiskSheetFactory,
)

pytestmark = [
    pytest.mark.browser,
    # live_server reads committed data; serialized_rollback brings back what the data
    # migrations created (home, library, roles, workflow) after each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PILOT = "pilote.accueil"


def fr(message, **params):
    """The French text of a catalogue message (formatted with `params` when given)."""
    with translation.override("fr"):
        text = _(message)
        return text % params if params else text


def iso(day: datetime.date) -> str:
    return day.isoformat()


@pytest.fixture
def world(intranet_structure):
    """The Accueil service: its pilot, an agent, the process PRC-R01 and its risk sheet
    (two risks at likelihood 4 × severity 3, one at 1 × 1, one opportunity; the first
    risk's review is overdue), and three actions of its plan (one late, one corrective)."""
    today = timezone.localdate()
    service = f.ServiceFactory(code="acc", name="Accueil")
    pilot = f.pilot(username=PILOT, service=service, first_name="Paule", last_name="Pilote")
    agent = f.agent(username="agent.accueil", service=service, first_name="Alain",
                    last_name="Agent")
    process = ProcessFactory(code="PRC-R01", name="Accueil et orientation des usagers",
                             service=service, pilot=pilot)
    sheet = RiskSheetFactory(process=process, title="Fiche de risques — Accueil")
    queue = RiskFactory(sheet=sheet, reference="R-ACC-01", title="Attente excessive au guichet",
                        likelihood=4, severity=3, residual_likelihood=2, residual_severity=2,
                        treatment=Risk.Treatment.REDUCE,
                        review_date=today - datetime.timedelta(days=10))
    phone = RiskFactory(sheet=sheet, reference="R-ACC-02", title="Standard saturé",
                        likelihood=4, severity=3, residual_likelihood=2, residual_severity=2,
                        treatment=Risk.Treatment.REDUCE,
                        review_date=today + datetime.timedelta(days=200))
    badge = RiskFactory(sheet=sheet, reference="R-ACC-03", title="Badge d'accès égaré",
                        likelihood=1, severity=1, residual_likelihood=1, residual_severity=1,
                        treatment=Risk.Treatment.ACCEPT,
                        review_date=today + datetime.timedelta(days=300))
    opportunity = OpportunityFactory(sheet=sheet, reference="O-ACC-01",
                                     title="Prise de rendez-vous en ligne",
                                     likelihood=4, severity=3)

    def create(title, **fields):
        return action_create(title=title, owner=pilot, service=service, user=pilot, **fields)

    late = create("Réorganiser les horaires du guichet", kind=Action.Kind.IMPROVEMENT,
                  start_date=today - datetime.timedelta(days=40),
                  due_date=today - datetime.timedelta(days=5))
    corrective = create("Corriger le parcours d'orientation", kind=Action.Kind.CORRECTIVE,
                        start_date=today - datetime.timedelta(days=10),
                        due_date=today + datetime.timedelta(days=20))
    later = create("Former les agents à l'accueil téléphonique", kind=Action.Kind.IMPROVEMENT,
                   start_date=today, due_date=today + datetime.timedelta(days=60))
    return {
        "today": today, "service": service, "pilot": pilot, "agent": agent, "sheet": sheet,
        "queue": queue, "phone": phone, "badge": badge, "opportunity": opportunity,
        "late": late, "corrective": corrective, "later": later,
    }


def cell_name(count, likelihood, severity):
    """The accessible name of a matrix cell (risk_views.matrix_table)."""
    score = likelihood * severity
    with translation.override("fr"):
        level = str(Criticality.of(score).label)
    return fr("%(count)s risks, likelihood %(likelihood)s × severity %(severity)s "
              "= %(score)s, %(level)s", count=count, likelihood=likelihood,
              severity=severity, score=score, level=level)


def register_rows(page):
    return page.locator("table.risk-table tbody tr")


def field_of(page, form, label):
    """The `.field` block of a form holding the control labelled `label` (its label, its
    error and the control)."""
    return form.locator(".field").filter(has=page.get_by_label(label))


# --- 1. the risk matrix ------------------------------------------------------------------------
def test_risk_matrix_counts_open_the_register(world, live_server, page, artifacts):
    base = live_server.url
    login(page, base, PILOT)
    page.goto(base + "/processus/risques/matrice/")
    matrix = page.locator("table.risk-matrix")
    expect(matrix.locator("caption")).to_have_text(fr("Risks before treatment (initial ratings)"))
    # Only the cells with risks are links, and each says its count and rating in words
    # (the opportunity rated 4 × 3 is not a risk: it is not counted).
    expect(matrix.get_by_role("link")).to_have_count(2)
    high = matrix.get_by_role("link", name=cell_name(2, 4, 3), exact=True)
    low = matrix.get_by_role("link", name=cell_name(1, 1, 1), exact=True)
    expect(high.locator(".count")).to_have_text("2")
    expect(low.locator(".count")).to_have_text("1")
    page.screenshot(path=str(artifacts / "risk-matrix.png"), full_page=True)
    assert_no_serious_violations(page, "risk matrix", artifacts)

    # A cell opens the register of exactly its risks.
    high.click()
    expect(page).to_have_url(re.compile(r"/processus/risques/\?(?=.*likelihood=4)"
                                        r"(?=.*severity=3)"))
    expect(register_rows(page)).to_have_count(2)
    expect(register_rows(page).nth(0)).to_contain_text("R-ACC-01")
    expect(register_rows(page).nth(1)).to_contain_text("R-ACC-02")
    expect(page.locator("table.risk-table")).not_to_contain_text("O-ACC-01")
    page.screenshot(path=str(artifacts / "risk-register-cell.png"), full_page=True)
    assert_no_serious_violations(page, "risk register", artifacts)

    # After treatment: the residual ratings.
    page.go_back()
    page.get_by_role("link", name=fr("After treatment"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/processus/risques/matrice/\?.*basis=residual"))
    expect(matrix.locator("caption")).to_have_text(
        fr("Risks after treatment (residual ratings)"))
    expect(matrix.get_by_role("link")).to_have_count(2)
    expect(matrix.get_by_role("link", name=cell_name(2, 4, 3), exact=True)).to_have_count(0)
    moderate = matrix.get_by_role("link", name=cell_name(2, 2, 2), exact=True)
    expect(moderate.locator(".count")).to_have_text("2")
    expect(matrix.get_by_role("link", name=cell_name(1, 1, 1), exact=True)
           .locator(".count")).to_have_text("1")
    assert_no_serious_violations(page, "residual risk matrix", artifacts)
    moderate.click()
    expect(page).to_have_url(re.compile(r"/processus/risques/\?(?=.*likelihood=2)"
                                        r"(?=.*severity=2)(?=.*basis=residual)"))
    expect(register_rows(page)).to_have_count(2)
    expect(page.locator("table.risk-table")).to_contain_text("R-ACC-01")
    expect(page.locator("table.risk-table")).to_contain_text("R-ACC-02")

    # The keyboard reaches the first cell with risks (likelihood 4 is the top row), and
    # Enter opens it.
    page.goto(base + "/processus/risques/matrice/")
    reached = None
    for _i in range(80):
        page.keyboard.press("Tab")
        reached = page.evaluate(
            "() => document.activeElement && document.activeElement.closest"
            "  && document.activeElement.closest('table.risk-matrix a')"
            "  ? document.activeElement.getAttribute('aria-label') : null"
        )
        if reached:
            break
    assert reached == cell_name(2, 4, 3), f"Tab reached {reached!r}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/processus/risques/\?(?=.*likelihood=4)"
                                        r"(?=.*severity=3)"))
    expect(register_rows(page)).to_have_count(2)


# --- 2. a risk sheet: planning a treatment action --------------------------------------------
def test_risk_sheet_plan_a_treatment_action(world, live_server, page, artifacts):
    base = live_server.url
    today, queue, sheet = world["today"], world["queue"], world["sheet"]
    sheet_url = f"{base}/processus/risques/fiche/{sheet.pk}/"
    login(page, base, PILOT)
    page.goto(sheet_url)
    expect(page.locator("h1")).to_have_text(sheet.title)
    cards = page.locator("article.risk-card")
    expect(cards).to_have_count(4)
    for reference in ("R-ACC-01", "R-ACC-02", "R-ACC-03", "O-ACC-01"):
        expect(cards.filter(has_text=reference).locator("h3")).to_be_visible()
    card = page.locator(f"#risk-{queue.pk}")
    expect(card.locator("table.risk-actions tbody")).to_have_text(fr("No action planned."))
    expect(card.locator(".badge.overdue")).to_have_text(fr("Review overdue"))
    page.screenshot(path=str(artifacts / "risk-sheet.png"), full_page=True)
    assert_no_serious_violations(page, "risk sheet", artifacts)

    card.get_by_role("link", name=fr("Plan a treatment action")).click()
    expect(page).to_have_url(f"{base}/processus/risques/risque/{queue.pk}/action/")
    expect(page.locator("h1")).to_have_text(fr("Plan a treatment action"))
    form = page.locator("main form.action-form")
    title = form.get_by_label(fr("Action"))
    description = form.get_by_label(fr("Description"))
    owner = form.get_by_label(fr("Owner"))
    start = form.get_by_label(fr("Start date"))
    due = form.get_by_label(fr("Due date"))
    expected = form.get_by_label(fr("Expected result"))
    submit = form.get_by_role("button", name=fr("Plan the action"))
    expect(title).to_have_value(fr("Treat: %(risk)s", risk=queue.title))
    expect(owner).to_have_value(str(world["pilot"].pk))  # the process's pilot

    # Bad input: no title, due before start. Each error is next to its field, the rest
    # of what was typed is kept.
    title.fill("")
    description.fill("Ouvrir un second guichet le lundi matin.")
    start.fill(iso(today + datetime.timedelta(days=10)))
    due.fill(iso(today + datetime.timedelta(days=5)))
    expected.fill("Attente inférieure à dix minutes.")
    submit.click()
    expect(field_of(page, form, fr("Action")).get_by_role("alert")).to_have_text(
        fr("This field is required."))
    expect(field_of(page, form, fr("Due date")).get_by_role("alert")).to_have_text(
        fr("The due date cannot be before the start date."))
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(fr("This field is required."))
    expect(due).to_have_accessible_description(
        fr("The due date cannot be before the start date."))
    expect(description).to_have_value("Ouvrir un second guichet le lundi matin.")
    expect(start).to_have_value(iso(today + datetime.timedelta(days=10)))
    expect(due).to_have_value(iso(today + datetime.timedelta(days=5)))
    expect(expected).to_have_value("Attente inférieure à dix minutes.")
    assert not Action.objects.filter(kind=Action.Kind.RISK_TREATMENT).exists()
    page.screenshot(path=str(artifacts / "risk-action-errors.png"), full_page=True)
    assert_no_serious_violations(page, "treatment action form with errors", artifacts)

    # Corrected: the action is planned, and the sheet lists it under its risk.
    title.fill("Ouvrir un second guichet")
    agent = world["agent"]
    owner.select_option(label=f"{agent} ({world['service'].name})")
    due.fill(iso(today + datetime.timedelta(days=40)))
    submit.click()
    expect(page).to_have_url(f"{sheet_url}#risk-{queue.pk}")
    action = Action.objects.get(title="Ouvrir un second guichet")
    assert (action.kind, action.owner, action.source) == (
        Action.Kind.RISK_TREATMENT, agent, queue)
    expect(page.locator(".messages .message.success")).to_have_text(
        fr("Action %(reference)s planned for « %(risk)s ».",
           reference=action.reference, risk=queue.title))
    row = page.locator(f"#risk-{queue.pk} table.risk-actions tbody tr")
    expect(row).to_have_count(1)
    link = row.get_by_role("link")
    expect(link).to_contain_text(action.reference)
    expect(link).to_contain_text("Ouvrir un second guichet")
    expect(link).to_have_attribute("href", f"/actions/{action.pk}/")
    expect(row).to_contain_text(str(agent))
    page.screenshot(path=str(artifacts / "risk-sheet-with-action.png"), full_page=True)


# --- 3. the action plan and an action's page ------------------------------------------------
def test_action_plan_filters_timeline_and_closing(world, live_server, page, artifacts):
    base = live_server.url
    late, corrective = world["late"], world["corrective"]
    references = {a.reference for a in (late, corrective, world["later"])}
    login(page, base, PILOT)
    page.goto(base + "/actions/")
    rows = page.locator("table.actions-table tbody tr.action-row")
    bars = page.locator("svg.action-timeline a.bar-link")
    expect(rows).to_have_count(3)
    expect(bars).to_have_count(3)
    assert {bars.nth(i).get_attribute("data-action") for i in range(3)} == references
    # The late action, and it alone, carries the badge.
    expect(page.locator("tr.action-row .late-badge")).to_have_count(1)
    late_row = page.locator(f'tr.action-row[data-action="{late.reference}"]')
    expect(late_row.locator(".late-badge")).to_have_text(fr("Late"))
    page.screenshot(path=str(artifacts / "action-plan.png"), full_page=True)
    assert_no_serious_violations(page, "action plan", artifacts)

    # "Late only" narrows the list and the timeline.
    filters = page.locator("form.action-filters")
    filters.get_by_label(fr("Late only")).check()
    filters.get_by_role("button", name=fr("Apply")).click()
    expect(page).to_have_url(re.compile(r"/actions/\?.*late=on"))
    expect(filters.get_by_label(fr("Late only"))).to_be_checked()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-action", late.reference)
    expect(bars).to_have_count(1)
    expect(bars.first).to_have_attribute("data-action", late.reference)

    # A bar of the timeline opens its action.
    bars.first.locator("rect.bar").click()
    expect(page).to_have_url(f"{base}/actions/{late.pk}/")
    expect(page.locator("h1")).to_contain_text(late.reference)
    expect(page.locator(".action-state .late-badge")).to_have_text(fr("Late"))

    # A corrective action: closing is refused until its effectiveness is checked.
    page.goto(base + "/actions/")
    page.locator("table.actions-table").get_by_role(
        "link", name=re.compile(re.escape(corrective.reference))).click()
    expect(page).to_have_url(f"{base}/actions/{corrective.pk}/")
    status = page.locator(".action-state .action-status")
    expect(status).to_have_text(fr("Planned"))
    close = page.locator("#form-close")
    close.get_by_role("button", name=fr("Close the action")).click()
    expect(page.locator(".action-forms .message.error[role=alert]")).to_have_text(
        fr("Nothing was saved: correct what is shown below and send the form again."))
    refusal = fr("A corrective action is closed only once its effectiveness has been "
                 "checked: give the date, an « effective » verdict and the evidence.")
    expect(page.locator("#form-close")).to_contain_text(refusal)
    expect(status).to_have_text(fr("Planned"))
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.PLANNED
    page.screenshot(path=str(artifacts / "action-close-refused.png"), full_page=True)
    results = assert_no_serious_violations(page, "action page", artifacts)
    # Each landmark has its own name (the history and its scrolling table were both
    # « Historique »).
    assert not [v for v in results.response["violations"] if v["id"] == "landmark-unique"]

    # The effectiveness check, then the closing.
    check = page.locator("#form-effectiveness")
    check.get_by_label(fr("Checked on")).fill(iso(world["today"]))
    check.get_by_label(fr("Effective"), exact=True).check()
    check.get_by_label(fr("Evidence of effectiveness")).fill(
        "Trente usagers suivis : tous orientés vers le bon service.")
    check.get_by_role("button", name=fr("Record the check")).click()
    expect(page.locator(".messages .message.success")).to_have_text(
        fr("Effectiveness check of %(reference)s recorded.", reference=corrective.reference))
    expect(page.locator("section[aria-labelledby=effectiveness-title]")).to_contain_text(
        "Trente usagers suivis")
    page.locator("#form-close").get_by_role("button", name=fr("Close the action")).click()
    expect(page.locator(".messages .message.success")).to_have_text(
        fr("Action %(reference)s closed.", reference=corrective.reference))
    expect(status).to_have_text(fr("Done"))
    expect(page.locator("#form-close")).to_have_count(0)
    expect(page.locator("#form-reopen")).to_be_visible()
    corrective.refresh_from_db()
    assert (corrective.status, corrective.progress) == (Action.Status.DONE, 100)
    page.screenshot(path=str(artifacts / "action-closed.png"), full_page=True)
    # Reloaded: the flash message's list fails axe on every page (base.html, see
    # test_flash_messages_keep_their_list_semantics).
    page.reload()
    expect(status).to_have_text(fr("Done"))
    assert_no_serious_violations(page, "closed action page", artifacts)


# --- 4. the to-do list ----------------------------------------------------------------------
def test_todo_lists_late_action_and_risk_to_review(world, live_server, page, artifacts):
    base = live_server.url
    late, queue = world["late"], world["queue"]
    login(page, base, PILOT)
    page.goto(base + "/a-faire/")
    expect(page.locator("h1")).to_have_text(fr("To do"))
    action_link = page.get_by_role("link", name=f"{late.reference} — {late.title}", exact=True)
    risk_link = page.get_by_role("link", name=f"{queue.reference} — {queue.title}", exact=True)
    expect(page.locator(".todo-group", has=action_link).locator("h2")).to_contain_text(
        fr("Actions"))
    expect(page.locator(".todo-group", has=risk_link).locator("h2")).to_contain_text(
        fr("Risks to review"))
    expect(page.locator("li.late", has=action_link)).to_have_count(1)
    expect(page.locator("li.late", has=risk_link)).to_have_count(1)
    # Neither what is due later nor the risks reviewed in time.
    expect(page.locator("main")).not_to_contain_text(world["later"].reference)
    expect(page.locator("main")).not_to_contain_text("R-ACC-02")
    page.screenshot(path=str(artifacts / "todo.png"), full_page=True)
    assert_no_serious_violations(page, "to-do list", artifacts)

    action_link.click()
    expect(page).to_have_url(f"{base}/actions/{late.pk}/")
    expect(page.locator("h1")).to_contain_text(late.reference)
    page.go_back()
    risk_link.click()
    expect(page).to_have_url(
        f"{base}/processus/risques/fiche/{world['sheet'].pk}/#risk-{queue.pk}")
    card = page.locator(f"#risk-{queue.pk}")
    expect(card).to_be_in_viewport()
    expect(card.locator(".badge.overdue")).to_have_text(fr("Review overdue"))


# --- messages ----------------------------------------------------------------------------------
def test_flash_messages_keep_their_list_semantics(world, live_server, page, artifacts):
    """Recording a risk's review from its sheet shows a success message; the page with
    the message passes axe."""
    base, queue = live_server.url, world["queue"]
    login(page, base, PILOT)
    page.goto(f"{base}/processus/risques/fiche/{world['sheet'].pk}/")
    card = page.locator(f"#risk-{queue.pk}")
    card.locator("summary").click()
    card.get_by_role("button", name=fr("Reviewed today")).click()
    expect(page.locator(".messages .message.success")).to_contain_text(queue.title)
    expect(card.locator(".badge.overdue")).to_have_count(0)
    queue.refresh_from_db()
    assert queue.reviewed_at == world["today"]
    assert_no_serious_violations(page, "risk sheet with a message", artifacts)
