"""Benchmark of the clause-to-evidence matrix at 10x the reference commune.

Builds the municipality of bench/reviews.py (220 services and directions with their pilots
and agents, ~1,000 processes with their risk sheets and risks, objectives, 4,800 indicators
with their values, audits with findings and nonconformities, complaints and surveys, the
context, ~20,000 actions — imported from bench/reviews.py, not copied), then adds what the
matrix reads beyond it: 6,000 published controlled documents owned by the services (~1 in
3 linked to an ISO 9001 or ISO 14001 clause), ~400 regulatory texts with their compliance
evaluations, and clause 8.3 declared not applicable for every service. Then it builds the
matrix of every service for ISO 9001 and ISO 14001 (readiness.selectors.build_matrix, with
every evidence kind registered) and prints the median and p95 time and the queries per
matrix; and measures the matrix page, the gaps page and the pack through the test client.

    DEBUG=1 .venv/bin/python bench/readiness.py [--small] [--documents 6000]
        [--regulations 400] [--keep]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3)."""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named readiness.py: its folder must not shadow the `readiness` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 95
BATCH = 2_000


def parse_args():
    from bench import reviews

    sys.argv, argv = sys.argv[:1], sys.argv[1:]
    args = reviews.parse_args()  # the volumes of the review bench, at their defaults
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=6_000)
    parser.add_argument("--regulations", type=int, default=400)
    parser.add_argument("--requests", type=int, default=5, help="requests per measured page")
    parser.add_argument("--small", action="store_true",
                        help="a quick check: about a tenth of the volume")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    own = parser.parse_args(argv)
    if own.small:
        sys.argv = [sys.argv[0], "--small"]
        args = reviews.parse_args()
        own.documents, own.regulations = 600, 40
    args.years = min(args.years, 3)  # the matrix reads the last 12 months
    for name, value in vars(own).items():
        setattr(args, name, value)
    return args


def add_documents(args, rng, progress):
    """Published controlled documents, owned by the services, added to the library one by
    one (Wagtail's tree), without revisions nor search indexing; ~1 in 3 linked to a
    clause of ISO 9001 or ISO 14001."""
    from django.utils import timezone
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from audits.models import Criterion
    from bench.documents import search_index_deferred
    from documents.models import InstructionPage, LibraryPage, ProcedurePage
    from qms.models import Service, User
    from readiness.models import DocumentClause

    services = list(Service.objects.filter(kind="service").order_by("code"))
    authors = {u.service_id: u for u in User.objects.filter(username__startswith="pilote-")}
    library = LibraryPage.objects.get()
    criteria = list(Criterion.objects.filter(standard__code__in=["iso-9001", "iso-14001"]))
    now = timezone.now()
    links = []
    started = time.perf_counter()
    with disable_reference_index_auto_update(), search_index_deferred():
        for n in range(args.documents):
            service = services[n % len(services)]
            model = ProcedurePage if n % 2 else InstructionPage
            approved = now - datetime.timedelta(days=rng.randint(10, 800))
            page = model(
                title=f"Document {n:05d} du service {service.code}", slug=f"doc-{n:05d}",
                reference=f"{'PRO' if n % 2 else 'INS'}-{n:05d}", owner_service=service,
                author=authors.get(service.pk), change_summary="Création.", live=True,
                version=1, approved_at=approved,
                next_review_date=(approved + datetime.timedelta(days=730)).date(),
            )
            library.add_child(instance=page)
            if n % 3 == 0:
                links.append(DocumentClause(page_id=page.pk, criterion=rng.choice(criteria)))
            if (n + 1) % 1000 == 0:
                progress(f"  {n + 1} documents ({time.perf_counter() - started:.0f} s)")
    DocumentClause.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    return len(links)


def add_regulations(args, rng):
    """Regulatory texts for the services, with their requirements and 1–3 evaluations
    each; some late."""
    from django.utils import timezone

    from compliance.models import Evaluation, Regulation, Requirement, Topic
    from qms.models import Service, User

    today = timezone.localdate()
    services = list(Service.objects.filter(kind="service"))
    quality = User.objects.get(username="qualite")
    topic = Topic.objects.create(name="Environnement (bench)")
    regulations = Regulation.objects.bulk_create([
        Regulation(kind="order", number=f"B-{n:04d}", title=f"Arrêté de test n° {n}",
                   topic=topic, owner=quality, evaluation_cycle_months=6,
                   last_evaluated_on=today - datetime.timedelta(days=rng.randint(10, 300)))
        for n in range(args.regulations)], batch_size=BATCH)
    for regulation in regulations:
        regulation.next_evaluation_due = regulation.last_evaluated_on + datetime.timedelta(
            days=182)
    Regulation.objects.bulk_update(regulations, ["next_evaluation_due"], batch_size=BATCH)
    through = Regulation.services.through
    through.objects.bulk_create([
        through(regulation_id=r.pk, service_id=s.pk)
        for r in regulations for s in rng.sample(services, 3)], batch_size=BATCH)
    Requirement.objects.bulk_create([
        Requirement(regulation=r, article=f"art. {k}", text="Exigence.", order=k)
        for r in regulations for k in range(1, 4)], batch_size=BATCH)
    evaluations = Evaluation.objects.bulk_create([
        Evaluation(regulation=r, evaluated_on=r.last_evaluated_on - datetime.timedelta(
            days=182 * k), assessor=quality)
        for r in regulations for k in range(rng.randint(1, 3))], batch_size=BATCH)
    return len(regulations), len(evaluations)


def declare_not_applicable():
    from audits.models import Criterion
    from qms.models import Service
    from readiness.models import ClauseAssessment

    criterion = Criterion.objects.get(standard__code="iso-9001", reference="8.3")
    return len(ClauseAssessment.objects.bulk_create([
        ClauseAssessment(service=s, criterion=criterion, status="not_applicable",
                         justification="Pas de conception.")
        for s in Service.objects.all()], batch_size=BATCH))


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]


def measure_matrices(progress):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from audits.models import Standard
    from qms import evidence
    from qms.models import Service
    from readiness.selectors import build_matrix

    standards = list(Standard.objects.filter(code__in=["iso-9001", "iso-14001"]))
    services = list(Service.objects.order_by("code"))
    rows = {}
    statuses = {}
    for standard in standards:
        times, queries = [], []
        for service in services:
            reset_queries()  # the query log is capped at 9,000: start each matrix empty
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                matrix = build_matrix(service=service, standard=standard)
                times.append((time.perf_counter() - started) * 1000)
            queries.append(len(captured.captured_queries))
            for status, count in matrix.counts.items():
                statuses.setdefault(standard.name, {}).setdefault(status, 0)
                statuses[standard.name][status] += count
        rows[standard.name] = {"times": times, "queries": queries,
                               "clauses": len(matrix.lines)}
        progress(f"  {standard.name}: {len(services)} matrices")
    return rows, statuses, [kind.code for kind in evidence.kinds()]


def main():  # noqa: PLR0915 - one linear script
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", message="Limit for query logging exceeded")
    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-ready-")
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from bench import reviews
    from qms.models import Service

    progress(f"  {settings.DATABASES['default']['NAME']} in {migrate_seconds:.1f} s")
    if Service.objects.exists():
        sys.exit("The database already holds data: point DATABASE_URL at an empty one.")
    started = time.perf_counter()
    progress(f"Generating the municipality of bench/reviews.py ({args.services} services, "
             f"{args.indicators} indicators, {args.years} years)...")
    result = reviews.generate(args, progress)
    rng = random.Random(SEED)
    progress(f"Adding {args.documents} documents...")
    links = add_documents(args, rng, progress)
    with transaction.atomic():
        texts, evaluations = add_regulations(args, rng)
        declarations = declare_not_applicable()
    generation_seconds = time.perf_counter() - started

    progress("Building every matrix...")
    rows, statuses, kinds = measure_matrices(progress)

    progress(f"Measuring the pages ({args.requests} requests each)...")
    client = Client(HTTP_HOST="localhost")
    client.force_login(result.quality)
    service = Service.objects.filter(kind="service").order_by("code").first()
    pages = [(label, url, measure(client, url, args.requests)) for label, url in [
        ("Matrix page (ISO 9001)", f"/preparation/{service.code}/iso-9001/"),
        ("Gaps page (4 standards)", f"/preparation/{service.code}/ecarts/"),
        ("Readiness pack PDF", f"/preparation/{service.code}/iso-9001/dossier.pdf"),
        ("Overview", "/preparation/"),
    ]]
    from readiness import services as readiness_services

    refresh_started = time.perf_counter()
    scores = readiness_services.scores_refresh()
    refresh_seconds = time.perf_counter() - refresh_started

    print()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Services: {result.services} (+{result.directions} directions)   processes: "
          f"{result.processes}   risks: {result.risks}   indicators: {result.indicators}   "
          f"measurements: {result.measurements}   audits: {result.audits}   NCs: "
          f"{result.ncs}   actions: {result.actions}")
    print(f"Documents: {args.documents} ({links} linked to clauses)   texts: {texts} "
          f"({evaluations} evaluations)   declarations: {declarations}   generation: "
          f"{generation_seconds:.0f} s   database: {engine}")
    print(f"Evidence kinds registered: {', '.join(kinds)}")
    print()
    print(f"{'Matrix per service':<28} {'clauses':>7} {'median ms':>9} {'p95 ms':>8} "
          f"{'max ms':>8} {'queries (min–max)':>18}")
    for name, row in rows.items():
        print(f"{name:<28} {row['clauses']:>7} {statistics.median(row['times']):>9.1f} "
              f"{percentile(row['times'], 0.95):>8.1f} {max(row['times']):>8.1f} "
              f"{min(row['queries']):>8}–{max(row['queries'])}")
    for name, counts in statuses.items():
        print(f"  {name} lines: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"Nightly refresh (scores_refresh, every service × every standard): {scores} "
          f"scores in {refresh_seconds:.1f} s")
    for label, url, m in pages:
        if "error" in m:
            print(f"GET {label}: {m['error']}  {url}")
            continue
        print(f"GET {label:<28} median {m['median']:>7.1f} ms  p90 {m['p90']:>7.1f} ms  "
              f"{m['queries']:>3} queries  {m['kb']:.0f} KB  ({url})")
    print(f"\nTotal run time: {time.perf_counter() - total_started:.0f} s")
    if args.keep:
        print(f"Database kept: {settings.DATABASES['default']['NAME']}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
