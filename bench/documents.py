"""Benchmark of the document library at 10x the reference commune (600 documents).

Generates 6,000 published documents with realistic French bodies, spread over about a
hundred process sheets and the 22 services, then measures, through django.test.Client,
the median server time and the number of SQL queries of a document page, the library
page and the search page.

    DEBUG=1 .venv/bin/python bench/documents.py [--documents 6000] [--sheets 100]

Works on a temporary SQLite database created with `migrate` (or on DATABASE_URL if set,
never on the project's db.sqlite3). Documents are created as Wagtail pages with
add_child + save_revision + revision.publish and their DocumentVersion rows written
directly, not through the approval workflow (which the demo loader exercises): the
aim is the volume, read back by the intranet pages.
"""

import argparse
import random
import shutil
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named documents.py: its folder must not shadow the `documents` app.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
from bench._common import measure, setup_database  # noqa: E402

SEED = 600


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=6000)
    parser.add_argument("--sheets", type=int, default=100)
    parser.add_argument("--requests", type=int, default=20, help="requests per measured page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args()


# --- Realistic French content ----------------------------------------------------------
ACTIONS = [
    "Gestion", "Traitement", "Contrôle", "Enregistrement", "Suivi", "Délivrance",
    "Préparation", "Vérification", "Organisation", "Archivage", "Instruction", "Planification",
]
SUBJECTS = {
    "qualite": ["des audits internes", "des indicateurs de service", "des non-conformités",
                "de la revue de direction", "des enquêtes de satisfaction"],
    "communication": ["du magazine municipal", "des publications sur le site internet",
                      "des réseaux sociaux", "de l'affichage réglementaire"],
    "juridique": ["des délibérations du conseil municipal", "des arrêtés du maire",
                  "des contentieux", "des assurances de la commune"],
    "police": ["des mains courantes", "des objets trouvés", "des fourrières",
               "de la surveillance des sorties d'école"],
    "accueil": ["de l'accueil physique des usagers", "de l'accueil téléphonique",
                "des rendez-vous de titres d'identité", "du courrier entrant",
                "des demandes d'usagers au guichet unique"],
    "etat-civil": ["des actes de naissance", "des dossiers de mariage", "des actes de décès",
                   "des mentions marginales", "des livrets de famille"],
    "elections": ["des listes électorales", "des bureaux de vote", "du recensement citoyen",
                  "des procurations"],
    "proprete": ["du balayage des voies", "des dépôts sauvages", "des corbeilles de rue",
                 "du nettoyage du marché", "des graffitis"],
    "espaces-verts": ["de la tonte des parcs", "de l'élagage des arbres", "des aires de jeux",
                      "du fleurissement", "de l'arrosage"],
    "voirie": ["des nids-de-poule", "de l'éclairage public", "de la signalisation",
               "des permissions de voirie", "des réseaux d'eaux pluviales"],
    "step": ["des prélèvements d'eaux usées", "des boues d'épuration", "des pompes de relevage",
             "de l'autosurveillance", "des alarmes de la station"],
    "batiments": ["de la maintenance des bâtiments", "des contrôles réglementaires",
                  "des chaufferies", "des registres de sécurité"],
    "marches": ["des consultations", "des bons de commande", "des avenants",
                "de l'analyse des offres"],
    "finances": ["des mandats de paiement", "des titres de recettes", "des régies",
                 "de la préparation budgétaire"],
    "rh": ["des congés", "des recrutements", "de la paie", "des entretiens professionnels",
           "de la formation des agents"],
    "dsi": ["des incidents informatiques", "des sauvegardes", "des comptes utilisateurs",
            "des postes de travail"],
    "ccas": ["des aides facultatives", "des domiciliations", "du portage de repas",
             "du registre des personnes vulnérables"],
    "petite-enfance": ["des inscriptions en crèche", "des repas en crèche",
                       "de l'accueil des enfants", "des protocoles d'hygiène"],
    "restauration": ["des températures des plats", "des denrées livrées", "des plats témoins",
                     "des régimes alimentaires"],
    "scolaire": ["des inscriptions scolaires", "de l'accueil périscolaire",
                 "des dérogations scolaires", "du transport scolaire"],
    "bibliotheque": ["des prêts de documents", "des acquisitions", "de l'accueil des classes",
                     "des animations"],
    "sports": ["des réservations de gymnases", "des équipements sportifs",
               "des subventions aux clubs", "de l'accueil des scolaires à la piscine"],
}
SHEET_NAMES = [
    "Accueil et orientation des usagers", "État civil", "Propreté urbaine", "Espaces verts",
    "Voirie", "Assainissement", "Restauration scolaire", "Petite enfance", "Action sociale",
    "Ressources humaines", "Marchés publics", "Finances", "Systèmes d'information",
    "Communication", "Pilotage et qualité", "Affaires juridiques", "Police municipale",
    "Élections", "Affaires scolaires", "Médiathèque", "Sports", "Bâtiments",
]
SENTENCES = [
    "Ce document décrit {objet} au sein du service {service}.",
    "Il s'applique à tous les agents qui interviennent dans {objet}, titulaires comme "
    "contractuels.",
    "L'objectif est de garantir aux usagers un service fiable, rendu dans les délais annoncés.",
    "Les engagements de service pris dans le cadre du référentiel Services Publics+ y sont "
    "rappelés.",
    "Chaque étape est enregistrée dans le logiciel métier afin d'assurer la traçabilité.",
    "En cas de difficulté, l'agent s'adresse au responsable du service ou à son suppléant.",
    "Les documents produits sont conservés selon le tableau de gestion des archives.",
    "Le pilote du processus vérifie chaque trimestre l'application de ces règles.",
    "Les données personnelles collectées sont limitées au strict nécessaire (RGPD).",
    "L'accueil de l'usager reste prioritaire sur les tâches administratives.",
]
PROCEDURE_SENTENCE = "Cette procédure précise qui fait quoi, quand et comment pour {objet}."
STEPS = [
    "Réceptionner la demande et vérifier qu'elle est complète.",
    "Enregistrer la demande dans le logiciel avec la date de réception.",
    "Vérifier les pièces justificatives au regard de la liste de référence.",
    "Instruire le dossier et rédiger la proposition de réponse.",
    "Faire valider la réponse par le responsable du service.",
    "Informer l'usager de la décision par écrit.",
    "Classer le dossier et mettre à jour le tableau de suivi.",
    "Transmettre les éléments utiles aux services concernés.",
    "Contrôler le résultat et consigner les anomalies constatées.",
]
NOTES = [
    "Toute anomalie est signalée au pilote du processus et enregistrée comme non-conformité.",
    "Ne jamais communiquer d'information personnelle par téléphone sans vérifier l'identité "
    "de l'interlocuteur.",
    "Le port des équipements de protection individuelle est obligatoire.",
    "En cas d'urgence, appeler l'astreinte technique au numéro affiché au poste de garde.",
]


def body_for(rng, kind, objet, service_name, link_to):
    words = {"objet": objet, "service": service_name}
    intro = [s.format(**words) for s in rng.sample(SENTENCES, 4)]
    if kind == "procedure":
        intro.insert(0, PROCEDURE_SENTENCE.format(**words))
    body = [
        ("heading", {"text": "Objet et domaine d'application", "level": "h2"}),
        ("paragraph", "<p>" + " ".join(intro[:3]) + "</p>"),
        ("heading", {"text": "Déroulement", "level": "h2"}),
        ("steps", rng.sample(STEPS, rng.randint(4, 7))),
        ("paragraph", "<p>" + " ".join(intro[3:]) + "</p>"),
        ("heading", {"text": "Délais et responsabilités", "level": "h2"}),
        ("table", {
            "data": [["Étape", "Responsable", "Délai"],
                     ["Accusé de réception", "Agent du service", f"{rng.randint(1, 5)} jours"],
                     ["Instruction", "Gestionnaire", f"{rng.randint(5, 15)} jours"],
                     ["Réponse à l'usager", "Responsable du service",
                      f"{rng.randint(10, 30)} jours"]],
            "first_row_is_table_header": True, "first_col_is_header": False,
            "table_caption": "",
        }),
        ("note", {"kind": rng.choice(["note", "warning"]),
                  "text": "<p>" + rng.choice(NOTES) + "</p>"}),
    ]
    if link_to is not None:
        body.append(("document_link", {"page": link_to, "label": ""}))
    return body


# --- Generation ------------------------------------------------------------------------
@contextmanager
def search_index_deferred():
    """Do not index each page on each of its saves (three per published version): the
    index is built once, by update_index, after the generation."""
    from django.db.models.signals import post_save
    from modelsearch import index
    from modelsearch.signal_handlers import post_save_signal_handler

    models = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)


def generate(args, progress):
    from dateutil.relativedelta import relativedelta
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from documents.demo import DIRECTIONS, SERVICES, _quiet_logs
    from documents.models import (
        DocumentVersion,
        FormTemplatePage,
        GovernanceRulePage,
        InstructionPage,
        LibraryPage,
        ProcedurePage,
        ProcessSheetPage,
    )
    from qms import roles
    from qms.models import Service, User

    rng = random.Random(SEED)
    now = timezone.now()
    password = make_password("demo")
    groups = {g.name: g for g in Group.objects.all()}

    stack = ExitStack()
    stack.enter_context(_quiet_logs())
    stack.enter_context(disable_reference_index_auto_update())
    stack.enter_context(search_index_deferred())
    stack.enter_context(transaction.atomic())
    stack.__enter__()
    services, people = {}, {}
    for code, name, _title in DIRECTIONS:
        services[code] = Service.objects.create(code=code, name=name, kind="direction")
    for code, name, direction, _p, _a in SERVICES:
        services[code] = Service.objects.create(code=code, name=name, parent=services[direction])
        pilot = User.objects.create(username=f"pilote-{code}", service=services[code],
                                    password=password, first_name="Pilote", last_name=name)
        pilot.groups.add(groups[roles.PILOT])
        agents = []
        for i in range(3):
            agent = User.objects.create(username=f"agent-{code}-{i}", service=services[code],
                                        password=password, first_name="Agent", last_name=name)
            agent.groups.add(groups[roles.AGENT])
            agents.append(agent)
        people[code] = (pilot, agents)
    quality = User.objects.create(username="qualite", password=password,
                                  service=services["qualite"], first_name="Claire",
                                  last_name="Lefèvre")
    quality.groups.add(groups[roles.QUALITY_ENGINEER])
    reader = people["accueil"][1][0]
    codes = [code for code, *_ in SERVICES]
    library_id = LibraryPage.objects.get().pk
    versions = []
    counter = {"docs": 0, "pages": 0}
    started = time.perf_counter()

    def publish(page, author, code, number=1):
        pilot = people[code][0]
        page.version = number
        page.approver = quality
        if number == 1:
            page.approved_at = now - relativedelta(days=rng.randint(30, 700))
        else:  # between the previous version and now
            page.approved_at += (now - page.approved_at) * rng.uniform(0.3, 0.9)
        page.next_review_date = (page.approved_at + relativedelta(months=24)).date()
        revision = page.save_revision(user=author, clean=False, log_action=False)
        revision.publish(user=quality, skip_permission_checks=True, log_action=False)
        versions.append(DocumentVersion(
            page_id=page.pk, number=number, revision=revision, title=page.title,
            reference=page.reference, change_summary=page.change_summary, author=author,
            verifier=pilot, approver=quality, approved_at=page.approved_at,
            published_at=page.approved_at,
        ))
        counter["pages"] += 1
        if counter["pages"] % 500 == 0:
            rate = counter["pages"] / (time.perf_counter() - started)
            progress(f"  {counter['pages']} versions published ({rate:.0f}/s)")

    def create(model, parent_id, code, reference, title, kind, objet, link_to, **fields):
        pilot, agents = people[code]
        author = rng.choice(agents)
        applies = [services[code]] + [services[c] for c in rng.sample(codes, rng.randint(0, 3))]
        if rng.random() < 0.1:
            applies.append(services["accueil"])
        page = model(
            title=title, slug=f"{reference.lower()}", reference=reference,
            summary=f"{title} : règles applicables et responsabilités du service "
                    f"{services[code].name}.",
            body=body_for(rng, kind, objet, services[code].name, link_to),
            owner_service=services[code], author=author,
            change_summary="Création du document.", live=False, **fields,
        )
        Page.objects.get(pk=parent_id).add_child(instance=page)
        page.applies_to_services.set(set(applies))
        publish(page, author, code)
        if rng.random() < 0.15:  # a second version
            page.change_summary = "Mise à jour des délais et des responsabilités."
            page.body = body_for(rng, kind, objet, services[code].name, link_to)
            publish(page, author, code, number=2)
        counter["docs"] += 1
        return page

    families = list(ProcessSheetPage.Family.values)
    with stack:
        sheets = []
        for i in range(args.sheets):
            code = codes[i % len(codes)]
            name = SHEET_NAMES[i % len(SHEET_NAMES)]
            title = f"{name} — {i // len(SHEET_NAMES) + 1}" if i >= len(SHEET_NAMES) else name
            sheets.append(create(
                ProcessSheetPage, library_id, code, f"PRC-{i + 1:03d}", title, "process",
                rng.choice(SUBJECTS[code]), None, family=families[i % 3],
                pilot=people[code][0], activities="Recevoir\nInstruire\nRépondre",
                beneficiaries="Usagers de la commune", indicators="Délai de réponse",
            ))
        governance = 20
        remaining = args.documents - len(sheets) - governance
        for i in range(remaining):
            sheet = sheets[i % len(sheets)]
            code = sheet.owner_service.code
            objet = rng.choice(SUBJECTS[code])
            roll = rng.random()
            if roll < 0.45:
                model, kind, prefix = ProcedurePage, "procedure", "PRO"
            elif roll < 0.9:
                model, kind, prefix = InstructionPage, "instruction", "INS"
            else:
                model, kind, prefix = FormTemplatePage, "form", "FOR"
            title = f"{rng.choice(ACTIONS)} {objet}"
            link_to = sheet if rng.random() < 0.5 else None
            create(model, sheet.pk, code, f"{prefix}-{code.upper().replace('-', '')}-{i + 1:05d}",
                   title, kind, objet, link_to)
        for i in range(governance):
            code = rng.choice(codes)
            create(GovernanceRulePage, library_id, code, f"GOV-{i + 1:03d}",
                   f"Règle de gouvernance n° {i + 1}", "governance",
                   rng.choice(SUBJECTS[code]), None)
        DocumentVersion.objects.bulk_create(versions)
    return reader, counter


def build_search_index():
    """Wagtail's update_index, once for all the generated pages; returns the number of
    documents in the index."""
    from django.apps import apps
    from django.core.management import call_command

    from documents.models import ControlledDocumentPage

    with _quiet():
        call_command("update_index", verbosity=0)
    entry = apps.get_model("wagtailsearch", "IndexEntry")
    ids = [str(pk) for pk in ControlledDocumentPage.objects.values_list("pk", flat=True)]
    return entry.objects.filter(object_id__in=ids).values("object_id").distinct().count()


def _quiet():
    from documents.demo import _quiet_logs

    return _quiet_logs()


# --- Measures --------------------------------------------------------------------------
def main():
    args = parse_args()
    total_started = time.perf_counter()

    def progress(message):
        print(message, flush=True)

    progress("Creating the database (migrate)...")
    tmp, migrate_seconds = setup_database("qms-bench-")
    from django.conf import settings

    progress(f"  {settings.DATABASES['default']['NAME']} in {migrate_seconds:.1f} s")
    from django.test import Client

    from documents.models import ControlledDocumentPage, LibraryPage, ProcedurePage
    from qms.models import User

    generation_seconds = index_seconds = 0
    if ControlledDocumentPage.objects.filter(reference="PRC-001").exists():
        # DATABASE_URL names a database this script has already filled (see --keep).
        progress("The database already holds the generated documents: measuring only.")
        reader = User.objects.get(username="agent-accueil-0")
    else:
        progress(f"Generating {args.documents} published documents over {args.sheets} "
                 "process sheets and 22 services...")
        started = time.perf_counter()
        reader, counter = generate(args, progress)
        generation_seconds = time.perf_counter() - started
        progress(f"  {counter['docs']} documents, {counter['pages']} published versions "
                 f"in {generation_seconds:.1f} s")
        progress("Building the search index (update_index)...")
        started = time.perf_counter()
        indexed = build_search_index()
        index_seconds = time.perf_counter() - started
        progress(f"  {indexed} documents indexed in {index_seconds:.1f} s")

    client = Client(HTTP_HOST="localhost")
    client.force_login(reader)
    library = LibraryPage.objects.get()
    document = (
        ProcedurePage.objects.live().filter(version=2, applies_to_services=reader.service)
        .order_by("pk").first()
        or ProcedurePage.objects.live().order_by("pk").first()
    )
    accueil_id = reader.service_id
    pages = [
        ("Document page", document.url),
        ("Library page", library.url),
        ("Library, one service", f"{library.url}?service={accueil_id}"),
        ("Library, page 40", f"{library.url}?page=40"),
        ("Search", "/search/?q=procedure+accueil"),
    ]
    progress(f"Measuring {args.requests} requests per page (signed in as {reader.username})...")
    rows = []
    for label, url in pages:
        rows.append((label, url, measure(client, url, args.requests)))
        progress(f"  {label}: median {rows[-1][2]['median']:.0f} ms")

    live = ControlledDocumentPage.objects.live().count()
    print()
    print(f"Documents in force: {live}   generation: {generation_seconds:.0f} s   "
          f"search index: {index_seconds:.0f} s   migrate: {migrate_seconds:.0f} s")
    print(f"{'Page':<22} {'median ms':>9} {'p90 ms':>8} {'n':>3} {'queries':>7} "
          f"{'slowest SQL ms':>14} {'KB':>5}  URL")
    for label, url, m in rows:
        print(f"{label:<22} {m['median']:>9.1f} {m['p90']:>8.1f} {m['requests']:>3} "
              f"{m['queries']:>7} {m['slowest_ms']:>14.1f} {m['kb']:>5.0f}  {url}")
    print("\nSlowest query of each page (when over 100 ms):")
    for label, _url, m in rows:
        if m["slowest_ms"] > 100:
            print(f"- {label} ({m['slowest_ms']:.0f} ms): {m['slowest_sql'][:400]}")
    print(f"\nTotal run time: {time.perf_counter() - total_started:.0f} s")
    if args.keep:
        print(f"Database kept: {settings.DATABASES['default']['NAME']} (measure it again with "
              "DATABASE_URL=sqlite:///<that path>)")
    else:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
