"""The dashboards and the strategy map run a constant number of SQL queries whatever the
number of indicators, objectives and measurements."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import IndicatorTarget, Measurement, Objective
from processes.models import Process
from tests.indicators.factories import (
    AxisFactory,
    IndicatorFactory,
    ObjectiveFactory,
    ProgrammeFactory,
)
from tests.indicators.test_dashboards import YEAR, direction_user

# The figures measured when these tests were written (a direction member: session, user,
# groups, the user's service in the menu, then the page's own); change them deliberately.
QUERIES = {
    "index": 7,
    "dashboard": 12,
    "dashboard-process": 13,  # + the process asked for
    "strategy-map": 11,
    "indicator": 10,
}
SERVICES_OF = 3
"""What finding a non-oversight user's services costs (qms.permissions.services_of)."""


class World:
    """A programme with axes, strategic and service objectives, and indicators with
    monthly values since January of the previous year, that can grow."""

    def __init__(self, accueil, etat_civil):
        self.services = [accueil, etat_civil]
        self.programme = ProgrammeFactory()
        self.axes = [AxisFactory(programme=self.programme, code=f"AX{i}") for i in range(3)]
        self.process = Process.objects.create(code="P-ACC", name="Accueillir",
                                              family="realisation")
        self.count = 0

    def grow(self, indicators: int, months: int):
        made = []
        for _ in range(indicators):
            n = self.count = self.count + 1
            service = self.services[n % 2]
            indicator = IndicatorFactory(code=f"Q-{n:03d}", service=service,
                                         direction="higher" if n % 3 else "lower",
                                         alert_threshold=Decimal("80") if n % 2 else None)
            indicator.processes.add(self.process)
            made.append(indicator)
            strategic = ObjectiveFactory(code=f"OS-{n:03d}", kind=Objective.Kind.STRATEGIC,
                                         axis=self.axes[n % 3], service=service,
                                         start_year=2020, end_year=YEAR)
            own = ObjectiveFactory(code=f"OBJ-{n:03d}", service=service, start_year=YEAR,
                                   end_year=YEAR)
            own.processes.add(self.process)
            strategic.indicators.add(indicator)
            own.indicators.add(indicator)
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=ind, year=year, value=Decimal("85"))
            for ind in made for year in (YEAR - 1, YEAR)
        )
        Measurement.objects.bulk_create(
            Measurement(indicator=ind, period=f"{YEAR - 1 + m // 12}-{m % 12 + 1:02d}",
                        period_start=date(YEAR - 1 + m // 12, m % 12 + 1, 1),
                        value=Decimal(70 + (m * 7 + ind.pk) % 30), origin="manual")
            for ind in made for m in range(months)
        )

    def urls(self):
        accueil = self.services[0]
        return {
            "index": f"/indicateurs/?annee={YEAR}",
            "dashboard": f"/indicateurs/service/{accueil.pk}/?annee={YEAR}",
            "dashboard-process": f"/indicateurs/service/{accueil.pk}/?annee={YEAR}"
                                 f"&processus={self.process.pk}",
            "strategy-map": f"/indicateurs/carte-strategique/?annee={YEAR}",
            "indicator": "/indicateurs/Q-002/",
        }


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def world(accueil, etat_civil):
    return World(accueil, etat_civil)


def test_pages_are_constant_in_queries(client, world):
    client.force_login(direction_user())
    world.grow(indicators=3, months=3)
    small = {name: count_queries(client, url) for name, url in world.urls().items()}
    world.grow(indicators=30, months=22)
    large = {name: count_queries(client, url) for name, url in world.urls().items()}
    assert large == small
    assert small == QUERIES


def test_pages_are_constant_in_queries_for_an_agent(client, world, people):
    client.force_login(people.agent)  # Accueil: its dashboard, the map, Q-002 (Accueil)
    world.grow(indicators=3, months=3)
    small = {name: count_queries(client, url) for name, url in world.urls().items()}
    world.grow(indicators=30, months=22)
    large = {name: count_queries(client, url) for name, url in world.urls().items()}
    assert large == small
    assert small == {name: n + SERVICES_OF for name, n in QUERIES.items()}


@pytest.mark.parametrize("name", ["dashboard", "strategy-map"])
def test_exports_are_constant_in_queries(client, world, name):
    base = world.urls()[name].split("?")[0]
    client.force_login(direction_user())
    world.grow(indicators=2, months=2)
    small = {kind: count_queries(client, f"{base}{kind}/?annee={YEAR}") for kind in ("pdf", "xlsx")}
    world.grow(indicators=12, months=14)
    large = {kind: count_queries(client, f"{base}{kind}/?annee={YEAR}") for kind in ("pdf", "xlsx")}
    assert large == small
