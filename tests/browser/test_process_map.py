"""The process map in a real browser (Debian's chromium): the boxes and arrows are drawn,
a click on a box opens the process's page, the keyboard reaches the boxes (Tab) and
opens one (Enter); axe-core on the map and a process page. Screenshots go to
test-artifacts/ (gitignored)."""

import re

import pytest
from playwright.sync_api import expect

from processes.models import Process
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.processes.factories import InteractionFactory, ProcessFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

M, R, S = Process.Family.MANAGEMENT, Process.Family.REALISATION, Process.Family.SUPPORT

PROCESSES = [
    ("PRC-M01", "Pilotage stratégique et amélioration continue", M),
    ("PRC-M02", "Communication interne et externe", M),
    ("PRC-R01", "Accueil et orientation des usagers", R),
    ("PRC-R02", "État civil et formalités administratives", R),
    ("PRC-R03", "Propreté urbaine", R),
    ("PRC-R04", "Gestion des réclamations et demandes des usagers", R),
    ("PRC-S01", "Gestion des ressources humaines", S),
    ("PRC-S04", "Systèmes d'information", S),
]
INTERACTIONS = [
    ("PRC-M01", "PRC-M02", "Engagements de service"),
    ("PRC-M02", "PRC-R01", "Informations à jour"),
    ("PRC-R01", "PRC-R02", "Demandes d'actes"),
    ("PRC-R01", "PRC-R04", "Réclamations reçues au guichet"),
    ("PRC-R04", "PRC-R03", "Signalements de propreté"),
    ("PRC-R04", "PRC-M01", "Bilan des réclamations"),
    ("PRC-S04", "PRC-R02", "Logiciel d'état civil"),
    ("PRC-M01", "PRC-S01", "Besoins de formation"),
]


@pytest.fixture
def register(transactional_db):
    service = f.ServiceFactory(code="acc", name="Accueil")
    f.agent(username="agent.accueil", service=service)
    processes = {}
    for order, (code, name, family) in enumerate(PROCESSES):
        processes[code] = ProcessFactory(code=code, name=name, family=family, service=service,
                                         map_order=order)
    for source, target, description in INTERACTIONS:
        InteractionFactory(source=processes[source], target=processes[target],
                           description=description)
    return processes


def test_the_process_map_in_a_browser(register, live_server, page, artifacts):
    base = live_server.url
    login(page, base, "agent.accueil")
    page.goto(base + "/processus/")
    svg = page.locator("svg.process-map")
    expect(svg).to_be_visible()
    boxes = page.locator("svg.process-map a.process-link")
    expect(boxes).to_have_count(len(PROCESSES))
    arrows = page.locator("svg.process-map g.interaction")
    expect(arrows).to_have_count(len(INTERACTIONS))
    for i in range(len(INTERACTIONS)):  # every arrow is drawn, with a size on screen
        box = arrows.nth(i).bounding_box()
        assert box and (box["width"] > 2 or box["height"] > 2), INTERACTIONS[i]
    for i in range(len(PROCESSES)):
        box = boxes.nth(i).bounding_box()
        assert box and box["width"] > 60 and box["height"] > 30
    # Boxes do not overlap one another.
    rects = [boxes.nth(i).bounding_box() for i in range(len(PROCESSES))]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                    or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
    page.screenshot(path=str(artifacts / "process-map.png"), full_page=True)
    assert_no_serious_violations(page, "process map", artifacts)

    # A click on a box opens the page of its process.
    page.locator('svg.process-map a.process-link[data-process="PRC-R04"]').click()
    expect(page).to_have_url(base + "/processus/PRC-R04/")
    expect(page.locator("h1")).to_contain_text("Gestion des réclamations")
    expect(page.get_by_text("Réclamations reçues au guichet")).to_be_visible()
    assert_no_serious_violations(page, "process page", artifacts)

    # The keyboard reaches the boxes, and Enter opens one.
    page.goto(base + "/processus/")
    reached = None
    for _ in range(60):
        page.keyboard.press("Tab")
        reached = page.evaluate(
            "() => document.activeElement && document.activeElement.closest"
            "  && document.activeElement.closest('a.process-link')"
            "  ? document.activeElement.getAttribute('data-process') : null"
        )
        if reached:
            break
    assert reached == "PRC-M01", "Tab never reached a box of the map"
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert label.startswith("PRC-M01 — Pilotage")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/processus/PRC-M01/$"))
