"""Benchmark of the innovation & performance programme at 10x the seeds.

The seeds: 10 themes and working groups, 134 participants, ~60 meetings, ~200
proposals through arbitration, 12 contracts under 4 axes, 178 actions, 3.5 M€, a year
of monthly reports. At 10x (the default): 100 themes and groups, 1,340 participants,
600 meetings with their attendees, 2,000 proposals with their arbitrations, 120
contracts under 40 axes, 1,780 funded actions (actions of the one action plan) in every
state, 35 M€, 12 monthly reports per contract, 40 steering committees.

It measures, through django.test.Client as the direction's user:

* the programme dashboard (median server time, SQL queries, size);
* the quarterly steering pack PDF (median time, queries, pages read back with pypdf);
* a contract's page, the proposals list and the programme page, for comparison.

    DEBUG=1 .venv/bin/python bench/innovation.py [--scale 10] [--requests 5] [--small]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3). The volume is written with bulk_create, not through
the services: the aim is the volume, read back by the pages.
"""

import argparse
import datetime
import io
import os
import random
import shutil
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named innovation.py: its folder must not shadow the `innovation` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 61
BATCH = 2_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="times the seeds")
    parser.add_argument("--requests", type=int, default=5, help="requests per measured page")
    parser.add_argument("--small", action="store_true", help="the seeds' size (scale 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()
    if args.small:
        args.scale = 1
    args.scale = max(1, args.scale)
    return args


def generate(scale, progress):  # noqa: PLR0915 - one long, linear script
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from actions.models import Action
    from innovation.models import (
        Arbitration,
        ArbitrationLevel,
        Axis,
        Body,
        Contract,
        ContractReport,
        FundedAction,
        Idea,
        InnovationProgramme,
        InventoryItem,
        Meeting,
        Membership,
        News,
        Proposal,
        SteeringCommittee,
        SteeringDecision,
        Theme,
        WorkingGroup,
    )
    from qms import roles
    from qms.models import Service, User

    rng = random.Random(SEED)
    today = timezone.localdate()
    start = today.replace(day=1) - datetime.timedelta(days=420)
    password = make_password("demo")
    groups = {g.name: g for g in Group.objects.all()}
    started = time.perf_counter()

    def step(message):
        progress(f"  {message} ({time.perf_counter() - started:.0f} s)")

    with transaction.atomic():
        directions = Service.objects.bulk_create([
            Service(code=f"dir-{d:02d}", name=f"Direction {d}", kind="direction")
            for d in range(max(2, 2 * scale))])
        services = Service.objects.bulk_create([
            Service(code=f"svc-{s:03d}", name=f"Service {s:03d}",
                    parent=directions[s % len(directions)]) for s in range(22 * scale)])
        people = User.objects.bulk_create([
            User(username=f"agent-{n:05d}", service=services[n % len(services)],
                 password=password, email=f"agent-{n:05d}@example.org",
                 first_name="Agent", last_name=f"{n:05d}") for n in range(134 * scale + 40)],
            batch_size=BATCH)
        director = User.objects.create(username="dgs", service=directions[0], password=password,
                                       email="dgs@example.org")
        mayor = User.objects.create(username="maire", service=directions[0], password=password)
        through = User.groups.through
        through.objects.bulk_create(
            [through(user=director, group=groups[roles.DIRECTION]),
             through(user=mayor, group=groups[roles.DIRECTION])]
            + [through(user=u, group=groups[roles.AGENT]) for u in people], batch_size=BATCH)
        step(f"{len(services)} services, {len(people) + 2} users")

        programme = InnovationProgramme.objects.create(
            name="Démarche innovation et performance (banc d'essai)", code="banc",
            starts_on=start, ends_on=start + datetime.timedelta(days=900),
            status=InnovationProgramme.Status.CONTRACTS, coordinator=director,
            operating_envelope=Decimal(1_200_000 * scale),
            investment_envelope=Decimal(2_500_000 * scale))
        programme.bodies.set(Body.objects.bulk_create([
            Body(name="Ville (banc)"), Body(name="Agglomération (banc)",
                                            kind=Body.Kind.INTERCOMMUNALITY),
            Body(name="CIAS (banc)", kind=Body.Kind.CIAS)]))
        levels = ArbitrationLevel.objects.bulk_create([
            ArbitrationLevel(programme=programme, order=1, name="Référent DG",
                             kind=ArbitrationLevel.Kind.REFERENT),
            ArbitrationLevel(programme=programme, order=2, name="COPIL",
                             kind=ArbitrationLevel.Kind.COMMITTEE),
            ArbitrationLevel(programme=programme, order=3, name="Maire",
                             kind=ArbitrationLevel.Kind.MAYOR)])
        levels[1].arbiters.set([director])
        levels[2].arbiters.set([mayor])
        axes = Axis.objects.bulk_create([
            Axis(programme=programme, number=n + 1, title=f"Axe {n + 1}")
            for n in range(4 * scale)])
        themes = Theme.objects.bulk_create([
            Theme(programme=programme, number=n + 1, title=f"Thème {n + 1}",
                  description="Un thème de travail.") for n in range(10 * scale)])
        participants = people[:134 * scale]
        wgs = WorkingGroup.objects.bulk_create([
            WorkingGroup(theme=t, facilitator=participants[i * 13], referent=director,
                         charter="Charte du groupe.") for i, t in enumerate(themes)])
        members = [Membership(group=g, user=participants[(i * 13 + k) % len(participants)],
                              is_manager=k < 3, is_volunteer=k % 2 == 0)
                   for i, g in enumerate(wgs) for k in range(1, 14)]
        Membership.objects.bulk_create(members, batch_size=BATCH)
        meetings = Meeting.objects.bulk_create([
            Meeting(group=g, number=n + 1, date=start + datetime.timedelta(days=14 * n + i % 7),
                    status=Meeting.Status.HELD, agenda="Ordre du jour.",
                    minutes="Compte rendu de la réunion : " + "échanges. " * 20)
            for i, g in enumerate(wgs) for n in range(6)], batch_size=BATCH)
        attendees = Meeting.attendees.through
        attendees.objects.bulk_create([
            attendees(meeting=m, user_id=members[(m.group_id * 7 + k) % len(members)].user_id)
            for m in meetings for k in range(8)], batch_size=BATCH, ignore_conflicts=True)
        InventoryItem.objects.bulk_create([
            InventoryItem(group=g, kind=kind, title=f"{kind} {k}", how_to_keep="x",
                          causes="x", gains="x")
            for g in wgs for k, kind in enumerate(["strength", "weakness", "opportunity"] * 2)],
            batch_size=BATCH)
        Idea.objects.bulk_create([
            Idea(theme=rng.choice(themes), author=rng.choice(people), title=f"Idée {n}",
                 description="Une idée d'agent.") for n in range(40 * scale)], batch_size=BATCH)
        step(f"{len(themes)} themes and groups, {len(members)} memberships, "
             f"{len(meetings)} meetings")

        statuses = ([Proposal.Status.ACCEPTED] * 12 + [Proposal.Status.REJECTED] * 3
                    + [Proposal.Status.IN_ARBITRATION] * 3 + [Proposal.Status.TO_MODIFY]
                    + [Proposal.Status.DRAFT])
        proposals = Proposal.objects.bulk_create([
            Proposal(reference=f"PRP-{start.year}-{n + 1:04d}", theme=themes[n % len(themes)],
                     title=f"Proposition {n + 1}", description="Description.",
                     deadline=start + datetime.timedelta(days=600),
                     expected_results="Résultats attendus.",
                     operating_budget=Decimal(rng.randint(0, 40) * 1000),
                     investment_budget=Decimal(rng.randint(0, 80) * 1000),
                     status=(status := statuses[n % len(statuses)]),
                     current_level=levels[n % 3] if status == "in_arbitration" else None,
                     round=0 if status == "draft" else 1)
            for n in range(200 * scale)], batch_size=BATCH)
        arbitrations = []
        for p in proposals:
            if p.status == "accepted":
                decided = [(lvl, "accepted") for lvl in levels]
            elif p.status == "rejected":
                decided = [(levels[0], "accepted"), (levels[1], "rejected")]
            elif p.status == "to_modify":
                decided = [(levels[0], "to_modify")]
            elif p.status == "in_arbitration":
                decided = [(lvl, "accepted") for lvl in levels[:p.current_level.order - 1]]
            else:
                decided = []
            arbitrations += [Arbitration(proposal=p, level=lvl, round=1, decision=d,
                                         comment="Avis motivé.", decided_by=director)
                             for lvl, d in decided]
        Arbitration.objects.bulk_create(arbitrations, batch_size=BATCH)
        step(f"{len(proposals)} proposals, {len(arbitrations)} arbitrations")

        contracts = Contract.objects.bulk_create([
            Contract(programme=programme, axis=axes[n % len(axes)], number=n + 1,
                     title=f"Contrat {n + 1}", manager=participants[n * 7 % len(participants)],
                     referent=director, objectives="Objectifs du contrat.",
                     deadline=start + datetime.timedelta(days=700),
                     status=Contract.Status.SIGNED, signed_on=start + datetime.timedelta(days=90))
            for n in range(12 * scale)])
        accepted = [p for p in proposals if p.status == "accepted"]
        for i, p in enumerate(accepted):
            p.contract = contracts[i % len(contracts)]
        Proposal.objects.bulk_update(accepted, ["contract"], batch_size=BATCH)
        contract_type = ContentType.objects.get_for_model(Contract)
        actions, funding = [], []
        for n in range(178 * scale):
            contract = contracts[n % len(contracts)]
            due = start + datetime.timedelta(days=rng.randint(120, 800))
            status = rng.choice(["done", "done", "in_progress", "in_progress", "planned"])
            po, pi = Decimal(rng.randint(0, 30) * 1000), Decimal(rng.randint(0, 60) * 1000)
            so, si = Decimal(rng.randint(0, 10) * 1000), Decimal(rng.randint(0, 10) * 1000)
            actions.append(Action(
                reference=f"ACT-{start.year}-{n + 1:05d}", title=f"Action {n + 1}",
                kind=Action.Kind.INNOVATION, source_content_type=contract_type,
                source_object_id=contract.pk, source_label=f"Contrat {contract}"[:255],
                owner=contract.manager, service=services[n % len(services)], due_date=due,
                status=status, progress=100 if status == "done" else rng.randint(0, 90),
                completed_at=due if status == "done" else None,
                operating_budget_planned=po + so, investment_budget_planned=pi + si,
                operating_budget_spent=(po + so) * Decimal("0.6") if status != "planned" else 0,
                investment_budget_spent=(pi + si) * Decimal("0.4") if status != "planned" else 0))
            funding.append((contract, po, pi, so, si, n % 17 == 0))
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        FundedAction.objects.bulk_create([
            FundedAction(contract=c, action=a, programme_operating=po, programme_investment=pi,
                         service_operating=so, service_investment=si,
                         committed=(po + pi) * Decimal("0.7"), is_blocked=blocked,
                         blocked_reason="Attente du marché" if blocked else "",
                         is_priority=a.pk % 6 == 0)
            for a, (c, po, pi, so, si, blocked) in zip(actions, funding, strict=True)],
            batch_size=BATCH)
        months = [(today.replace(day=1) - datetime.timedelta(days=31 * k)).replace(day=1)
                  for k in range(1, 13)]
        ContractReport.objects.bulk_create([
            ContractReport(contract=c, month=m, actions_total=15, actions_done=8,
                           actions_late=2, actions_blocked=1, budget_planned=Decimal(300_000),
                           budget_committed=Decimal(200_000), budget_spent=Decimal(120_000),
                           comment="Avancement conforme.", filled_by=c.manager)
            for c in contracts for m in months], batch_size=BATCH)
        committees = SteeringCommittee.objects.bulk_create([
            SteeringCommittee(programme=programme, held_on=months[k * 3 % 12],
                              title=f"COPIL {k + 1}", minutes="Relevé de décisions.")
            for k in range(4 * scale)])
        SteeringDecision.objects.bulk_create([
            SteeringDecision(committee=cm, contract=contracts[(i * 3 + k) % len(contracts)],
                             text="Décision du comité.")
            for i, cm in enumerate(committees) for k in range(3)])
        News.objects.bulk_create([
            News(programme=programme, contract=contracts[n % len(contracts)],
                 title=f"Nouvelle {n}", body="Texte.", author=director,
                 published_on=today - datetime.timedelta(days=n)) for n in range(10 * scale)])
        step(f"{len(contracts)} contracts, {len(actions)} actions, "
             f"{len(contracts) * len(months)} reports, {len(committees)} committees")
    return programme, contracts, director


def main():
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-innov-")
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from innovation.models import InnovationProgramme

    if InnovationProgramme.objects.exists():
        sys.exit("The database already holds data: point DATABASE_URL at an empty one.")
    progress(f"Generating a programme at {args.scale}x the seeds...")
    started = time.perf_counter()
    programme, contracts, director = generate(args.scale, progress)
    generation_seconds = time.perf_counter() - started

    client = Client(HTTP_HOST="localhost")
    client.force_login(director)
    code = programme.code
    pages = [
        ("Programme dashboard", reverse("innovation:dashboard", args=[code])),
        ("Steering pack PDF", reverse("innovation:steering_pack", args=[code])),
        ("Contract page", reverse("innovation:contract", args=[code, contracts[0].number])),
        ("Proposals list", reverse("innovation:proposals", args=[code])),
        ("Programme page", reverse("innovation:programme", args=[code])),
    ]
    progress(f"Measuring the pages ({args.requests} requests each)...")
    results = [(label, url, measure(client, url, args.requests)) for label, url in pages]
    pack = client.get(pages[1][1])
    pack_pages = len(PdfReader(io.BytesIO(pack.content)).pages) if pack.status_code == 200 \
        else None

    print()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"Scale: {args.scale}x the seeds   contracts: {len(contracts)}   generation: "
          f"{generation_seconds:.0f} s   migrate: {migrate_seconds:.0f} s   database: {engine}")
    print()
    print(f"{'Page':<40} {'median ms':>9} {'p90 ms':>7} {'queries':>7} {'KB':>7}")
    for label, url, m in results:
        if "error" in m:
            print(f"{label:<40} {m['error']}  {url}")
            continue
        extra = f"  ({pack_pages} pages)" if label.startswith("Steering") and pack_pages \
            else ""
        print(f"{label:<40} {m['median']:>9.1f} {m['p90']:>7.0f} {m['queries']:>7} "
              f"{m['kb']:>7.0f}{extra}")
    print(f"\nTotal run time: {time.perf_counter() - total_started:.0f} s")
    if args.keep:
        print(f"Database kept: {settings.DATABASES['default']['NAME']}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
