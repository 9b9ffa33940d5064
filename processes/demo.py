"""Demo data of the process register: the twelve processes of the demo commune, one per
demo process sheet (same codes: PRC-M01 … PRC-S04), with their pilot and the services
involved.

The process sheets are documents' pages: this app does not import documents' code, it
finds the sheet of each process by its reference through the app registry (a data link)
and takes its pilot from it. Without the documents' demo (or before it), the process is
created without its sheet and linked to it on a later run.

Idempotent: processes are found by their code. Registered with qms.demo after the
documents' demo, whose services and people it uses.
"""

from django.apps import apps
from django.db import transaction

from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from .models import Process

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


def load_demo(stdout=None) -> dict:
    """Create the missing processes and link each to its process sheet; return the
    counts ({"processes": created, "linked": sheets newly linked})."""

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    codes = {code for _c, _n, _f, owner, others in PROCESSES for code in [owner, *others]}
    services = Service.objects.in_bulk(codes, field_name="code")
    if missing := codes - set(services):
        raise DemoRefused(
            "The processes' demo needs the demo organisation first (services "
            + ", ".join(sorted(missing)) + "): load the documents' demo."
        )
    sheets = _process_sheets([code for code, *_rest in PROCESSES])
    existing = Process.objects.in_bulk([code for code, *_rest in PROCESSES], field_name="code")
    counts = {"processes": 0, "linked": 0}
    with transaction.atomic():
        for code, name, family, owner, others in PROCESSES:
            sheet = sheets.get(code)
            process = existing.get(code)
            if process is None:
                process = Process(
                    code=code, name=name, family=family, process_sheet=sheet,
                    pilot=_pilot(sheet, services[owner]),
                )
                process.full_clean()
                process.save()
                process.services.set([services[owner], *(services[c] for c in others)])
                counts["processes"] += 1
            elif process.process_sheet_id is None and sheet is not None:
                process.process_sheet = sheet
                process.pilot = process.pilot or sheet.pilot
                process._change_reason = "Fiche d'identité du processus publiée."
                process.save()
                counts["linked"] += 1
    if any(counts.values()):
        write(f"Processes: {counts['processes']} created, "
              f"{sum(1 for code, *_r in PROCESSES if code in sheets)} linked to their sheet.")
    else:
        write("Processes: already loaded, nothing to create.")
    return counts


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
