"""The strategy map: axes → strategic objectives → indicators, attainment aggregated
upward (objective: share of its indicators on target; axis: share of all the indicators
under it; programme: of all the map's indicators), who reads it and where it links."""

from decimal import Decimal

import pytest

from indicators import selectors
from indicators.models import Indicator, Objective
from tests import factories as f
from tests.indicators.factories import (
    AxisFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProgrammeFactory,
    target,
)
from tests.indicators.test_dashboards import YEAR, direction_user, measure


def judged(code, service, value, target_value, *, direction=Indicator.Direction.HIGHER):
    """An indicator whose 2026-06 value is `value` against `target_value` (no thresholds:
    below target means alert), or no value at all with value=None."""
    indicator = IndicatorFactory(code=code, title=f"Indicateur {code}", service=service,
                                 direction=direction)
    target(indicator, YEAR, Decimal(target_value))
    if value is not None:
        measure(indicator, f"{YEAR}-06", value)
    return indicator


def strategic(code, axis, service, indicators, **kwargs):
    kwargs = {"start_year": 2020, "end_year": 2026, **kwargs}
    objective = ObjectiveFactory(code=code, kind=Objective.Kind.STRATEGIC, axis=axis,
                                 service=service, title=f"Objectif {code}", **kwargs)
    objective.indicators.set(indicators)
    return objective


@pytest.fixture
def programme(accueil, etat_civil):
    """Axis 1: objective A (3 on target of 4 with data, 1 without), objective B (0 of 1),
    sharing indicator A1 with A. Axis 2: objective C, whose indicators have no value.
    Axis 3: no objective."""
    programme = ProgrammeFactory()
    axis1 = AxisFactory(programme=programme, code="A1", title="Une ville accueillante", order=1)
    axis2 = AxisFactory(programme=programme, code="A2", title="Une ville sobre", order=2)
    AxisFactory(programme=programme, code="A3", title="Une ville qui innove", order=3)
    a1 = judged("IND-A1", accueil, "95", "90")  # on target
    a2 = judged("IND-A2", accueil, "91", "90")  # on target
    a3 = judged("IND-A3", etat_civil, "4", "5", direction=Indicator.Direction.LOWER)  # on target
    a4 = judged("IND-A4", etat_civil, "80", "90")  # alert
    a5 = judged("IND-A5", accueil, None, "90")  # no data
    b1 = judged("IND-B1", accueil, "12", "5", direction=Indicator.Direction.LOWER)  # alert
    c1 = judged("IND-C1", etat_civil, None, "90")
    archived = judged("IND-OLD", accueil, "10", "90")  # alert, but archived: left out
    archived.is_active = False
    archived.save()
    strategic("OS-A", axis1, accueil, [a1, a2, a3, a4, a5, archived])
    strategic("OS-B", axis1, etat_civil, [b1, a1])
    strategic("OS-C", axis2, etat_civil, [c1])
    strategic("OS-DRAFT", axis2, etat_civil, [a4], status=Objective.Status.DRAFT)
    strategic("OS-PAST", axis2, etat_civil, [a4], start_year=2020, end_year=2021)
    ObjectiveFactory(code="OBJ-SERVICE", service=accueil).indicators.set([a4])  # not strategic
    return programme


def test_aggregation_up_the_map(programme):
    strategy = selectors.strategy_map(programme, YEAR)
    axis1, axis2, axis3 = strategy.axes
    assert [a.axis.code for a in strategy.axes] == ["A1", "A2", "A3"]

    os_a, os_b = axis1.objectives
    assert [r.indicator.code for r in os_a.rows] == ["IND-A1", "IND-A2", "IND-A3", "IND-A4",
                                                     "IND-A5"]
    assert (os_a.on_target, os_a.judged) == (3, 4)
    assert os_a.attainment == pytest.approx(0.75) and os_a.status == "alert"
    assert (os_b.on_target, os_b.judged) == (1, 2)  # B1 alert, A1 on target
    assert os_b.attainment == pytest.approx(0.5)

    # the axis counts each indicator once: A1..A5 and B1 → 3 of 5 with data on target
    assert len(axis1.rows) == 6
    assert (axis1.on_target, axis1.judged) == (3, 5)
    assert axis1.attainment == pytest.approx(0.6) and axis1.status == "alert"

    # no value at all: no data, grey, not 0 %
    assert [o.objective.code for o in axis2.objectives] == ["OS-C"]
    assert axis2.objectives[0].attainment is None and axis2.status == "no_data"
    assert axis3.objectives == [] and axis3.attainment is None

    assert strategy.attainment == pytest.approx(0.6)
    assert strategy.counts == {"on_target": 3, "alert": 2, "critical": 0, "no_data": 2}


def test_all_on_target_is_green_and_half_is_orange(accueil):
    programme = ProgrammeFactory()
    axis = AxisFactory(programme=programme)
    green = [judged(f"G{i}", accueil, "95", "90") for i in range(4)]
    red = [judged(f"R{i}", accueil, "50", "90") for i in range(3)]
    strategic("OS-GREEN", axis, accueil, green)
    strategic("OS-RED", axis, accueil, red + green[:1])
    strategy = selectors.strategy_map(programme, YEAR)
    by_code = {n.objective.code: n for n in strategy.axes[0].objectives}
    assert by_code["OS-GREEN"].status == "on_target"
    assert by_code["OS-RED"].attainment == pytest.approx(0.25)
    assert by_code["OS-RED"].status == "critical"
    assert strategy.axes[0].attainment == pytest.approx(4 / 7)


def test_map_page_for_the_direction_links_every_indicator(client, programme):
    client.force_login(direction_user())
    response = client.get("/indicateurs/carte-strategique/", {"annee": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Une ville accueillante", "Objectif OS-A", "IND-A1", "75"):
        assert text in html, text
    for code in ("IND-A1", "IND-A4", "IND-C1"):
        assert f'href="/indicateurs/{code}/"' in html
    assert "IND-OLD" not in html and "OS-DRAFT" not in html and "OS-PAST" not in html
    assert "OBJ-SERVICE" not in html


def test_every_member_of_staff_reads_the_map_but_opens_only_their_indicators(
        client, people, programme):
    client.force_login(people.agent)  # Accueil
    response = client.get("/indicateurs/carte-strategique/", {"annee": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/indicateurs/IND-A1/"' in html  # Accueil's indicator
    assert 'href="/indicateurs/IND-A3/"' not in html  # État civil's: shown, not linked
    assert "IND-A3" in html
    assert client.get("/indicateurs/IND-A3/").status_code == 403


def test_map_picks_the_programme_covering_the_year(client, people, programme):
    next_one = ProgrammeFactory(name="Programme municipal 2027-2032", start_year=2027,
                                end_year=2032)
    client.force_login(people.agent)
    assert client.get("/indicateurs/carte-strategique/",
                      {"annee": 2026}).context["programme"] == programme
    assert client.get("/indicateurs/carte-strategique/",
                      {"annee": 2028}).context["programme"] == next_one
    chosen = client.get("/indicateurs/carte-strategique/",
                        {"annee": 2026, "programme": next_one.pk})
    assert chosen.context["programme"] == next_one


def test_map_without_programme(client, people):
    client.force_login(people.agent)
    response = client.get("/indicateurs/carte-strategique/")
    assert response.status_code == 200 and response.context["programme"] is None
    assert client.get("/indicateurs/carte-strategique/pdf/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get("/indicateurs/carte-strategique/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_map_is_reachable_from_the_menu(client, people):
    client.force_login(f.agent(username="agent-menu", service=people.agent.service))
    html = client.get("/indicateurs/").content.decode()
    assert 'href="/indicateurs/carte-strategique/"' in html
    assert 'href="/indicateurs/"' in html
