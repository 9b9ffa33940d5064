"""Service dashboards and indicator pages: statuses judged with the direction of
improvement, objectives' attainment, filters, who may open what."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from indicators import selectors
from indicators.models import Frequency, Indicator, Measurement, Objective
from processes.models import Process
from qms import roles
from tests import factories as f
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory, target

YEAR = 2026


def measure(indicator, period, value, *, user=None, origin=Measurement.Origin.MANUAL,
            comment=""):
    """Record a value as it is stored (the services are tested in test_services.py)."""
    return Measurement.objects.create(
        indicator=indicator, period=period, period_start=indicator.parse_period(period).start,
        value=Decimal(str(value)), origin=origin, entered_by=user, comment=comment,
    )


def monthly_values(indicator, values, *, year=YEAR, first_month=1):
    for i, value in enumerate(values):
        month_index = first_month - 1 + i
        measure(indicator, f"{year + month_index // 12}-{month_index % 12 + 1:02d}", value)


def direction_user(**kwargs):
    return f.UserFactory(role=roles.DIRECTION, service=f.ServiceFactory(code="dg"), **kwargs)


@pytest.fixture
def calls(accueil):
    """Higher is better: 90 % target, alert below 88, critical below 80."""
    indicator = IndicatorFactory(
        code="ACC-APPELS", title="Taux d'appels décrochés", service=accueil, unit="%",
        direction=Indicator.Direction.HIGHER, alert_threshold=Decimal("88"),
        critical_threshold=Decimal("80"),
    )
    target(indicator, YEAR, Decimal("90"))
    return indicator


@pytest.fixture
def delay(accueil):
    """Lower is better: 5 days target, alert above 7, critical above 10."""
    indicator = IndicatorFactory(
        code="ACC-DELAI", title="Délai de réponse aux courriers", service=accueil, unit="jours",
        direction=Indicator.Direction.LOWER, alert_threshold=Decimal("7"),
        critical_threshold=Decimal("10"),
    )
    target(indicator, YEAR, Decimal("5"))
    return indicator


def row_of(dashboard, code):
    return next(row for row in dashboard.rows if row.indicator.code == code)


# --- statuses --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "latest, expected",
    [("93.5", "on_target"), ("89", "on_target"), ("85", "alert"), ("79.9", "critical")],
)
def test_status_when_higher_is_better(calls, accueil, latest, expected):
    monthly_values(calls, ["70", "95", latest])  # the latest value is judged, not the others
    row = row_of(selectors.service_dashboard(accueil, YEAR), "ACC-APPELS")
    assert row.latest.period == "2026-03"
    assert row.latest.value == Decimal(latest)
    assert row.target == Decimal("90")
    assert row.status == expected


@pytest.mark.parametrize(
    "latest, expected",
    [("3", "on_target"), ("6.5", "on_target"), ("8", "alert"), ("12", "critical")],
)
def test_status_when_lower_is_better(delay, accueil, latest, expected):
    monthly_values(delay, ["15", "2", latest])
    row = row_of(selectors.service_dashboard(accueil, YEAR), "ACC-DELAI")
    assert row.status == expected


def test_no_value_in_the_year_is_no_data_but_the_trend_shows_last_year(calls, accueil):
    monthly_values(calls, ["91", "92"], year=YEAR - 1, first_month=11)
    row = row_of(selectors.service_dashboard(accueil, YEAR), "ACC-APPELS")
    assert row.latest is None and row.status == "no_data"
    assert [p.period for p in row.trend] == ["2025-11", "2025-12"]


def test_trend_keeps_the_last_24_periods_up_to_the_end_of_the_year(calls, accueil):
    monthly_values(calls, [str(80 + i % 10) for i in range(40)], year=YEAR - 2)  # 2024-01..2027-04
    row = row_of(selectors.service_dashboard(accueil, YEAR), "ACC-APPELS")
    assert len(row.trend) == selectors.TREND_LENGTH
    assert row.trend[0].period == "2025-01" and row.trend[-1].period == "2026-12"
    assert row.latest.period == "2026-12"


def test_dashboard_page_shows_colours_with_words(client, people, calls, delay):
    monthly_values(calls, ["92"])  # on target
    monthly_values(delay, ["12"])  # critical (lower is better)
    client.force_login(people.agent)
    response = client.get(f"/indicateurs/service/{calls.service_id}/?annee={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="row-on_target"' in html and 'class="row-critical"' in html
    # the status is said in words (French UI), not by colour only
    rows = {row.indicator.code: row for row in response.context["dashboard"].rows}
    with translation.override("fr"):
        assert rows["ACC-APPELS"].status_label in html
        assert rows["ACC-DELAI"].status_label in html
    assert 'class="status status-critical"' in html
    # a sparkline per row, accessible, with its data as a table
    assert html.count('class="sparkline"') == 2
    assert 'role="img"' in html and "<title>" in html
    assert "2026-01" in html


def test_archived_indicators_are_not_on_the_dashboard(calls, accueil):
    IndicatorFactory(code="ACC-OLD", service=accueil, is_active=False)
    assert [r.indicator.code for r in selectors.service_dashboard(accueil, YEAR).rows] == [
        "ACC-APPELS"]


# --- objectives -----------------------------------------------------------------------------
def test_objectives_attainment_is_the_share_of_their_indicators_on_target(
        accueil, etat_civil, calls, delay):
    waiting = IndicatorFactory(code="EC-ATTENTE", service=etat_civil, unit="min",
                               direction=Indicator.Direction.LOWER)
    target(waiting, YEAR, Decimal("15"))
    silent = IndicatorFactory(code="ACC-SILENCE", service=accueil)  # no value: not counted
    monthly_values(calls, ["95"])  # on target
    monthly_values(delay, ["8"])  # alert
    monthly_values(waiting, ["12"])  # on target, another service's indicator
    objective = ObjectiveFactory(code="OBJ-ACC-1", service=accueil, title="Mieux répondre")
    objective.indicators.set([calls, delay, waiting, silent])
    other_year = ObjectiveFactory(code="OBJ-OLD", service=accueil, start_year=2020,
                                  end_year=2021)
    other_year.indicators.set([calls])
    ObjectiveFactory(code="OBJ-ABANDON", service=accueil, status=Objective.Status.ABANDONED)

    dashboard = selectors.service_dashboard(accueil, YEAR)
    assert [n.objective.code for n in dashboard.objectives] == ["OBJ-ACC-1"]
    node = dashboard.objectives[0]
    assert [r.indicator.code for r in node.rows] == [
        "ACC-APPELS", "ACC-DELAI", "ACC-SILENCE", "EC-ATTENTE"]
    assert node.on_target == 2 and node.judged == 3
    assert node.attainment == pytest.approx(2 / 3)
    assert node.status == "alert"  # 67 %: between 50 % and 80 %
    # the other service's indicator counts for the objective, not as a dashboard row
    assert "EC-ATTENTE" not in [r.indicator.code for r in dashboard.rows]


def test_attainment_colours():
    assert selectors.attainment_status(None) == "no_data"
    assert selectors.attainment_status(1.0) == "on_target"
    assert selectors.attainment_status(0.8) == "on_target"
    assert selectors.attainment_status(0.79) == "alert"
    assert selectors.attainment_status(0.5) == "alert"
    assert selectors.attainment_status(0.49) == "critical"


# --- filters ---------------------------------------------------------------------------------
def test_year_filter(client, people, accueil):
    """Each year is judged against its own target (no threshold here: below target is
    on alert)."""
    visits = IndicatorFactory(code="ACC-VISITES", service=accueil, unit="%")
    target(visits, YEAR - 1, Decimal("85"))
    target(visits, YEAR, Decimal("90"))
    monthly_values(visits, ["86"], year=YEAR - 1, first_month=12)
    monthly_values(visits, ["86"], year=YEAR)
    client.force_login(people.agent)
    url = f"/indicateurs/service/{accueil.pk}/"
    this_year = client.get(url, {"annee": YEAR}).context["dashboard"]
    last_year = client.get(url, {"annee": YEAR - 1}).context["dashboard"]
    assert (this_year.year, this_year.rows[0].status) == (YEAR, "alert")
    assert (last_year.year, last_year.rows[0].status) == (YEAR - 1, "on_target")
    assert last_year.rows[0].latest.period == "2025-12"
    assert last_year.rows[0].target == Decimal("85")
    assert [p.period for p in last_year.rows[0].trend] == ["2025-12"]
    assert YEAR - 1 in this_year.years


def test_process_filter(client, people, accueil, calls, delay):
    process = Process.objects.create(code="P-ACC", name="Accueillir", family="realisation")
    calls.processes.add(process)
    in_process = ObjectiveFactory(code="OBJ-P", service=accueil)
    in_process.processes.add(process)
    by_indicator = ObjectiveFactory(code="OBJ-I", service=accueil)
    by_indicator.indicators.add(calls)
    elsewhere = ObjectiveFactory(code="OBJ-X", service=accueil)
    elsewhere.indicators.add(delay)
    client.force_login(people.agent)
    url = f"/indicateurs/service/{accueil.pk}/"
    everything = client.get(url, {"annee": YEAR}).context["dashboard"]
    assert [r.indicator.code for r in everything.rows] == ["ACC-APPELS", "ACC-DELAI"]
    assert everything.processes == [process]
    filtered = client.get(url, {"annee": YEAR, "processus": process.pk}).context["dashboard"]
    assert [r.indicator.code for r in filtered.rows] == ["ACC-APPELS"]
    assert [n.objective.code for n in filtered.objectives] == ["OBJ-I", "OBJ-P"]
    assert filtered.process == process


def test_bad_parameters_fall_back_to_defaults(client, people, calls):
    client.force_login(people.agent)
    response = client.get(f"/indicateurs/service/{calls.service_id}/",
                          {"annee": "abc", "processus": "x"})
    assert response.status_code == 200
    assert response.context["dashboard"].year == selectors.default_year()
    assert response.context["dashboard"].process is None


def test_default_year_is_the_year_of_the_last_closed_month():
    assert selectors.default_year(date(2026, 1, 10)) == 2025
    assert selectors.default_year(date(2026, 2, 1)) == 2026


# --- permissions ------------------------------------------------------------------------------
def test_agent_sees_own_service_only(client, people, accueil, etat_civil):
    client.force_login(people.agent)
    assert client.get(f"/indicateurs/service/{accueil.pk}/").status_code == 200
    assert client.get(f"/indicateurs/service/{etat_civil.pk}/").status_code == 403
    assert client.get(f"/indicateurs/service/{etat_civil.pk}/pdf/").status_code == 403
    assert client.get(f"/indicateurs/service/{etat_civil.pk}/xlsx/").status_code == 403


def test_pilot_sees_the_services_of_their_direction(client, accueil):
    direction = f.ServiceFactory(code="dir-pop", name="Direction de la population",
                                 kind="direction")
    accueil.parent = direction
    accueil.save()
    pilot = f.pilot(username="pilote-dir", service=direction)
    other = f.ServiceFactory(code="voirie")
    client.force_login(pilot)
    assert client.get(f"/indicateurs/service/{accueil.pk}/").status_code == 200
    assert client.get(f"/indicateurs/service/{other.pk}/").status_code == 403


@pytest.mark.parametrize("make_user", [
    direction_user,
    lambda: f.quality_engineer(username="qualite-x"),
    lambda: f.UserFactory(username="auditeur", role=roles.AUDITOR),
])
def test_oversight_roles_see_every_dashboard(client, accueil, etat_civil, make_user):
    client.force_login(make_user())
    for service in (accueil, etat_civil):
        assert client.get(f"/indicateurs/service/{service.pk}/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, accueil):
    response = client.get(f"/indicateurs/service/{accueil.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_index_lists_the_dashboards_the_user_may_open(client, people, accueil, etat_civil,
                                                      calls):
    IndicatorFactory(code="EC-1", service=etat_civil)
    client.force_login(people.agent)
    agent_view = client.get("/indicateurs/")
    assert [s.service for s in agent_view.context["summaries"]] == [accueil]
    assert 'href="/indicateurs/carte-strategique/' in agent_view.content.decode()
    client.force_login(direction_user())
    direction_view = client.get("/indicateurs/")
    assert {s.service for s in direction_view.context["summaries"]} == {accueil, etat_civil}


def test_indicator_page_is_readable_where_its_dashboard_is(client, people, calls):
    client.force_login(people.agent)
    assert client.get("/indicateurs/ACC-APPELS/").status_code == 200
    client.force_login(people.other_agent)
    assert client.get("/indicateurs/ACC-APPELS/").status_code == 403
    client.force_login(direction_user())
    assert client.get("/indicateurs/ACC-APPELS/").status_code == 200
    assert client.get("/indicateurs/NOPE/").status_code == 404


# --- the indicator page ------------------------------------------------------------------------
def test_indicator_page_has_the_sheet_the_chart_and_who_entered_what(client, people, calls):
    from indicators import services

    calls.definition = "Part des appels entrants décrochés."
    calls.formula = "Appels décrochés / appels reçus"
    calls.owner = people.agent  # the owner enters the values, the pilot corrects them
    calls.save()
    target(calls, YEAR - 1, Decimal("88"))
    services.measurement_record(indicator=calls, period="2025-12", value="87", user=people.pilot)
    services.measurement_record(indicator=calls, period="2026-01", value="91", user=people.agent,
                                comment="Nouveau standard")
    services.measurement_record(indicator=calls, period="2026-01", value="93",
                                user=people.pilot, reason="Erreur de saisie")
    client.force_login(people.agent)
    response = client.get("/indicateurs/ACC-APPELS/")
    html = response.content.decode()
    for text in ("Part des appels entrants décrochés.", "Appels décrochés / appels reçus",
                 "Nouveau standard", "Erreur de saisie", str(people.pilot)):
        assert text in html, text
    # the chart: accessible SVG with the target and both thresholds in its legend
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg and "aria-label=" in svg and "<title>" in svg
    sheet = response.context["sheet"]
    assert [line.status for line in sheet.lines] == ["alert", "on_target"]
    correction = sheet.lines[1].corrections[0]
    assert correction.previous_value == Decimal("91") and correction.reason == "Erreur de saisie"
    assert "<details" in html  # the chart's data as a table


def test_chart_summary_names_value_period_and_target(calls):
    from indicators import charts

    monthly_values(calls, ["90", "92.5"])
    series = selectors.indicator_sheet(calls).series()
    with translation.override("fr"):
        text = charts.describe_series(series)
    assert "Taux d'appels décrochés" in text and "92,5" in text and "2026-02" in text
    assert "90" in text


def test_yearly_indicator_on_the_dashboard(accueil):
    budget = IndicatorFactory(code="ACC-BUDGET", service=accueil, frequency=Frequency.YEARLY,
                              direction=Indicator.Direction.LOWER, unit="€")
    target(budget, YEAR, Decimal("1000"))
    measure(budget, "2025", "1200")
    measure(budget, "2026", "950")
    row = row_of(selectors.service_dashboard(accueil, YEAR), "ACC-BUDGET")
    assert row.latest.period == "2026" and row.status == "on_target"
