"""Benchmark of the management review at 10x the reference commune.

Generates a municipality ten times the reference commune (22 services, ~100 processes,
150 service objectives, 480 indicators): 220 services (directions and services) with
their pilots and agents, 1,000 processes with a risk sheet each and 5,000 risks and
opportunities, 1,500 service objectives and 30 strategic ones, 4,800 indicators (two
thirds monthly, one third quarterly) with 5 years of values and yearly targets, 5 years
of audits (40 a year, with their findings and the nonconformities of the nonconforming
ones, plus nonconformities from complaints and internal detection), 5 years of
complaints and requests (5,000 a year) and satisfaction surveys with their answers, the
context issues and interested parties changed over the years, one process review per
process for the period, the earlier management reviews with their decisions, and an
action plan of 20,000 actions (risk treatments, corrective actions of the
nonconformities, improvements, actions decided by reviews). Then, for a management
review of one year (the last whole calendar year), it measures:

* services.review_compile: median time over N runs and number of SQL queries;
* each section compiler of reviews.inputs on its own: median time, queries, rows and
  size of the snapshot;
* the review pack PDF (reviews.pdf.render_review_pack): median time, size (KB) and pages
  (pypdf);
* the review page and the pack through django.test.Client: median server time, queries.

    DEBUG=1 .venv/bin/python bench/reviews.py [--services 220] [--indicators 4800]
        [--years 5] [--runs 3] [--small]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3). The volume is written with bulk_create, not through
the services: the aim is the volume, read back by the review.
"""

import argparse
import datetime
import io
import json
import os
import random
import shutil
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named reviews.py: its folder must not shadow the `reviews` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 93
BATCH = 2_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=220,
                        help="services, directions included (one direction per 11)")
    parser.add_argument("--processes", type=int, default=1_000)
    parser.add_argument("--risks", type=int, default=5_000)
    parser.add_argument("--objectives", type=int, default=1_500, help="service objectives")
    parser.add_argument("--indicators", type=int, default=4_800)
    parser.add_argument("--years", type=int, default=5, help="years of history")
    parser.add_argument("--audits", type=int, default=40, help="audits a year")
    parser.add_argument("--feedback", type=int, default=5_000,
                        help="complaints and requests a year")
    parser.add_argument("--actions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of each measure (the median is shown)")
    parser.add_argument("--requests", type=int, default=5, help="requests per measured page")
    parser.add_argument("--small", action="store_true",
                        help="a quick check: about a tenth of the volume, 2 years, 1 run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    if args.small:
        args.services, args.processes, args.risks, args.objectives = 22, 100, 500, 150
        args.indicators, args.years, args.audits, args.feedback = 480, 2, 10, 500
        args.actions, args.runs, args.requests = 2_000, 1, 3
    args.years = max(1, args.years)
    args.services = max(2, args.services)
    return args


class Result:
    def __init__(self, **fields):
        self.__dict__.update(fields)


@contextmanager
def explicit_dates(*fields):
    """Let bulk_create write the `created_at` given (auto_now_add would stamp today and
    put five years of history in the review's future)."""
    saved = [(f, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in saved:
            f.auto_now_add = value


def aware(day, hour=10):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def periods_back(last, count):
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))


# --- Generation -------------------------------------------------------------------------------
def generate(args, progress):  # noqa: C901, PLR0915 - one long, linear script
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from actions.models import Action
    from audits.models import Audit, AuditProgramme, Finding, Nonconformity
    from feedback.models import Answer, Question, Survey, SurveyResponse, UserFeedback
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
    from processes.models import ContextIssue, InterestedParty, Process, Risk, RiskSheet
    from qms import roles
    from qms.models import Service, User
    from reviews import services as review_services
    from reviews.models import ManagementReview, ProcessReview, ReviewDecision, Status

    rng = random.Random(SEED)
    today = timezone.localdate()
    first_year = today.year - args.years + 1
    history_start = datetime.date(first_year, 1, 1)
    span = (today - history_start).days
    password = make_password("demo")
    groups = {g.name: g for g in Group.objects.all()}
    started = time.perf_counter()

    def day_in(year):
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), today)
        return start + datetime.timedelta(days=rng.randint(0, (end - start).days))

    def any_day():
        return history_start + datetime.timedelta(days=rng.randint(0, span))

    def step(message):
        progress(f"  {message} ({time.perf_counter() - started:.0f} s)")

    with transaction.atomic(), disable_reference_index_auto_update():
        # Organisation: one direction per 11 services, pilots and agents.
        n_directions = max(1, round(args.services / 11))
        directions = Service.objects.bulk_create([
            Service(code=f"dir-{d:03d}", name=f"Direction {d}", kind="direction")
            for d in range(n_directions)
        ])
        leaf = Service.objects.bulk_create([
            Service(code=f"svc-{s:04d}", name=f"Service {s:04d}",
                    parent=directions[s % n_directions])
            for s in range(args.services - n_directions)
        ])
        users = User.objects.bulk_create(
            [User(username=f"pilote-{s.code}", service=s, password=password,
                  email=f"pilote-{s.code}@example.org", first_name="Pilote", last_name=s.code)
             for s in leaf]
            + [User(username=f"agent-{s.code}-{n}", service=s, password=password,
                    email=f"agent-{s.code}-{n}@example.org") for s in leaf for n in range(2)],
            batch_size=BATCH,
        )
        pilots = {s.pk: users[i] for i, s in enumerate(leaf)}
        agents = {s.pk: [u for u in users[len(leaf):] if u.service_id == s.pk] for s in leaf}
        quality = User.objects.create(username="qualite", service=leaf[0], password=password,
                                      email="qualite@example.org", first_name="Responsable",
                                      last_name="Qualité")
        director = User.objects.create(username="dgs", service=directions[0],
                                       password=password, email="dgs@example.org")
        memberships = User.groups.through
        memberships.objects.bulk_create(
            [memberships(user=u, group=groups[roles.PILOT]) for u in pilots.values()]
            + [memberships(user=u, group=groups[roles.AGENT])
               for lst in agents.values() for u in lst]
            + [memberships(user=quality, group=groups[roles.QUALITY_ENGINEER]),
               memberships(user=director, group=groups[roles.DIRECTION])],
            batch_size=BATCH,
        )
        step(f"{len(directions)} directions, {len(leaf)} services, {len(users) + 2} users")

        # Processes, risk sheets, risks and opportunities.
        families = ["management"] * 15 + ["realisation"] * 60 + ["support"] * 25
        processes = Process.objects.bulk_create([
            Process(code=f"PRC-{n:04d}", name=f"Processus {n}",
                    family=families[n % len(families)], service=leaf[n % len(leaf)],
                    pilot=pilots[leaf[n % len(leaf)].pk], map_order=n % 30000)
            for n in range(args.processes)
        ], batch_size=BATCH)
        sheets = RiskSheet.objects.bulk_create([
            RiskSheet(process=p, service=p.service, title=f"Fiche de risques {p.code}")
            for p in processes
        ], batch_size=BATCH)
        treatments_risk = ["accept", "reduce", "reduce", "transfer", "avoid", ""]
        risks = []
        for n in range(args.risks):
            sheet = sheets[n % len(sheets)]
            opportunity = n % 10 == 0
            likelihood, severity = rng.randint(1, 4), rng.randint(1, 4)
            treated = rng.random() < 0.6
            risks.append(Risk(
                sheet=sheet, reference=f"R-{n:05d}",
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
        risks = Risk.objects.bulk_create(risks, batch_size=BATCH)
        step(f"{len(processes)} processes and risk sheets, {len(risks)} risks")

        # Context: issues and interested parties created and changed over the years.
        issue_kinds = [k for k, _l in ContextIssue.Kind.choices]
        issue_categories = [k for k, _l in ContextIssue.Category.choices]
        trends = [k for k, _l in ContextIssue.Trend.choices]
        party_categories = [k for k, _l in InterestedParty.Category.choices]
        for year in range(first_year, today.year + 1):
            when = aware(day_in(year))
            bulk_create_with_history([
                ContextIssue(kind=rng.choice(issue_kinds), category=rng.choice(issue_categories),
                             title=f"Enjeu {year}-{n}", trend=rng.choice(trends))
                for n in range(20)
            ], ContextIssue, default_user=quality, default_date=when)
            bulk_create_with_history([
                InterestedParty(name=f"Partie intéressée {year}-{n}",
                                category=rng.choice(party_categories),
                                needs_and_expectations="Besoins et attentes")
                for n in range(10)
            ], InterestedParty, default_user=quality, default_date=when)

        # Strategy and indicators.
        programme = Programme.objects.create(name=f"Programme municipal {first_year}-"
                                             f"{today.year + 1}", start_year=first_year,
                                             end_year=today.year + 1)
        axes = [StrategicAxis.objects.create(programme=programme, code=f"AXE-{i}",
                                             title=f"Axe stratégique {i}", order=i)
                for i in range(1, 6)]
        strategic = Objective.objects.bulk_create([
            Objective(kind="strategic", code=f"OS-{i // 6 + 1}.{i % 6 + 1}",
                      title=f"Objectif stratégique {i + 1}", axis=axes[i // 6],
                      service=leaf[i % len(leaf)], owner=pilots[leaf[i % len(leaf)].pk],
                      start_year=first_year, end_year=today.year + 1)
            for i in range(30)
        ])
        service_objectives = Objective.objects.bulk_create([
            Objective(kind="service", code=f"OBJ-{n:05d}", title=f"Objectif de service {n}",
                      activity=f"Activité {n % 7}", service=leaf[n % len(leaf)],
                      owner=pilots[leaf[n % len(leaf)].pk],
                      start_year=first_year, end_year=today.year + 1)
            for n in range(args.objectives)
        ], batch_size=BATCH)
        indicators = []
        for i in range(args.indicators):
            service = leaf[i % len(leaf)]
            lower = i % 2 == 0
            indicators.append(Indicator(
                code=f"IND-{i + 1:05d}", title=f"Indicateur {i + 1}",
                unit="jours" if lower else "%",
                frequency=Frequency.QUARTERLY if i % 3 == 2 else Frequency.MONTHLY,
                direction="lower" if lower else "higher", service=service,
                owner=pilots[service.pk],
                alert_threshold=(12 if lower else 85) if rng.random() < 0.7 else None,
                critical_threshold=15 if lower else 75,
            ))
        indicators = Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        objective_links = Indicator.objectives.through
        link_rows = [objective_links(indicator=ind, objective=service_objectives[
            i % len(service_objectives)]) for i, ind in enumerate(indicators)
            if service_objectives]
        link_rows += [objective_links(indicator=ind, objective=strategic[i % len(strategic)])
                      for i, ind in enumerate(indicators) if i % 10 == 0]
        objective_links.objects.bulk_create(link_rows, batch_size=BATCH)
        process_links = Indicator.processes.through
        process_links.objects.bulk_create([
            process_links(indicator=ind, process=processes[i % len(processes)])
            for i, ind in enumerate(indicators) if i % 3 != 1
        ], batch_size=BATCH)
        years = list(range(first_year, today.year + 1))
        IndicatorTarget.objects.bulk_create([
            IndicatorTarget(indicator=ind, year=year, value=10 if ind.direction == "lower" else 90)
            for ind in indicators for year in years
        ], batch_size=BATCH)
        calendars = {
            Frequency.MONTHLY: periods_back(Period.last_closed(today, Frequency.MONTHLY),
                                            args.years * 12),
            Frequency.QUARTERLY: periods_back(Period.last_closed(today, Frequency.QUARTERLY),
                                              args.years * 4),
        }
        count, buffer = 0, []
        for i, ind in enumerate(indicators):
            level = 10 if ind.direction == "lower" else 88
            owner = pilots[ind.service_id]
            for period in calendars[ind.frequency]:
                buffer.append(Measurement(
                    indicator=ind, period=period.label, period_start=period.start,
                    value=round(max(level * (1 + rng.gauss(0, 0.15)), 0), 2),
                    origin="import", entered_by=owner))
            if len(buffer) >= 20_000 or i == len(indicators) - 1:
                Measurement.objects.bulk_create(buffer, batch_size=BATCH)
                count += len(buffer)
                buffer = []
        step(f"{len(strategic) + len(service_objectives)} objectives, {len(indicators)} "
             f"indicators, {count} measurements")

        # Complaints and requests, satisfaction surveys.
        feedback = []
        for year in years:
            for n in range(args.feedback):
                received = day_in(year)
                complaint = rng.random() < 0.3
                answered = received + datetime.timedelta(days=rng.randint(1, 40))
                answered = answered if answered <= today and rng.random() < 0.95 else None
                feedback.append(UserFeedback(
                    reference=f"RR-{year}-{n + 1:05d}",
                    kind="complaint" if complaint else "request",
                    channel=rng.choice(["desk", "phone", "mail", "web", "app"]),
                    service=leaf[rng.randrange(len(leaf))], subject=f"Demande {n}",
                    received_on=received, acknowledged_on=received,
                    answered_on=answered, answer="Réponse" if answered else "",
                    justified=rng.choice(["yes", "no", "unknown"]) if complaint else "unknown",
                    recorded_by=quality,
                ))
        feedback = UserFeedback.objects.bulk_create(feedback, batch_size=BATCH)
        surveys = Survey.objects.bulk_create([
            Survey(title=f"Enquête de satisfaction {year}-{n}", status="closed",
                   service=leaf[n % len(leaf)], opens_on=datetime.date(year, 1 + n, 1),
                   closes_on=datetime.date(year, 1 + n, 28), token=f"bench-{year}-{n}")
            for year in years for n in range(10)
        ])
        questions = Question.objects.bulk_create([
            Question(survey=s, order=q, text=f"Question {q}",
                     kind="text" if q == 4 else "scale", required=q != 4)
            for s in surveys for q in range(5)
        ])
        by_survey = {}
        for q in questions:
            by_survey.setdefault(q.survey_id, []).append(q)
        responses = SurveyResponse.objects.bulk_create([
            SurveyResponse(survey=s, submission_key=f"{s.pk}-{r}")
            for s in surveys for r in range(100)
        ], batch_size=BATCH)
        Answer.objects.bulk_create([
            Answer(response=r, question=q,
                   scale_value=rng.randint(1, 5) if q.kind == "scale" else None,
                   text="Très bien" if q.kind == "text" else "")
            for r in responses for q in by_survey[r.survey_id]
        ], batch_size=BATCH)
        step(f"{len(feedback)} complaints and requests, {len(surveys)} surveys, "
             f"{len(responses)} responses")

        # Audits, findings, nonconformities.
        nc_fields = [Nonconformity._meta.get_field("created_at"),
                     Audit._meta.get_field("created_at")]
        with explicit_dates(*nc_fields):
            programmes = AuditProgramme.objects.bulk_create([
                AuditProgramme(year=year, title=f"Programme d'audit {year}",
                               objectives="Objectifs", scope="Périmètre", status="approved",
                               approved_by=director, approved_at=aware(datetime.date(year, 1, 5)))
                for year in years
            ])
            audits = []
            for programme_ in programmes:
                for n in range(args.audits):
                    start = datetime.date(programme_.year, 1, 10) + datetime.timedelta(
                        days=int(340 * n / max(1, args.audits)))
                    held = start < today
                    audits.append(Audit(
                        programme=programme_, reference=f"AUD-{programme_.year}-{n + 1:03d}",
                        title=f"Audit {n + 1} de {programme_.year}",
                        kind=rng.choice(["internal"] * 6 + ["external", "certification",
                                                            "supplier"]),
                        status=("closed" if start < today - datetime.timedelta(days=60)
                                else "reported") if held else "planned",
                        planned_start=start, planned_end=start + datetime.timedelta(days=1),
                        held_start=start if held else None,
                        held_end=start + datetime.timedelta(days=1) if held else None,
                        conclusions="Conclusions" if held else "",
                        criteria_met=rng.choice(["fully", "largely", "partly"]) if held else "",
                        created_at=aware(datetime.date(programme_.year, 1, 5)),
                    ))
            audits = Audit.objects.bulk_create(audits, batch_size=BATCH)
            audit_services = Audit.services.through
            audit_services.objects.bulk_create([
                audit_services(audit=a, service=leaf[(i * 7 + k) % len(leaf)])
                for i, a in enumerate(audits) for k in range(2)
            ], batch_size=BATCH)
            audit_processes = Audit.processes.through
            audit_processes.objects.bulk_create([
                audit_processes(audit=a, process=processes[i % len(processes)])
                for i, a in enumerate(audits)
            ], batch_size=BATCH)
            kinds = ["major_nc", "minor_nc", "minor_nc", "observation", "observation",
                     "opportunity", "strength", "strength"]
            findings = []
            for i, a in enumerate(audits):
                if a.held_start is None:
                    continue
                for k in range(8):
                    kind = kinds[(i + k) % len(kinds)] if rng.random() < 0.8 else "strength"
                    findings.append(Finding(
                        audit=a, kind=kind, clause_reference=f"{rng.randint(4, 10)}.{k + 1}",
                        process=processes[i % len(processes)],
                        service=leaf[(i * 7 + k % 2) % len(leaf)],
                        description=f"Constat {k + 1} de {a.reference}", evidence="Preuve",
                        order=k))
            findings = Finding.objects.bulk_create(findings, batch_size=BATCH)
            audit_of = {a.pk: a for a in audits}
            nc_statuses = ["open", "analysed", "actions", "effectiveness", "closed", "closed",
                           "closed"]
            ncs, number = [], {}
            complaint_type = ContentType.objects.get_for_model(UserFeedback)

            def nc(detected, **fields):
                number[detected.year] = number.get(detected.year, 0) + 1
                status = rng.choice(nc_statuses)
                closed = min(detected + datetime.timedelta(days=rng.randint(20, 200)), today)
                ncs.append(Nonconformity(
                    reference=f"NC-{detected.year}-{number[detected.year]:04d}",
                    detected_at=detected, status=status,
                    target_closure_date=detected + datetime.timedelta(days=90),
                    closed_at=closed if status == "closed" else None,
                    closed_by=quality if status == "closed" else None,
                    root_cause="Cause racine" if status != "open" else "",
                    analysis_method="five_whys" if status != "open" else "",
                    created_at=aware(detected), created_by=quality, detected_by=quality,
                    description="Description", **fields))

            for f in findings:
                if f.kind in Finding.NC_KINDS:
                    a = audit_of[f.audit_id]
                    nc(a.held_start, title=f"Écart {f.clause_reference} ({a.reference})",
                       severity="major" if f.kind == "major_nc" else "minor",
                       source_kind="audit", finding=f, service_id=f.service_id,
                       process_id=f.process_id, source_label=a.reference)
            complaints = [f for f in feedback if f.kind == "complaint" and f.justified == "yes"]
            for f in complaints[::10]:
                nc(f.received_on, title=f"Réclamation {f.reference}", severity="minor",
                   source_kind="complaint", source_content_type=complaint_type,
                   source_object_id=f.pk, source_label=f.reference, service_id=f.service_id)
            for _n in range(20 * len(years)):
                service = leaf[rng.randrange(len(leaf))]
                nc(any_day(), title="Détection interne", severity="minor",
                   source_kind="internal", service=service)
            ncs = Nonconformity.objects.bulk_create(ncs, batch_size=BATCH)
        step(f"{len(programmes)} audit programmes, {len(audits)} audits, {len(findings)} "
             f"findings, {len(ncs)} nonconformities")

        # The earlier management reviews and their decisions; this period's process reviews.
        period_start = datetime.date(today.year - 1, 1, 1)
        period_end = datetime.date(today.year - 1, 12, 31)
        earlier = ManagementReview.objects.bulk_create([
            ManagementReview(title=f"Revue de direction {year}",
                             period_start=datetime.date(year, 1, 1),
                             period_end=datetime.date(year, 12, 31),
                             held_on=datetime.date(year + 1, 2, 15), status=Status.VALIDATED,
                             validated_by=quality,
                             validated_at=aware(datetime.date(year + 1, 2, 15)),
                             compiled_at=aware(datetime.date(year + 1, 2, 1)),
                             created_by=quality)
            for year in range(first_year, today.year - 1)
        ])
        decisions = ReviewDecision.objects.bulk_create([
            ReviewDecision(review=r, kind=rng.choice(["improvement", "qms_change",
                                                      "resources"]),
                           text=f"Décision {n + 1} de la {r.title}",
                           owner=pilots[leaf[n % len(leaf)].pk], service=leaf[n % len(leaf)],
                           due_date=r.held_on + datetime.timedelta(days=rng.randint(60, 300)))
            for r in earlier for n in range(15)
        ])
        ProcessReview.objects.bulk_create([
            ProcessReview(process=p, period_start=period_start, period_end=period_end,
                          held_on=datetime.date(today.year, 1, 20) if i % 3 else None,
                          status=Status.VALIDATED if i % 3 else Status.PREPARATION,
                          validated_by=quality if i % 3 else None,
                          validated_at=aware(datetime.date(today.year, 1, 20)) if i % 3 else None,
                          comment="Analyse du pilote")
            for i, p in enumerate(processes)
        ], batch_size=BATCH)
        step(f"{len(earlier)} earlier management reviews, {len(decisions)} decisions, "
             f"{len(processes)} process reviews")

        # The action plan.
        risk_type = ContentType.objects.get_for_model(Risk)
        nc_type = ContentType.objects.get_for_model(Nonconformity)
        decision_type = ContentType.objects.get_for_model(ReviewDecision)
        statuses = ["planned", "in_progress", "in_progress", "done", "done", "cancelled"]
        others = [k for k, _l in Action.Kind.choices if k not in ("risk_treatment",)]
        actions = []
        with explicit_dates(Action._meta.get_field("created_at")):
            for n in range(args.actions):
                service = leaf[n % len(leaf)]
                created = any_day()
                start = created
                due = start + datetime.timedelta(days=rng.randint(15, 400))
                status = rng.choice(statuses)
                source, kind, label = None, rng.choice(others), ""
                if n % 4 == 0 and risks:
                    source, kind = (risk_type, risks[n % len(risks)].pk), "risk_treatment"
                    label = f"Risque {risks[n % len(risks)].reference}"
                elif n % 4 == 1 and ncs:
                    target = ncs[(n // 4) % len(ncs)]
                    source, kind, label = (nc_type, target.pk), "corrective", target.reference
                    service = target.service
                elif n % 200 == 2 and decisions:
                    d = decisions[(n // 200) % len(decisions)]
                    source, kind, label = (decision_type, d.pk), "improvement", str(d)
                    service = d.service
                    created = d.review.held_on
                    start, due = created, d.due_date
                completed = min(due, today) if status == "done" else None
                action = Action(
                    reference=f"ACT-{created.year}-{n:05d}", title=f"Action {n}", kind=kind,
                    owner=rng.choice([pilots[service.pk], *agents[service.pk]]),
                    service=service, start_date=start, due_date=due, status=status,
                    progress=100 if status == "done" else rng.randint(0, 90),
                    completed_at=completed,
                    cancellation_reason="Devenue sans objet" if status == "cancelled" else "",
                    created_at=aware(created), created_by=quality, source_label=label[:255])
                if source:
                    action.source_content_type, action.source_object_id = source
                if kind == "corrective" and status == "done":
                    action.effectiveness_verdict = "effective"
                    action.effectiveness_checked_at = completed
                    action.effectiveness_evidence = "Contrôle réalisé"
                actions.append(action)
            Action.objects.bulk_create(actions, batch_size=BATCH)
        step(f"{len(actions)} actions")

    # The review measured, created through the service (as the quality engineer).
    review = review_services.review_create(
        title=f"Revue de direction {period_start.year}", period_start=period_start,
        period_end=period_end, user=quality, participants=[director, *list(pilots.values())[:8]],
        place="Salle du conseil", external_participants="Maire\nAdjoint à la qualité",
        minutes="Compte rendu de la revue.",
    )
    return Result(
        review=review, quality=quality, director=director, services=len(leaf),
        directions=len(directions), processes=len(processes), risks=len(risks),
        objectives=len(strategic) + len(service_objectives), indicators=len(indicators),
        measurements=count, audits=len(audits), findings=len(findings), ncs=len(ncs),
        feedback=len(feedback), surveys=len(surveys), actions=len(actions),
    )


# --- Measures ---------------------------------------------------------------------------------
def timed(func, runs):
    """(median seconds, queries of the first run, result of the last run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], None, None
    for _run in range(max(1, runs)):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - started)
        if queries is None:
            queries = len(captured.captured_queries)
    return statistics.median(times), queries, result


def measure_sections(review, runs):
    from reviews import inputs
    from reviews.models import MANUAL_SECTIONS, Section

    rows = []
    for key, label in Section.choices:
        seconds, queries, data = timed(
            lambda key=key: inputs.compile(key, start=review.period_start,
                                           end=review.period_end), runs)
        if key in MANUAL_SECTIONS:
            state = "manual"
        elif not data.get("available", True):
            state = "unavailable"
        else:
            state = ""
        rows.append({
            "label": str(label), "ms": seconds * 1000, "queries": queries,
            "rows": sum(len(t["rows"]) for t in data.get("tables", [])),
            "kb": len(json.dumps(data, default=str)) / 1024, "state": state,
        })
    return rows


def measure_pdf(review, runs):
    from pypdf import PdfReader

    from reviews.pdf import render_review_pack
    from reviews.views import _review

    seconds, queries, data = timed(lambda: render_review_pack(_review(review.pk)), runs)
    return {"ms": seconds * 1000, "queries": queries, "kb": len(data) / 1024,
            "pages": len(PdfReader(io.BytesIO(data)).pages)}


def main():
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    # Quiet the per-task log lines of the reference index (one per saved section).
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-rev-")
    from django.conf import settings
    from django.test import Client

    from indicators.models import Indicator
    from reviews import services as review_services
    from reviews.models import ManagementReview

    progress(f"  {settings.DATABASES['default']['NAME']} in {migrate_seconds:.1f} s")
    if Indicator.objects.exists() or ManagementReview.objects.exists():
        sys.exit("The database already holds data: point DATABASE_URL at an empty one.")
    progress(f"Generating {args.services} services, {args.processes} processes, "
             f"{args.indicators} indicators, {args.years} years of history...")
    started = time.perf_counter()
    result = generate(args, progress)
    generation_seconds = time.perf_counter() - started
    review = result.review

    progress(f"Compiling the review ({args.runs} runs)...")
    compile_seconds, compile_queries, _r = timed(
        lambda: review_services.review_compile(review=review, user=result.quality), args.runs)
    progress(f"  review_compile: {compile_seconds * 1000:.0f} ms")
    progress("Compiling each section...")
    sections = measure_sections(review, args.runs)
    progress("Rendering the review pack PDF...")
    pdf = measure_pdf(review, args.runs)
    progress(f"  {pdf['ms']:.0f} ms, {pdf['pages']} pages")
    progress(f"Measuring the pages ({args.requests} requests each)...")
    client = Client(HTTP_HOST="localhost")
    client.force_login(result.quality)
    pages = [(label, url, measure(client, url, args.requests)) for label, url in [
        ("Review page", review.get_absolute_url()),
        ("Review pack PDF (view)", f"{review.get_absolute_url()}dossier.pdf"),
    ]]

    print()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Services: {result.services} (+{result.directions} directions)   processes: "
          f"{result.processes}   risks: {result.risks}   objectives: {result.objectives}   "
          f"indicators: {result.indicators}   measurements: {result.measurements}")
    print(f"Audits: {result.audits}   findings: {result.findings}   nonconformities: "
          f"{result.ncs}   complaints and requests: {result.feedback}   surveys: "
          f"{result.surveys}   actions: {result.actions}")
    print(f"Review period: {review.period_start} – {review.period_end}   runs: {args.runs}   "
          f"generation: {generation_seconds:.0f} s   migrate: {migrate_seconds:.0f} s   "
          f"database: {engine}")
    print()
    print(f"{'Measure':<72} {'median ms':>9} {'queries':>7} {'rows':>6} {'KB':>7}")
    print(f"{'services.review_compile (all sections, saved)':<72} "
          f"{compile_seconds * 1000:>9.1f} {compile_queries:>7}")
    for s in sections:
        suffix = f"  ({s['state']})" if s["state"] else ""
        print(f"{'  ' + s['label'][:70]:<72} {s['ms']:>9.1f} {s['queries']:>7} "
              f"{s['rows']:>6} {s['kb']:>7.1f}{suffix}")
    print(f"{'  sum of the sections':<72} {sum(s['ms'] for s in sections):>9.1f} "
          f"{sum(s['queries'] for s in sections):>7} {sum(s['rows'] for s in sections):>6} "
          f"{sum(s['kb'] for s in sections):>7.1f}")
    print(f"{'reviews.pdf.render_review_pack':<72} {pdf['ms']:>9.1f} {pdf['queries']:>7} "
          f"{'':>6} {pdf['kb']:>7.0f}  ({pdf['pages']} pages)")
    for label, url, m in pages:
        if "error" in m:
            print(f"{'GET ' + label:<72} {m['error']}  {url}")
            continue
        print(f"{'GET ' + label + ' (' + url + ')':<72} {m['median']:>9.1f} {m['queries']:>7} "
              f"{'':>6} {m['kb']:>7.0f}  (p90 {m['p90']:.0f} ms, n={m['requests']}, "
              f"slowest SQL {m['slowest_ms']:.0f} ms)")
    slow = [(label, m) for label, _u, m in pages if m.get("slowest_ms", 0) > 100]
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
