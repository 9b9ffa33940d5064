"""The direction's journey through the indicators, in a real browser (Debian's chromium):
the strategy map, down to an indicator's chart, the dashboard of a service; axe-core on
each page. Screenshots go to test-artifacts/ (gitignored)."""

import math
import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.models import Indicator, IndicatorTarget, Measurement, Objective
from qms import roles
from tests import factories as f
from tests.browser.test_agent_journey import assert_no_serious_violations, login
from tests.indicators.factories import (
    AxisFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProgrammeFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2026
LAST_MONTH = 10  # values up to 2026-10
HIGHER, LOWER = Indicator.Direction.HIGHER, Indicator.Direction.LOWER

# code, title, service, unit, direction, (start, end) level over the 34 months, target,
# alert, critical; end=None: no value this year.
INDICATORS = [
    ("ACC-TEL-01", "Taux d'appels décrochés", "acc", "%", HIGHER, (84, 93), 90, 87, 80),
    ("ACC-ATT-02", "Temps d'attente moyen au guichet", "acc", "min", LOWER, (14, 9), 10, 12, 15),
    ("ACC-REC-03", "Taux de réclamations pour 1 000 usagers", "acc", "‰", LOWER, (4, 5.5), 3,
     4, 6),
    ("EC-DEL-01", "Délai de délivrance des actes", "ec", "jours", LOWER, (6, 3), 4, 5, 8),
    ("EC-LIG-02", "Part des démarches faites en ligne", "ec", "%", HIGHER, (35, 62), 60, 50, 40),
    ("BAT-ENE-01", "Consommation d'énergie des bâtiments", "bat", "MWh", LOWER, (410, 385), 360,
     390, 420),
    ("BAT-EAU-02", "Consommation d'eau des bâtiments", "bat", "m³", LOWER, (900, None), 850,
     None, None),
    ("RH-ABS-01", "Taux d'absentéisme", "rh", "%", LOWER, (7.5, 8.8), 7, 8, 9.5),
    ("RH-FOR-02", "Agents formés dans l'année", "rh", "%", HIGHER, (40, 71), 70, 60, 45),
]
AXES = [
    ("AXE-1", "Une ville proche de ses habitants",
     [("OS-1.1", "Offrir un accueil de qualité, sur place comme au téléphone", "acc",
       ["ACC-TEL-01", "ACC-ATT-02", "ACC-REC-03"]),
      ("OS-1.2", "Simplifier les démarches et développer les services en ligne", "ec",
       ["EC-DEL-01", "EC-LIG-02"])]),
    ("AXE-2", "Une ville durable et sobre",
     [("OS-2.1", "Réduire les consommations d'énergie et d'eau du patrimoine", "bat",
       ["BAT-ENE-01", "BAT-EAU-02"])]),
    ("AXE-3", "Une administration efficace et attentive à ses agents",
     [("OS-3.1", "Préserver la santé et développer les compétences des agents", "rh",
       ["RH-ABS-01", "RH-FOR-02"])]),
]


def level(start, end, month, months):
    """A trend with a little seasonality, deterministic."""
    share = month / (months - 1)
    wave = math.sin(month * 1.3) * 0.03 * abs(start)
    return Decimal(str(round(start + (end - start) * share + wave, 1)))


@pytest.fixture
def municipality(transactional_db):
    direction = f.ServiceFactory(code="dg", name="Direction générale", kind="direction")
    services = {
        "acc": f.ServiceFactory(code="acc", name="Accueil – Guichet unique", parent=direction),
        "ec": f.ServiceFactory(code="ec", name="État civil", parent=direction),
        "bat": f.ServiceFactory(code="bat", name="Bâtiments", parent=direction),
        "rh": f.ServiceFactory(code="rh", name="Ressources humaines", parent=direction),
    }
    f.UserFactory(username="direction", role=roles.DIRECTION, service=direction,
                  first_name="Claire", last_name="Martin")
    entered_by = f.pilot(username="pilote.accueil", service=services["acc"])
    months = 12 + 12 + LAST_MONTH  # 2024-01 .. 2026-10
    indicators = {}
    for code, title, service, unit, direction_, (start, end), goal, alert, critical in INDICATORS:
        indicator = IndicatorFactory(
            code=code, title=title, service=services[service], unit=unit, direction=direction_,
            alert_threshold=alert, critical_threshold=critical, owner=entered_by,
            definition=f"{title}, mesuré chaque mois.", formula="Numérateur / dénominateur",
        )
        indicators[code] = indicator
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=indicator, year=year, value=Decimal(goal) + step)
            for year, step in ((2024, 2 if direction_ == LOWER else -2), (2025, 0), (2026, 0))
        )
        count = months if end is not None else 24
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator, period=f"{2024 + m // 12}-{m % 12 + 1:02d}",
                period_start=date(2024 + m // 12, m % 12 + 1, 1),
                value=level(start, end if end is not None else start, m, months),
                origin="api" if m % 3 else "manual", entered_by=entered_by,
            )
            for m in range(count)
        )
    programme = ProgrammeFactory()
    for order, (axis_code, axis_title, objectives) in enumerate(AXES, start=1):
        axis = AxisFactory(programme=programme, code=axis_code, title=axis_title, order=order)
        for code, title, service, codes in objectives:
            objective = ObjectiveFactory(code=code, title=title, kind=Objective.Kind.STRATEGIC,
                                         axis=axis, service=services[service], start_year=2020,
                                         end_year=2026)
            objective.indicators.set([indicators[c] for c in codes])
    service_objective = ObjectiveFactory(code="OBJ-ACC-2026", service=services["acc"],
                                         title="Décrocher 9 appels sur 10")
    service_objective.indicators.set([indicators["ACC-TEL-01"], indicators["ACC-ATT-02"]])
    return services


def test_direction_opens_the_strategy_map_and_an_indicator(municipality, live_server, page,
                                                            artifacts):
    base = live_server.url
    login(page, base, "direction")

    # The menu leads to the strategy map.
    page.locator(".main-nav a[href='/indicateurs/carte-strategique/']").click()
    expect(page).to_have_url(base + "/indicateurs/carte-strategique/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".smap-axis")).to_have_count(3)
    expect(page.locator(".objective-node")).to_have_count(4)
    expect(page.locator(".smap-root")).to_contain_text("Programme municipal 2020-2026")
    page.screenshot(path=artifacts / "indicators-01-strategy-map.png", full_page=True)
    assert_no_serious_violations(page, "strategy map", artifacts)

    # Down to an indicator: its sheet, its chart with target and thresholds, its values.
    page.locator("a.indicator-chip[href='/indicateurs/ACC-TEL-01/']").click()
    expect(page).to_have_url(base + "/indicateurs/ACC-TEL-01/")
    expect(page.locator("h1")).to_contain_text("Taux d'appels décrochés")
    chart = page.locator("svg.series-chart")
    expect(chart).to_be_visible()
    assert chart.get_attribute("role") == "img"
    assert re.search(r"Taux d'appels décrochés.*2026-10", chart.get_attribute("aria-label"))
    page.locator(".chart-data summary").click()
    expect(page.locator(".chart-data table tbody tr")).to_have_count(34)
    expect(page.locator(".values-table tbody tr")).to_have_count(34)
    page.screenshot(path=artifacts / "indicators-02-indicator.png", full_page=True)
    assert_no_serious_violations(page, "indicator page", artifacts)

    # Up to the service's dashboard, by the breadcrumb.
    page.locator(".breadcrumb a", has_text="Accueil").click()
    expect(page).to_have_url(re.compile(r"/indicateurs/service/\d+/$"))
    dashboard_url = page.url
    expect(page.locator(".dashboard-table > tbody > tr")).to_have_count(3)
    expect(page.locator(".dashboard-table svg.sparkline")).to_have_count(3)
    page.screenshot(path=artifacts / "indicators-03-dashboard.png", full_page=True)
    assert_no_serious_violations(page, "service dashboard", artifacts)

    # Filter on last year, from the keyboard-usable form.
    page.select_option("#filter-year", str(YEAR - 1))
    page.locator(".filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"annee={YEAR - 1}"))
    expect(page.locator(".dashboard-table > tbody > tr").first).to_contain_text(f"{YEAR - 1}-12")

    # The index of dashboards: the direction sees every service.
    page.goto(base + "/indicateurs/")
    expect(page.locator(".services-table tbody tr")).to_have_count(4)
    page.screenshot(path=artifacts / "indicators-04-index.png", full_page=True)
    assert_no_serious_violations(page, "dashboards index", artifacts)

    # The exports, as the links give them (kept in test-artifacts/ to be looked at).
    page.goto(base + "/indicateurs/carte-strategique/")
    with page.expect_download() as download_info:
        page.locator(".exports a", has_text="XLSX").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    for url, name in ((page.locator(".exports a", has_text="PDF").get_attribute("href"),
                       "indicators-strategy-map.pdf"),
                      (dashboard_url.replace("/?", "/pdf/?") if "?" in dashboard_url
                       else dashboard_url + "pdf/", "indicators-dashboard.pdf")):
        response = page.request.get(base + url if url.startswith("/") else url)
        assert response.ok and response.body().startswith(b"%PDF"), url
        (artifacts / name).write_bytes(response.body())


def test_the_map_on_a_narrow_screen(municipality, live_server, context, artifacts):
    page = context.new_page()
    page.set_viewport_size({"width": 420, "height": 900})
    login(page, live_server.url, "direction")
    page.goto(live_server.url + "/indicateurs/carte-strategique/")
    expect(page.locator(".smap-axis").first).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 420, f"the map overflows horizontally ({width}px)"
    page.screenshot(path=artifacts / "indicators-05-map-mobile.png", full_page=True)
