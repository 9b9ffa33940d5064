"""Demo data of the process register: the twelve processes of the demo commune, one per
demo process sheet (same codes: PRC-M01 … PRC-S04), with their pilot, owner service,
services involved and place on the map; the interactions that draw the map (what each
process hands to another); and the context: internal and external issues and the
interested parties with their needs and expectations, linked to the processes.

The process sheets are documents' pages: this app does not import documents' code, it
finds the sheet of each process by its reference through the app registry (a data link)
and takes its pilot from it. Without the documents' demo (or before it), the process is
created without its sheet and linked to it on a later run.

Idempotent: processes are found by their code, interactions by their two processes,
issues by their title and interested parties by their name. Written through the
services (processes.services), so the rules users meet hold. Registered with qms.demo
after the documents' demo, whose services and people it uses.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from .models import ContextIssue, InterestedParty, Process, ProcessInteraction
from .services import process as services

M, R, S = Process.Family.MANAGEMENT, Process.Family.REALISATION, Process.Family.SUPPORT

# code (= reference of the process sheet), name, family, owner service, other services
PROCESSES = [
    ("PRC-M01", "Pilotage stratégique et amélioration continue", M, "qualite",
     ["finances", "juridique", "communication"]),
    ("PRC-M02", "Communication interne et externe", M, "communication", ["accueil", "dsi"]),
    ("PRC-R01", "Accueil et orientation des usagers", R, "accueil",
     ["etat-civil", "elections", "scolaire"]),
    ("PRC-R02", "État civil et formalités administratives", R, "etat-civil",
     ["elections", "accueil"]),
    ("PRC-R03", "Propreté urbaine", R, "proprete", ["espaces-verts", "voirie", "police"]),
    ("PRC-R04", "Gestion des réclamations et demandes des usagers", R, "accueil",
     ["qualite", "voirie", "proprete", "espaces-verts", "batiments"]),
    ("PRC-R05", "Restauration scolaire", R, "restauration", ["scolaire", "petite-enfance"]),
    ("PRC-R06", "Assainissement – traitement des eaux usées", R, "step", ["voirie"]),
    ("PRC-S01", "Gestion des ressources humaines", S, "rh", ["finances", "dsi"]),
    ("PRC-S02", "Achats et marchés publics", S, "marches", ["finances", "juridique"]),
    ("PRC-S03", "Gestion financière et budgétaire", S, "finances", ["marches"]),
    ("PRC-S04", "Systèmes d'information", S, "dsi", ["etat-civil", "accueil", "rh"]),
]

# The boxes' order in their family's row(s) of the map (map_order), chosen among every
# order for short arrows that seldom cross.
MAP_ORDER = [
    "PRC-M02", "PRC-M01",
    "PRC-R01", "PRC-R04", "PRC-R06", "PRC-R02", "PRC-R03", "PRC-R05",
    "PRC-S04", "PRC-S03", "PRC-S02", "PRC-S01",
]

# source, target, what flows: the arrows of the map.
INTERACTIONS = [
    ("PRC-M01", "PRC-M02", "Politique qualité et engagements de service à faire connaître"),
    ("PRC-M01", "PRC-S01", "Besoins de compétences et de formation des services"),
    ("PRC-M02", "PRC-R01", "Informations à jour : horaires, démarches, tarifs"),
    ("PRC-R01", "PRC-R02", "Demandes d'actes et rendez-vous pour les titres d'identité"),
    ("PRC-R01", "PRC-R04", "Réclamations et demandes reçues au guichet"),
    ("PRC-R04", "PRC-R03", "Signalements de propreté à traiter"),
    ("PRC-R03", "PRC-R04", "Interventions réalisées, pour clore les signalements"),
    ("PRC-R04", "PRC-R05", "Réclamations des familles sur la restauration"),
    ("PRC-R04", "PRC-M01", "Bilan trimestriel des réclamations"),
    ("PRC-R06", "PRC-M01", "Bilans d'autosurveillance et écarts aux normes de rejet"),
    ("PRC-S01", "PRC-R05", "Agents recrutés et formés à l'hygiène alimentaire"),
    ("PRC-S02", "PRC-R05", "Marchés de denrées alimentaires"),
    ("PRC-S02", "PRC-R03", "Marchés de matériel et de prestations de nettoiement"),
    ("PRC-S02", "PRC-S03", "Engagements juridiques et bons de commande"),
    ("PRC-S03", "PRC-S02", "Crédits budgétaires disponibles"),
    ("PRC-S03", "PRC-M01", "Tableaux de bord budgétaires"),
    ("PRC-S04", "PRC-R01", "Logiciel de relation usagers et téléphonie"),
    ("PRC-S04", "PRC-R02", "Logiciel d'état civil et échanges dématérialisés (COMEDEC)"),
]

INT, EXT = ContextIssue.Kind.INTERNAL, ContextIssue.Kind.EXTERNAL
C = ContextIssue.Category
FAV, STABLE, UNFAV = (ContextIssue.Trend.FAVOURABLE, ContextIssue.Trend.STABLE,
                      ContextIssue.Trend.UNFAVOURABLE)

# kind, category, title, description, trend, climate relevant, processes, months since
# the last review (None: never reviewed)
CONTEXT_ISSUES = [
    (EXT, C.POLITICAL, "Nouveau mandat municipal et projet d'administration 2026-2032",
     "Le programme municipal fixe les priorités des services pour six ans.", STABLE, False,
     ["PRC-M01", "PRC-M02"], 3),
    (EXT, C.ECONOMIC, "Baisse des dotations de l'État et hausse des coûts de l'énergie",
     "Les marges de manœuvre budgétaires se réduisent d'année en année.", UNFAV, False,
     ["PRC-S03", "PRC-S02", "PRC-M01"], 5),
    (EXT, C.SOCIAL, "Vieillissement de la population et fracture numérique",
     "Un habitant sur quatre a plus de 65 ans ; une partie des usagers ne peut pas faire "
     "ses démarches en ligne.", UNFAV, False, ["PRC-R01", "PRC-R04"], 8),
    (EXT, C.TECHNOLOGICAL, "Dématérialisation des démarches (ANTS, COMEDEC, FranceConnect)",
     "Les démarches en ligne se généralisent et changent le travail du guichet.", FAV, False,
     ["PRC-R01", "PRC-R02", "PRC-S04"], 11),
    (EXT, C.ENVIRONMENTAL, "Épisodes de canicule et de pluies intenses plus fréquents",
     "Le changement climatique expose la station d'épuration aux surcharges hydrauliques, "
     "la restauration scolaire aux fortes chaleurs et les équipes de propreté aux "
     "intempéries.", UNFAV, True, ["PRC-R06", "PRC-R03", "PRC-R05"], 14),
    (EXT, C.LEGAL, "Loi EGalim et obligations de la restauration collective",
     "50 % de produits durables et de qualité, dont 20 % de produits biologiques.", STABLE,
     False, ["PRC-R05", "PRC-S02"], 6),
    (EXT, C.TECHNOLOGICAL, "Menace de cyberattaque contre les collectivités",
     "Plusieurs communes voisines ont subi un rançongiciel.", UNFAV, False, ["PRC-S04"], 13),
    (EXT, C.SOCIAL, "Attentes croissantes de réactivité sur les réseaux sociaux",
     "Les habitants signalent et réclament en ligne et attendent une réponse rapide.",
     UNFAV, False, ["PRC-M02", "PRC-R04"], None),
    (INT, C.ORGANISATIONAL, "Départs en retraite sur les métiers techniques",
     "Un tiers des agents techniques partira dans les cinq ans.", UNFAV, False,
     ["PRC-S01", "PRC-R03", "PRC-R06"], 4),
    (INT, C.ORGANISATIONAL, "Culture qualité inégale selon les services",
     "La démarche est ancienne dans les services de la population, récente ailleurs.",
     STABLE, False, ["PRC-M01"], 9),
    (INT, C.TECHNOLOGICAL, "Logiciel de relation usagers vieillissant",
     "Le logiciel ne suit pas les réclamations de bout en bout.", UNFAV, False,
     ["PRC-R01", "PRC-R04", "PRC-S04"], 7),
    (INT, C.ECONOMIC, "Maîtrise de la masse salariale",
     "La masse salariale représente 58 % des dépenses de fonctionnement.", STABLE, False,
     ["PRC-S01", "PRC-S03"], 2),
    (INT, C.ENVIRONMENTAL, "Consommation énergétique des bâtiments et de la station",
     "Le décret tertiaire impose de réduire de 40 % la consommation d'ici 2030.", STABLE,
     True, ["PRC-R06", "PRC-S03"], 10),
]

P = InterestedParty.Category
HIGH, MEDIUM = InterestedParty.Influence.HIGH, InterestedParty.Influence.MEDIUM

# name, category, influence, needs and expectations, requirements retained, processes,
# months since the last review (None: never reviewed)
INTERESTED_PARTIES = [
    ("Usagers et habitants", P.CITIZENS, HIGH,
     "Un accueil rapide et courtois, des informations exactes, des démarches simples, "
     "y compris en ligne, et une réponse à chaque demande.",
     "Engagements Services Publics+ : attente au guichet, délais de réponse aux courriels "
     "et aux réclamations.", ["PRC-R01", "PRC-R02", "PRC-R04", "PRC-M02"], 4),
    ("Élus du conseil municipal", P.ELECTED, HIGH,
     "La mise en œuvre du programme municipal, des tableaux de bord fiables, la maîtrise "
     "du budget.", "Revue de direction annuelle présentée au bureau municipal.",
     ["PRC-M01", "PRC-S03"], 6),
    ("Agents municipaux et représentants du personnel", P.AGENTS, HIGH,
     "Des conditions de travail sûres, la formation, la reconnaissance, une information "
     "interne claire.", "Document unique à jour ; plan de formation annuel.",
     ["PRC-S01", "PRC-M02"], 9),
    ("Préfecture et services de l'État", P.STATE, HIGH,
     "Le respect de la réglementation, la transmission des actes, l'autosurveillance de la "
     "station (police de l'eau).", "Conformité réglementaire ; déclaration des écarts de "
     "rejet sous 24 h.", ["PRC-R02", "PRC-R06", "PRC-S02"], 13),
    ("Communauté d'agglomération", P.PARTNERS, MEDIUM,
     "La coordination des compétences partagées (déchets, eau) et la mutualisation des "
     "systèmes d'information.", "", ["PRC-R03", "PRC-R06", "PRC-S04"], 8),
    ("Caisse d'allocations familiales (CAF)", P.PARTNERS, MEDIUM,
     "La qualité de l'accueil des enfants et le respect de la convention territoriale "
     "globale.", "Indicateurs de la convention territoriale globale.", ["PRC-R05"], 5),
    ("Associations locales", P.PARTNERS, MEDIUM,
     "Une information claire, l'accès aux salles et aux subventions, un interlocuteur "
     "identifié.", "", ["PRC-R01", "PRC-M02"], None),
    ("Fournisseurs et entreprises titulaires des marchés", P.SUPPLIERS, MEDIUM,
     "Des procédures transparentes et le paiement dans les délais.",
     "Délai global de paiement de 30 jours.", ["PRC-S02", "PRC-S03"], 3),
    ("Familles des enfants scolarisés", P.CITIZENS, HIGH,
     "Des repas sains et équilibrés, la prise en compte des allergies, l'information sur "
     "les menus.", "Plan d'accueil individualisé respecté pour chaque enfant allergique.",
     ["PRC-R05", "PRC-R04"], 2),
    ("Riverains de la station d'épuration", P.ENVIRONMENT, MEDIUM,
     "L'absence de nuisances olfactives et sonores, une information en cas d'incident.",
     "", ["PRC-R06"], 7),
    ("Milieu naturel (Loire) et associations de protection de l'environnement",
     P.ENVIRONMENT, MEDIUM,
     "Des rejets conformes et la préservation de la biodiversité des berges.",
     "Normes de rejet de l'arrêté préfectoral.", ["PRC-R06", "PRC-R03"], 12),
]


def load_demo(stdout=None) -> dict:
    """Create what is missing of the register and the context; return the counts
    ({"processes": created, "linked": sheets newly linked, "interactions": …,
    "issues": …, "parties": …})."""

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    codes = {code for _c, _n, _f, owner, others in PROCESSES for code in [owner, *others]}
    services_by_code = Service.objects.in_bulk(codes, field_name="code")
    if missing := codes - set(services_by_code):
        raise DemoRefused(
            "The processes' demo needs the demo organisation first (services "
            + ", ".join(sorted(missing)) + "): load the documents' demo."
        )
    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    counts = {"processes": 0, "linked": 0, "interactions": 0, "documents": 0, "issues": 0,
              "parties": 0}
    with transaction.atomic():
        processes = _load_processes(services_by_code, quality, counts)
        _load_interactions(processes, quality, counts)
        _link_documents(processes, counts)
        _load_context(processes, quality, counts)
    if any(counts.values()):
        write("Processes: {processes} created, {linked} linked to their sheet; "
              "{interactions} interactions, {documents} document links, {issues} context "
              "issues, {parties} interested parties created.".format(**counts))
    else:
        write("Processes: already loaded, nothing to create.")
    return counts


def _load_processes(services_by_code, quality, counts) -> dict[str, Process]:
    sheets = _process_sheets([code for code, *_rest in PROCESSES])
    existing = Process.objects.in_bulk([code for code, *_rest in PROCESSES], field_name="code")
    families = {code: family for code, _name, family, *_rest in PROCESSES}
    place = {code: 10 * (1 + [c for c in MAP_ORDER if families[c] == families[code]].index(code))
             for code in MAP_ORDER}
    for code, name, family, owner, others in PROCESSES:
        map_order = place[code]
        sheet = sheets.get(code)
        process = existing.get(code)
        owner_service = services_by_code[owner]
        if process is None:
            process = Process(
                code=code, name=name, family=family, process_sheet=sheet,
                pilot=_pilot(sheet, owner_service), service=owner_service,
                map_order=map_order,
            )
            process.full_clean()
            process._history_user = quality
            process.save()
            process.services.set([owner_service, *(services_by_code[c] for c in others)])
            existing[code] = process
            counts["processes"] += 1
            continue
        changes = {}
        if process.process_sheet_id is None and sheet is not None:
            changes.update(process_sheet=sheet, pilot=process.pilot or sheet.pilot)
            counts["linked"] += 1
        if process.service_id is None:
            changes.update(service=owner_service, map_order=map_order)
        if changes:
            services.process_update(process=process, user=quality,
                                    reason="Registre des processus complété.", **changes)
    return existing


def _load_interactions(processes, quality, counts) -> None:
    recorded = set(ProcessInteraction.objects.values_list("source__code", "target__code"))
    for source, target, description in INTERACTIONS:
        if (source, target) in recorded:
            continue
        services.process_interaction_create(
            source=processes[source], target=processes[target], description=description,
            user=quality,
        )
        counts["interactions"] += 1


# The controlled documents (procedures, instructions, forms, rules) of each process, by
# the family part of their reference (PRO-ACC-001 → ACC).
DOCUMENT_FAMILIES = {
    "ACC": "PRC-R01", "REC": "PRC-R04", "EC": "PRC-R02", "ELE": "PRC-R02",
    "PRO": "PRC-R03", "RES": "PRC-R05", "STEP": "PRC-R06", "RH": "PRC-S01",
    "MAR": "PRC-S02", "FIN": "PRC-S03", "SI": "PRC-S04", "QUA": "PRC-M01",
    "COM": "PRC-M02",
}


def _link_documents(processes, counts) -> None:
    """Attach the demo's documents to their process (not the process sheets: a process
    has its own sheet through ``process_sheet``), on the first run only."""
    model = apps.get_model("documents", "ControlledDocumentPage")
    if Process.documents.through.objects.exists():
        return
    by_process: dict[str, list[int]] = {}
    for document_id, reference in model.objects.values_list("pk", "reference"):
        parts = reference.split("-")
        code = DOCUMENT_FAMILIES.get(parts[1]) if len(parts) == 3 else None
        if parts[0] not in ("PRC", "GOV") and code in processes:
            by_process.setdefault(code, []).append(document_id)
    for code, document_ids in by_process.items():
        processes[code].documents.add(*document_ids)
        counts["documents"] += len(document_ids)


def _reviewed_on(months_ago) -> datetime.date | None:
    if months_ago is None:
        return None
    return timezone.localdate() - relativedelta(months=months_ago)


def _load_context(processes, quality, counts) -> None:
    titles = set(ContextIssue.objects.values_list("title", flat=True))
    for kind, category, title, description, trend, climate, codes, months in CONTEXT_ISSUES:
        if title in titles:
            continue
        issue = services.context_issue_create(
            user=quality, kind=kind, category=category, title=title, description=description,
            trend=trend, climate_relevant=climate, processes=[processes[c] for c in codes],
        )
        _review(issue, quality, months)
        counts["issues"] += 1
    names = set(InterestedParty.objects.values_list("name", flat=True))
    for name, category, influence, needs, requirements, codes, months in INTERESTED_PARTIES:
        if name in names:
            continue
        party = services.interested_party_create(
            user=quality, name=name, category=category, influence=influence,
            needs_and_expectations=needs, requirements=requirements,
            processes=[processes[c] for c in codes],
        )
        _review(party, quality, months)
        counts["parties"] += 1


def _review(item, quality, months) -> None:
    """The review the demo row had `months` ago (those of more than a year ago are due
    again); none when never reviewed."""
    reviewed_on = _reviewed_on(months)
    if reviewed_on is not None and quality is not None:
        services.context_review_record(item=item, user=quality, reviewed_on=reviewed_on,
                                       comment="Revue annuelle du contexte.")


def _process_sheets(references) -> dict:
    """{reference: ProcessSheetPage} of the sheets that exist, read through the app
    registry (documents' model, not its code)."""
    try:
        model = apps.get_model("documents", "ProcessSheetPage")
    except LookupError:
        return {}
    return {
        sheet.reference: sheet
        for sheet in model.objects.filter(reference__in=references).select_related("pilot")
    }


def _pilot(sheet, service):
    """The sheet's pilot, or else a pilot (or the quality engineer) of the owner service."""
    if sheet is not None and sheet.pilot_id:
        return sheet.pilot
    members = User.objects.filter(service=service, is_active=True).order_by("username")
    return (
        members.filter(groups__name=roles.PILOT).first()
        or members.filter(groups__name=roles.QUALITY_ENGINEER).first()
    )
