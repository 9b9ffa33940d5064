"""Benchmark of the indicators at 10x the reference commune's history.

Generates 480 monthly indicators over the 22 services with 10 years of values each
(57,600 measurements), the municipal programme (3 axes, 12 strategic objectives) and the
services' objectives, then measures:

* the median server time and the number of SQL queries of a service dashboard of 50
  indicators (/indicateurs/service/<id>/) and of the strategy map
  (/indicateurs/carte-strategique/), through django.test.Client;
* the API ingestion throughput, in measurements per second, for batches of 1,000 new
  values: through services.measurements_record_batch (origin "api", with the feeding
  application), and through POST /api/measurements/ with the application's Bearer token.
  Re-sending a batch (idempotent: nothing changes) is measured too.

    DEBUG=1 .venv/bin/python bench/indicators.py [--indicators 480] [--years 10]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3). The volume is written with bulk_create, not through
the services (which the demo loader and the ingestion measures exercise): the aim is the
volume, read back by the pages.
"""

import argparse
import json
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named indicators.py: its folder must not shadow the `indicators` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 480
DASHBOARD_SIZE = 50
BATCH = 1_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=480)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20, help="requests per measured page")
    parser.add_argument("--batches", type=int, default=10,
                        help="batches of 1,000 values per ingestion path")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args()


# --- Generation -------------------------------------------------------------------------------
TITLES = [
    ("Délai moyen de traitement des demandes", "jours", "lower", 12, 8),
    ("Taux de réclamations pour 1 000 demandes", "‰", "lower", 4.5, 3),
    ("Taux d'appels décrochés", "%", "higher", 86, 93),
    ("Consommation d'énergie des bâtiments", "MWh", "lower", 420, 350),
    ("Taux d'absentéisme", "%", "lower", 9, 7.5),
    ("Part des démarches réalisées en ligne", "%", "higher", 20, 55),
    ("Délai de délivrance des actes", "jours ouvrés", "lower", 4, 2),
    ("Tonnage de déchets collectés", "t", "lower", 60, 50),
    ("Taux de satisfaction des usagers", "%", "higher", 82, 90),
    ("Taux de réalisation du planning", "%", "higher", 85, 95),
]


def monthly_periods(last, count):
    """The `count` monthly periods ending with `last`, oldest first."""

    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


def generate(args, progress):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from documents.demo.organisation import DIRECTIONS, SERVICES
    from indicators import services as indicator_services
    from indicators.models import (
        Frequency,
        Indicator,
        IndicatorTarget,
        Measurement,
        Objective,
        Period,
        Programme,
        StrategicAxis,
    )
    from processes.models import Process
    from qms import roles
    from qms.models import Service, User

    rng = random.Random(SEED)
    today = timezone.localdate()
    last = Period.last_closed(today, Frequency.MONTHLY)
    periods = monthly_periods(last, args.years * 12)
    years = sorted({p.year for p in periods})
    password = make_password("demo")
    groups = {g.name: g for g in Group.objects.all()}
    started = time.perf_counter()

    with transaction.atomic(), disable_reference_index_auto_update():
        services = {}
        for code, name, _title in DIRECTIONS:
            services[code] = Service.objects.create(code=code, name=name, kind="direction")
        for code, name, direction, _p, _a in SERVICES:
            services[code] = Service.objects.create(code=code, name=name,
                                                    parent=services[direction])
        pilots = {}
        for code in services:
            pilots[code] = User.objects.create(username=f"pilote-{code}", service=services[code],
                                               password=password, email=f"{code}@example.org")
            pilots[code].groups.add(groups[roles.PILOT])
        reader = User.objects.create(username="direction", service=services["dgs"],
                                     password=password)
        reader.groups.add(groups[roles.DIRECTION])
        codes = [code for code, *_rest in SERVICES]
        processes = Process.objects.bulk_create([
            Process(code=f"PRC-{i:02d}", name=f"Processus {i}", family="realisation")
            for i in range(1, 13)
        ])
        programme = Programme.objects.create(name=f"Programme municipal {min(years)}-{today.year}",
                                             start_year=min(years), end_year=today.year)
        axes = [StrategicAxis.objects.create(programme=programme, code=f"AXE-{i}",
                                             title=f"Axe stratégique {i}", order=i)
                for i in range(1, 4)]
        strategic = Objective.objects.bulk_create([
            Objective(kind="strategic", code=f"OS-{i // 4 + 1}.{i % 4 + 1}",
                      title=f"Objectif stratégique {i + 1}", axis=axes[i // 4],
                      service=services[codes[i]], owner=pilots[codes[i]],
                      start_year=programme.start_year, end_year=programme.end_year)
            for i in range(12)
        ])
        service_objectives = {
            code: Objective.objects.bulk_create([
                Objective(kind="service", code=f"OBJ-{code.upper()}-{n}",
                          title=f"Objectif de service {n}", activity=f"Activité {n}",
                          service=services[code], owner=pilots[code],
                          start_year=min(years), end_year=today.year)
                for n in (1, 2)
            ])
            for code in codes
        }
        # The first service holds the 50-indicator dashboard; the others share the rest.
        dashboard_code = "accueil"
        others = [code for code in codes if code != dashboard_code]
        owners = [dashboard_code] * min(DASHBOARD_SIZE, args.indicators) + [
            others[i % len(others)] for i in range(max(args.indicators - DASHBOARD_SIZE, 0))
        ]
        indicators = []
        for i, code in enumerate(owners):
            title, unit, direction, start, end = TITLES[i % len(TITLES)]
            indicators.append(Indicator(
                code=f"IND-{i + 1:04d}", title=f"{title} ({i + 1})", unit=unit,
                frequency=Frequency.MONTHLY, direction=direction, service=services[code],
                owner=pilots[code],
                alert_threshold=(start + end) / 2 if rng.random() < 0.7 else None,
                critical_threshold=start,
            ))
        indicators = Indicator.objects.bulk_create(indicators)
        links = Indicator.objectives.through
        link_rows = []
        for i, indicator in enumerate(indicators):
            code = owners[i]
            link_rows.append(links(indicator=indicator,
                                   objective=service_objectives[code][i % 2]))
            if i % 3 == 0:
                link_rows.append(links(indicator=indicator, objective=strategic[i % 12]))
        links.objects.bulk_create(link_rows)
        Indicator.processes.through.objects.bulk_create([
            Indicator.processes.through(indicator=indicator, process=processes[i % 12])
            for i, indicator in enumerate(indicators) if i % 2 == 0
        ])
        IndicatorTarget.objects.bulk_create([
            IndicatorTarget(indicator=indicator, year=year,
                            value=round(TITLES[i % len(TITLES)][4], 2))
            for i, indicator in enumerate(indicators) for year in years
        ])
        progress(f"  {len(indicators)} indicators, {len(link_rows)} objective links in "
                 f"{time.perf_counter() - started:.1f} s")
        count = 0
        buffer = []
        for i, indicator in enumerate(indicators):
            _title, _unit, _direction, start, end = TITLES[i % len(TITLES)]
            for n, period in enumerate(periods):
                level = start + (end - start) * n / len(periods)
                value = max(level * (1 + rng.gauss(0, 0.05)), 0)
                buffer.append(Measurement(
                    indicator=indicator, period=period.label, period_start=period.start,
                    value=round(value, 2), origin="import", entered_by=pilots[owners[i]],
                ))
            if len(buffer) >= 10_000:
                Measurement.objects.bulk_create(buffer, batch_size=2_000)
                count += len(buffer)
                buffer = []
        Measurement.objects.bulk_create(buffer, batch_size=2_000)
        count += len(buffer)
        # The indicators fed through the API: no values yet, half for each path.
        application, token = indicator_services.feed_application_create(
            name="Logiciel de banc d'essai"
        )
        fed = Indicator.objects.bulk_create([
            Indicator(code=f"API-{i + 1:03d}", title=f"Indicateur alimenté {i + 1}", unit="%",
                      frequency=Frequency.MONTHLY, service=services["dsi"],
                      owner=pilots["dsi"], source="api", feed_application=application)
            for i in range(200)
        ])
    progress(f"  {count} measurements in {time.perf_counter() - started:.1f} s")
    return SimpleResult(
        reader=reader, dashboard_service=services[dashboard_code], application=application,
        token=token, fed=fed, count=count, indicators=len(indicators),
    )


class SimpleResult:
    def __init__(self, **fields):
        self.__dict__.update(fields)


# --- Measures ---------------------------------------------------------------------------------
def page_urls(result):
    """The pages to measure, or the reason they cannot be (not built yet)."""
    from django.urls import NoReverseMatch, reverse

    pages = []
    for label, name, kwargs in [
        (f"Dashboard ({DASHBOARD_SIZE} ind.)", "indicators:service_dashboard",
         {"service_id": result.dashboard_service.pk}),
        ("Strategy map", "indicators:strategy_map", {}),
    ]:
        try:
            pages.append((label, reverse(name, kwargs=kwargs), None))
        except NoReverseMatch:
            pages.append((label, None, f"skipped: the URL “{name}” does not exist yet"))
    return pages


def ingest_service(result, batches):
    """Batches of 1,000 new values through services.measurements_record_batch."""
    from indicators import services
    from indicators.models import Frequency, Period
    from indicators.services import MeasurementInput

    fed = result.fed[:100]
    months = monthly_periods(Period.last_closed(_today(), Frequency.MONTHLY), 10 * batches)
    times, rows = [], None
    for b in range(batches):
        rows = [MeasurementInput(ind.code, period.label, f"{90 + (i % 10) / 10:.1f}", line=i)
                for i, (ind, period) in enumerate(
                    (ind, period) for period in months[b * 10:(b + 1) * 10] for ind in fed)]
        assert len(rows) == BATCH, len(rows)
        started = time.perf_counter()
        counts = services.measurements_record_batch(
            rows, origin="api", application=result.application
        )
        times.append(time.perf_counter() - started)
        assert counts["created"] == BATCH, counts
    started = time.perf_counter()
    counts = services.measurements_record_batch(rows, origin="api", application=result.application)
    resend = time.perf_counter() - started
    assert counts["unchanged"] == BATCH, counts
    return _rates(times, resend)


def ingest_http(client, result, batches):
    """Batches of 1,000 new values POSTed to /api/measurements/ with the Bearer token."""
    from indicators.models import Frequency, Period

    fed = result.fed[100:200]
    months = monthly_periods(Period.last_closed(_today(), Frequency.MONTHLY), 10 * batches)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {result.token}"}
    times, body = [], None
    for b in range(batches):
        body = json.dumps({"measurements": [
            {"indicator": ind.code, "period": period.label, "value": 90 + (i % 10) / 10}
            for i, (ind, period) in enumerate(
                (ind, period) for period in months[b * 10:(b + 1) * 10] for ind in fed)
        ]})
        started = time.perf_counter()
        response = client.post("/api/measurements/", body, content_type="application/json",
                               **headers)
        times.append(time.perf_counter() - started)
        if response.status_code == 404:
            return {"error": "skipped: POST /api/measurements/ does not exist yet"}
        if response.status_code != 200 or response.json().get("created") != BATCH:
            return {"error": f"HTTP {response.status_code}: {response.content[:300]!r}"}
    started = time.perf_counter()
    response = client.post("/api/measurements/", body, content_type="application/json",
                           **headers)
    resend = time.perf_counter() - started
    assert response.status_code == 200 and response.json()["unchanged"] == BATCH
    return _rates(times, resend)


def _rates(times, resend):
    return {
        "median_rate": BATCH / statistics.median(times),
        "overall_rate": BATCH * len(times) / sum(times),
        "median_ms": statistics.median(times) * 1000,
        "resend_rate": BATCH / resend,
        "batches": len(times),
    }


def _today():
    from django.utils import timezone

    return timezone.localdate()


def main():
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-ind-")
    from django.conf import settings
    from django.test import Client

    from indicators.models import Indicator

    progress(f"  {settings.DATABASES['default']['NAME']} in {migrate_seconds:.1f} s")
    if Indicator.objects.exists():
        sys.exit("The database already holds indicators: point DATABASE_URL at an empty one.")
    progress(f"Generating {args.indicators} monthly indicators × {args.years} years of values...")
    started = time.perf_counter()
    result = generate(args, progress)
    generation_seconds = time.perf_counter() - started

    client = Client(HTTP_HOST="localhost")
    client.force_login(result.reader)
    rows = []
    progress(f"Measuring {args.requests} requests per page (signed in as "
             f"{result.reader.username})...")
    for label, url, skipped in page_urls(result):
        measured = {"error": skipped} if skipped else measure(client, url, args.requests)
        rows.append((label, url or "", measured))
        progress(f"  {label}: " + (f"median {measured['median']:.0f} ms"
                                   if "median" in measured else measured["error"]))

    progress(f"Ingesting {args.batches} batches of {BATCH} values per path...")
    service_rates = ingest_service(result, args.batches)
    progress(f"  service: {service_rates['median_rate']:.0f} measurements/s")
    http_rates = ingest_http(Client(HTTP_HOST="localhost"), result, args.batches)
    progress("  HTTP API: " + (f"{http_rates['median_rate']:.0f} measurements/s"
                               if "median_rate" in http_rates else http_rates["error"]))

    print()
    print(f"Indicators: {result.indicators}   measurements: {result.count}   "
          f"generation: {generation_seconds:.0f} s   migrate: {migrate_seconds:.0f} s   "
          f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"{'Page':<22} {'median ms':>9} {'p90 ms':>8} {'n':>3} {'queries':>7} "
          f"{'(cold)':>6} {'slowest SQL ms':>14} {'KB':>5}  URL")
    for label, url, m in rows:
        if "error" in m:
            print(f"{label:<22} {m['error']}")
            continue
        print(f"{label:<22} {m['median']:>9.1f} {m['p90']:>8.1f} {m['requests']:>3} "
              f"{m['queries']:>7} {m['first_queries']:>6} {m['slowest_ms']:>14.1f} "
              f"{m['kb']:>5.0f}  {url}")
    print(f"\nAPI ingestion, batches of {BATCH} new values "
          f"(median batch / overall / re-sent unchanged batch):")
    for label, rates in [("services.measurements_record_batch", service_rates),
                         ("POST /api/measurements/", http_rates)]:
        if "error" in rates:
            print(f"  {label:<36} {rates['error']}")
        else:
            print(f"  {label:<36} {rates['median_rate']:>7.0f} /s  "
                  f"{rates['overall_rate']:>7.0f} /s  {rates['resend_rate']:>7.0f} /s   "
                  f"({rates['median_ms']:.0f} ms per batch, {rates['batches']} batches)")
    slow = [(label, m) for label, _u, m in rows if m.get("slowest_ms", 0) > 100]
    if slow:
        print("\nSlowest query of each page (when over 100 ms):")
        for label, m in slow:
            print(f"- {label} ({m['slowest_ms']:.0f} ms): {m['slowest_sql'][:400]}")
    print(f"\nTotal run time: {time.perf_counter() - total_started:.0f} s")
    if args.keep:
        print(f"Database kept: {settings.DATABASES['default']['NAME']}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
