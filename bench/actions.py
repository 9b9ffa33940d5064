"""Benchmark of the action plan and the risk register at several times a large
municipality's volume.

Generates 22 services with their pilots, 100 processes with one risk sheet each, a risk
register of 5,000 risks and opportunities (and their treatment decisions), and an action
plan of 20,000 actions of every kind and state (a quarter of them risk treatments linked
to their risk, some late), then measures the median server time and the number of SQL
queries of:

* the whole action plan, unfiltered and filtered (late actions; a service's
  corrective actions due within 90 days; the risk treatments), a service's plan and
  "my actions";
* the risk register, unfiltered and filtered (critical risks of one process family; one
  matrix cell), and the risk matrix of the municipality, of a service and of a process.

    DEBUG=1 .venv/bin/python bench/actions.py [--actions 20000] [--risks 5000]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3). The volume is written with bulk_create, not through
the services: the aim is the volume, read back by the pages.
"""

import argparse
import datetime
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named actions.py: its folder must not shadow the `actions` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 20_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--risks", type=int, default=5_000)
    parser.add_argument("--processes", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20, help="requests per measured page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args()


class Result:
    pass


def generate(args, progress):
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from actions.models import Action
    from documents.demo.organisation import DIRECTIONS, SERVICES
    from processes.models import Process, Risk, RiskSheet
    from qms import roles
    from qms.models import Service, User

    rng = random.Random(SEED)
    today = timezone.localdate()
    password = make_password("demo")
    groups = {g.name: g for g in Group.objects.all()}
    result = Result()

    with transaction.atomic():
        services = {}
        for code, name, _title in DIRECTIONS:
            services[code] = Service.objects.create(code=code, name=name, kind="direction")
        for code, name, direction, _p, _a in SERVICES:
            services[code] = Service.objects.create(code=code, name=name,
                                                    parent=services[direction])
        leaf = [s for s in services.values() if s.parent_id]
        pilots, agents = {}, {}
        for service in leaf:
            pilots[service.pk] = User.objects.create(
                username=f"pilote-{service.code}", service=service, password=password,
                email=f"pilote-{service.code}@example.org")
            agents[service.pk] = [User.objects.create(
                username=f"agent-{service.code}-{n}", service=service, password=password,
                email=f"agent-{service.code}-{n}@example.org") for n in range(5)]
        groups[roles.PILOT].user_set.add(*pilots.values())
        groups[roles.AGENT].user_set.add(*(a for lst in agents.values() for a in lst))
        quality = User.objects.create(username="qualite", service=services["qualite"],
                                      password=password, email="qualite@example.org")
        groups[roles.QUALITY_ENGINEER].user_set.add(quality)

        families = [Process.Family.MANAGEMENT] * 15 + [Process.Family.REALISATION] * 60 + \
            [Process.Family.SUPPORT] * 25
        processes = Process.objects.bulk_create([
            Process(code=f"PRC-{n:03d}", name=f"Processus {n}",
                    family=families[n % len(families)], service=leaf[n % len(leaf)],
                    pilot=pilots[leaf[n % len(leaf)].pk], map_order=n)
            for n in range(args.processes)
        ])
        sheets = RiskSheet.objects.bulk_create([
            RiskSheet(process=p, service=p.service, title=f"Fiche de risques {p.code}")
            for p in processes
        ])
        progress(f"  {len(leaf)} services, {len(processes)} processes and risk sheets")

        treatments_risk = ["accept", "reduce", "reduce", "transfer", "avoid", ""]
        risks = []
        for n in range(args.risks):
            sheet = sheets[n % len(sheets)]
            opportunity = n % 10 == 0
            likelihood, severity = rng.randint(1, 4), rng.randint(1, 4)
            treated = rng.random() < 0.6
            risks.append(Risk(
                sheet=sheet, reference=f"R-{sheet.process.code}-{n // len(sheets) + 1:03d}",
                kind="opportunity" if opportunity else "risk",
                title=f"Risque {n} du processus {sheet.process.code}",
                cause="Cause", consequence="Conséquence",
                impacted_parties=rng.sample(["users", "citizens", "agents", "partners",
                                             "environment"], 2),
                likelihood=likelihood, severity=severity,
                treatment=(rng.choice(["pursue", "not_pursue"]) if opportunity
                           else rng.choice(treatments_risk)),
                residual_likelihood=max(1, likelihood - 1) if treated else None,
                residual_severity=severity if treated else None,
                review_date=today + datetime.timedelta(days=rng.randint(-120, 365)),
            ))
        risks = Risk.objects.bulk_create(risks, batch_size=1000)
        progress(f"  {len(risks)} risks and opportunities")

        risk_type = ContentType.objects.get_for_model(Risk)
        kinds = [k for k, _l in Action.Kind.choices]
        statuses = ["planned", "in_progress", "in_progress", "done", "done", "cancelled"]
        actions = []
        for n in range(args.actions):
            service = leaf[n % len(leaf)]
            status = rng.choice(statuses)
            start = today + datetime.timedelta(days=rng.randint(-700, 60))
            due = start + datetime.timedelta(days=rng.randint(15, 400))
            treatment = n % 4 == 0
            risk = risks[n % len(risks)] if treatment else None
            owner = rng.choice([pilots[service.pk], *agents[service.pk]])
            action = Action(
                reference=f"ACT-{2020 + n % 7}-{n:05d}", title=f"Action {n}",
                kind="risk_treatment" if treatment else rng.choice(kinds),
                owner=owner, service=service, start_date=start, due_date=due,
                status=status, progress=100 if status == "done" else rng.randint(0, 90),
                completed_at=due if status == "done" else None,
                cancellation_reason="Devenue sans objet" if status == "cancelled" else "",
                operating_budget_planned=rng.choice([0, 500, 2000, 15000]),
                created_by=quality,
            )
            if risk is not None:
                action.source_content_type = risk_type
                action.source_object_id = risk.pk
                action.source_label = f"Risque {risk.reference}"
            if action.kind == "corrective" and status == "done":
                action.effectiveness_verdict = "effective"
                action.effectiveness_checked_at = due
                action.effectiveness_evidence = "Contrôle réalisé"
            actions.append(action)
        Action.objects.bulk_create(actions, batch_size=1000)
        progress(f"  {len(actions)} actions")

    busiest = max(leaf, key=lambda s: Action.objects.filter(service=s).count())
    result.quality = quality
    result.pilot = pilots[busiest.pk]
    result.service = busiest
    result.process = processes[1]
    result.actions = Action.objects.count()
    result.late = Action.objects.late().count()
    result.risks = Risk.objects.count()
    return result


def pages(result):
    service, process = result.service.pk, result.process.pk
    return [
        ("Plan, all", "/actions/"),
        ("Plan, late", "/actions/?late=1"),
        ("Plan, service corrective 90 d",
         f"/actions/?service={service}&kind=corrective&due=90"),
        ("Plan, risk treatments", "/actions/?kind=risk_treatment&status=in_progress"),
        ("Plan, page 50", "/actions/?page=50"),
        ("Service plan", f"/actions/service/{service}/"),
        ("My actions (pilot)", "/actions/mes-actions/"),
        ("Risk register, all", "/processus/risques/"),
        ("Risk register, critical realisation",
         "/processus/risques/?family=realisation&level=critical"),
        ("Risk register, one cell", "/processus/risques/?likelihood=4&severity=3"),
        ("Risk matrix, municipality", "/processus/risques/matrice/"),
        ("Risk matrix, service", f"/processus/risques/matrice/?service={service}"),
        ("Risk matrix, process", f"/processus/risques/matrice/?process={process}"),
    ]


def main():
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-act-")
    from django.conf import settings
    from django.test import Client

    from actions.models import Action

    progress(f"  {settings.DATABASES['default']['NAME']} in {migrate_seconds:.1f} s")
    if Action.objects.exists():
        sys.exit("The database already holds actions: point DATABASE_URL at an empty one.")
    progress(f"Generating {args.actions} actions and {args.risks} risks...")
    started = time.perf_counter()
    result = generate(args, progress)
    generation_seconds = time.perf_counter() - started

    rows = []
    progress(f"Measuring {args.requests} requests per page...")
    for label, url in pages(result):
        client = Client(HTTP_HOST="localhost")
        # "My actions" and the service plan as the busiest service's pilot; the rest as
        # the quality engineer, who sees the whole plan.
        client.force_login(result.pilot if label.startswith(("My", "Service"))
                           else result.quality)
        measured = measure(client, url, args.requests)
        rows.append((label, url, measured))
        progress(f"  {label}: " + (f"median {measured['median']:.0f} ms"
                                   if "median" in measured else measured["error"]))

    print()
    print(f"Actions: {result.actions} ({result.late} late)   risks: {result.risks}   "
          f"generation: {generation_seconds:.0f} s   migrate: {migrate_seconds:.0f} s   "
          f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"{'Page':<36} {'median ms':>9} {'p90 ms':>8} {'n':>3} {'queries':>7} "
          f"{'(cold)':>6} {'slowest SQL ms':>14} {'KB':>5}  URL")
    for label, url, m in rows:
        if "error" in m:
            print(f"{label:<36} {m['error']}  {url}")
            continue
        print(f"{label:<36} {m['median']:>9.1f} {m['p90']:>8.1f} {m['requests']:>3} "
              f"{m['queries']:>7} {m['first_queries']:>6} {m['slowest_ms']:>14.1f} "
              f"{m['kb']:>5.0f}  {url}")
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
