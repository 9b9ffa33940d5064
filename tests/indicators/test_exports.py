"""PDF and XLSX exports of the dashboards and the strategy map, read back."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.models import Indicator
from tests.indicators.factories import IndicatorFactory, target
from tests.indicators.test_dashboards import YEAR, direction_user, monthly_values
from tests.indicators.test_strategy_map import programme  # noqa: F401 - fixture


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def dashboard(accueil):
    calls = IndicatorFactory(code="ACC-APPELS", title="Taux d'appels décrochés",
                             service=accueil, unit="%", alert_threshold=Decimal("88"),
                             critical_threshold=Decimal("80"))
    target(calls, YEAR, Decimal("90"))
    delay = IndicatorFactory(code="ACC-DELAI", title="Délai de réponse", service=accueil,
                             unit="jours", direction=Indicator.Direction.LOWER)
    target(delay, YEAR, Decimal("5"))
    monthly_values(calls, ["91", "92.5", "79"])  # critical in March
    monthly_values(delay, ["4", "4.5"])  # on target
    return accueil


def test_dashboard_pdf(client, people, dashboard):
    client.force_login(people.agent)
    response = client.get(f"/indicateurs/service/{dashboard.pk}/pdf/", {"annee": YEAR})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response)
    for expected in ("ACC-APPELS", "ACC-DELAI", "Accueil", str(YEAR), f"TB-ACCUEIL-{YEAR}"):
        assert expected in text, expected
    assert "Page 1/" in text  # the shared controlled-copy footer
    assert "79 %" in text and "4,5 jours" in text  # latest values, French format


def test_dashboard_xlsx(client, people, dashboard):
    client.force_login(people.agent)
    response = client.get(f"/indicateurs/service/{dashboard.pk}/xlsx/", {"annee": YEAR})
    book = workbook(response)
    indicators, objectives, series = book.worksheets
    rows = list(indicators.iter_rows(values_only=True))
    assert len(rows) == 3
    by_code = {row[0]: row for row in rows[1:]}
    calls = by_code["ACC-APPELS"]
    assert calls[5] == f"{YEAR}-03" and calls[6] == 79 and calls[7] == 90
    assert calls[8] == 88 and calls[9] == 80
    delay = by_code["ACC-DELAI"]
    assert delay[6] == 4.5 and delay[7] == 5
    # the status column is a word, in the user's language, and coloured
    assert {calls[10], delay[10]} == {"Critique", "Dans la cible"} or {
        calls[10], delay[10]} == {"Critical", "On target"}
    assert indicators.cell(row=2, column=11).fill.fgColor.rgb.endswith(("FBE6E6", "E6F2E8"))
    values = [(r[0], r[2], r[4]) for r in series.iter_rows(min_row=2, values_only=True)]
    assert ("ACC-APPELS", f"{YEAR}-02", 92.5) in values and len(values) == 5


def test_dashboard_exports_keep_the_filters(client, people, dashboard):
    client.force_login(people.agent)
    html = client.get(f"/indicateurs/service/{dashboard.pk}/", {"annee": YEAR - 1}).content
    assert f'/indicateurs/service/{dashboard.pk}/pdf/?annee={YEAR - 1}'.encode() in html
    assert f'/indicateurs/service/{dashboard.pk}/xlsx/?annee={YEAR - 1}'.encode() in html
    response = client.get(f"/indicateurs/service/{dashboard.pk}/xlsx/", {"annee": YEAR - 1})
    rows = list(workbook(response).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert all(row[6] is None for row in rows)  # nothing recorded in 2025


def test_strategy_map_pdf(client, programme):  # noqa: F811
    client.force_login(direction_user())
    response = client.get("/indicateurs/carte-strategique/pdf/", {"annee": YEAR})
    assert response.status_code == 200
    text = pdf_text(response)
    for expected in ("Programme municipal 2020-2026", f"CS-{YEAR}", "Une ville accueillante",
                     "OS-A", "OS-B", "OS-C", "IND-A1", "IND-B1", "75"):
        assert expected in text, expected


def test_strategy_map_xlsx(client, programme):  # noqa: F811
    client.force_login(direction_user())
    response = client.get("/indicateurs/carte-strategique/xlsx/", {"annee": YEAR})
    nodes, indicators, series = workbook(response).worksheets
    lines = {row[1]: row for row in nodes.iter_rows(min_row=2, values_only=True)}
    assert lines["A1"][5:8] == (5, 3, 0.6)
    assert lines["OS-A"][5:8] == (4, 3, 0.75)
    assert lines["OS-C"][7] is None
    codes = [row[3] for row in indicators.iter_rows(min_row=2, values_only=True)]
    assert codes.count("IND-A1") == 2  # under OS-A and OS-B
    assert "IND-OLD" not in codes
    assert {row[0] for row in series.iter_rows(min_row=2, values_only=True)} == {
        "IND-A1", "IND-A2", "IND-A3", "IND-A4", "IND-B1"}


def test_page_links_to_its_exports(client, programme):  # noqa: F811
    client.force_login(direction_user())
    html = client.get("/indicateurs/carte-strategique/", {"annee": YEAR}).content.decode()
    assert f'href="/indicateurs/carte-strategique/pdf/?annee={YEAR}"' in html
    assert f'href="/indicateurs/carte-strategique/xlsx/?annee={YEAR}"' in html
