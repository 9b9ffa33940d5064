"""An agent's journey through the intranet, in a real browser (Debian's chromium):
log in, search, open a procedure, download its PDF, acknowledge it; axe-core on the
home page, a document page and the search page; the skip link from the keyboard.

Screenshots go to test-artifacts/ (gitignored)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests import factories as f

pytestmark = [
    pytest.mark.browser,
    # live_server reads committed data; serialized_rollback brings back what the data
    # migrations created (home, library, roles, workflow) after each test's flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "demo"
ACKNOWLEDGE = re.compile(r"J.ai lu et compris|I have read and understood", re.I)
ACK_SUCCESS = re.compile(r"lecture .*enregistr|reading of .* is recorded", re.I)
SERIOUS = {"serious", "critical"}

BODY = [
    ("heading", {"text": "Accueillir l'usager", "level": "h2"}),
    (
        "paragraph",
        "<p>Tout usager est accueilli dans un délai de <b>cinq minutes</b>, "
        "avec courtoisie et discrétion.</p>",
    ),
    (
        "steps",
        [
            "Saluer l'usager et se présenter.",
            "Identifier sa demande.",
            "L'orienter vers le service compétent ou traiter la demande.",
        ],
    ),
    (
        "table",
        {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [
                ["Situation", "Délai cible", "Responsable"],
                ["Accueil physique", "5 minutes", "Agent d'accueil"],
                ["Accueil téléphonique", "3 sonneries", "Standard"],
            ],
        },
    ),
    (
        "note",
        {"kind": "warning", "text": "<p>Ne jamais communiquer de données personnelles.</p>"},
    ),
]


@pytest.fixture
def journey(transactional_db):
    """An agent of the Accueil service with a published procedure to acknowledge."""
    from documents.models import GovernanceRulePage, InstructionPage, LibraryPage

    library = LibraryPage.objects.filter(live=True).first()
    assert library is not None, "the data migrations should have created the library page"

    accueil = f.ServiceFactory(code="acc", name="Accueil")
    urbanisme = f.ServiceFactory(code="urb", name="Urbanisme")
    agent = f.agent(username="agent.accueil", service=accueil)
    writer = f.UserFactory(username="redacteur.accueil", service=accueil)
    pilot = f.pilot(username="pilote.accueil", service=accueil)
    urb_writer = f.UserFactory(username="redacteur.urbanisme", service=urbanisme)
    urb_pilot = f.pilot(username="pilote.urbanisme", service=urbanisme)
    quality = f.quality_engineer(username="qualite", service=urbanisme)

    procedure = f.make_document(
        library,
        owner_service=accueil,
        author=writer,
        reference="PRO-ACC-001",
        title="Procédures d'accueil du public",
        summary="Comment accueillir le public au guichet et au téléphone.",
        applies_to=[accueil],
        body=BODY,
    )
    procedure = f.publish(procedure, verifier=pilot, approver=quality)

    instruction = f.make_document(
        procedure,
        InstructionPage,
        owner_service=accueil,
        author=writer,
        reference="INS-ACC-001",
        title="Tenue du registre des visiteurs",
        applies_to=[accueil],
        body=[("paragraph", "<p>Noter l'heure d'arrivée et le motif de la visite.</p>")],
    )
    instruction = f.publish(instruction, verifier=pilot, approver=quality)

    rule = f.make_document(
        library,
        GovernanceRulePage,
        owner_service=urbanisme,
        author=urb_writer,
        reference="GOV-URB-001",
        title="Règles d'instruction des permis",
        applies_to=[urbanisme],
    )
    rule = f.publish(rule, verifier=urb_pilot, approver=quality)
    return {"agent": agent, "procedure": procedure, "instruction": instruction, "rule": rule}


def login(page, base_url, username):
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base_url + "/")


def assert_no_serious_violations(page, where, artifacts):
    results = Axe().run(page)
    slug = re.sub(r"\W+", "-", where)
    results.save_to_file(artifacts / f"axe-{slug}.json", violations_only=True)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    if serious:
        lines = []
        for v in serious:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
            for node in v["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
        pytest.fail(f"axe-core, {where}: serious or critical violations\n" + "\n".join(lines))
    return results


def test_agent_journey(journey, live_server, page, artifacts):
    from documents.models import Acknowledgement

    base = live_server.url
    procedure = journey["procedure"]
    pending_link = page.locator(".pending-acknowledgements a", has_text="PRO-ACC-001")

    # Log in: the intranet sends an anonymous visitor to the login page.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/login/"))
    page.screenshot(path=artifacts / "01-login.png", full_page=True)
    login(page, base, "agent.accueil")

    # Home: the procedure is waiting to be read.
    expect(page.locator("h1")).to_be_visible()
    expect(pending_link).to_have_count(1)
    expect(page.locator(".pending-acknowledgements")).to_contain_text("INS-ACC-001")
    expect(page.locator(".pending-acknowledgements")).not_to_contain_text("GOV-URB-001")
    page.screenshot(path=artifacts / "02-home.png", full_page=True)
    assert_no_serious_violations(page, "intranet home", artifacts)

    # Search from the header, accents and plural ignored, words highlighted.
    page.get_by_role("searchbox").first.fill("procedure accueil")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=procedure(\+|%20)accueil"))
    result = page.locator(".search-results li", has_text="PRO-ACC-001")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_be_visible()
    marks = [m.lower() for m in result.locator("mark").all_inner_texts()]
    assert "procédures" in marks and "accueil" in marks, marks
    page.screenshot(path=artifacts / "03-search.png", full_page=True)
    assert_no_serious_violations(page, "search page", artifacts)

    # Open the procedure.
    result.get_by_role("link").click()
    expect(page).to_have_url(base + procedure.url)
    expect(page.locator("h1")).to_contain_text("PRO-ACC-001")
    body = page.locator(".document-body")
    expect(body.locator("h2", has_text="Accueillir l'usager")).to_be_visible()
    expect(body.locator("ol.steps li")).to_have_count(3)
    expect(body.locator("table th", has_text="Délai cible")).to_be_visible()
    expect(body.locator("aside.note.warning")).to_contain_text("données personnelles")
    page.screenshot(path=artifacts / "04-document.png", full_page=True)
    assert_no_serious_violations(page, "document page", artifacts)

    # Download the PDF of the version in force.
    with page.expect_download() as download_info:
        page.locator(".doc-actions a", has_text="PDF").click()
    download = download_info.value
    pdf_path = artifacts / "PRO-ACC-001-download.pdf"
    download.save_as(pdf_path)
    content = pdf_path.read_bytes()
    assert content.startswith(b"%PDF"), (
        f"the PDF link gave {download.suggested_filename!r}, not a PDF: {content[:300]!r}"
    )
    assert download.suggested_filename == "PRO-ACC-001-v1.pdf"

    # "J'ai lu et compris".
    page.get_by_role("button", name=ACKNOWLEDGE).click()
    expect(page).to_have_url(base + procedure.url)
    expect(page.locator(".messages .message.success")).to_contain_text(ACK_SUCCESS)
    expect(page.get_by_role("button", name=ACKNOWLEDGE)).to_have_count(0)
    page.screenshot(path=artifacts / "05-acknowledged.png", full_page=True)

    ack = Acknowledgement.objects.get(
        user=journey["agent"], version__page_id=procedure.pk, version__number=1
    )
    assert ack.acknowledged_at is not None

    # Back home: the procedure is no longer pending, the instruction still is.
    page.get_by_role("link", name=re.compile(r"^(Accueil|Home)$")).first.click()
    expect(page).to_have_url(base + "/")
    expect(pending_link).to_have_count(0)
    expect(page.locator(".pending-acknowledgements")).to_contain_text("INS-ACC-001")
    page.screenshot(path=artifacts / "06-home-after.png", full_page=True)


def test_skip_link_is_first_and_moves_focus_to_main(journey, live_server, page, artifacts):
    login(page, live_server.url, "agent.accueil")
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}, focused
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.screenshot(path=artifacts / "07-skip-link.png")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes on from the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
