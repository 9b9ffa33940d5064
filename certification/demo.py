"""Demo data of the certifications: 18 of the 22 services of the demo municipality are
certified — ISO 9001 for most (first certified between 2016 and 2024, one yearly
surveillance audit with its result, a renewal every three years; the reception and the
civil status share one certificate), ISO 14001 for the wastewater plant (with its site),
Qualivilles for the reception — and the sports service prepares its ISO 9001
certification (initial audit planned). Each certified one has a specimen certificate
(PDF, certification/pdf.py).

The audits' demo (loaded before, order 50) holds the ISO 9001 surveillance audit of the
reception and civil status (held) and the Qualivilles certification audit of the
reception next month: both are attached to their certification (found by kind and
service, never twice). Dates are relative to the day of the load.

Written through certification.services; idempotent: a certification is found by its
standard and services, an attached audit by the audit itself. Registered as
"certification", order 70."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from audits.models import Audit, Standard
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, Site, User

from . import services
from .models import Certification, CertificationAudit
from .pdf import certificate_specimen

AFNOR = "AFNOR Certification"
BODIES = (AFNOR, "Bureau Veritas Certification", "SGS ICS", "LRQA France")
STEP_SITE = "Station d'épuration des Prés-Bas"
Kind, Result = CertificationAudit.Kind, CertificationAudit.Result


@dataclass(frozen=True)
class DemoCertification:
    standard: str
    services: tuple[str, ...]
    scope: str
    year: int = 2016
    month: int = 3
    site: str = ""
    body: str = AFNOR


ISO_9001_SERVICES = [
    ("qualite", "Pilotage du système de management de la qualité et contrôle de gestion."),
    ("communication", "Information des habitants : journal municipal, site internet, "
                      "réseaux sociaux."),
    ("proprete", "Nettoiement des voies et espaces publics, collecte des dépôts sauvages."),
    ("espaces-verts", "Création et entretien des espaces verts en gestion zéro pesticide."),
    ("voirie", "Entretien de la voirie et des réseaux, interventions sur signalement."),
    ("batiments", "Maintenance du patrimoine bâti communal."),
    ("marches", "Passation et exécution des marchés publics."),
    ("finances", "Préparation et exécution budgétaire, paiement des fournisseurs."),
    ("rh", "Recrutement, carrière, paie et formation des agents."),
    ("dsi", "Assistance aux utilisateurs et exploitation du système d'information."),
    ("ccas", "Accueil, instruction et suivi des demandes d'aide sociale."),
    ("petite-enfance", "Accueil des jeunes enfants en crèche et relais petite enfance."),
    ("restauration", "Production et livraison des repas de la restauration scolaire."),
    ("scolaire", "Inscriptions scolaires et périscolaires, facturation aux familles."),
    ("bibliotheque", "Accueil du public, prêt et animations de la médiathèque."),
]

CERTIFICATIONS = [
    DemoCertification("iso-9001", ("accueil", "etat-civil"),
                      "Accueil des usagers au guichet unique et délivrance des actes "
                      "d'état civil.", 2016, 3),
    *[DemoCertification("iso-9001", (code,), scope, 2016 + (index * 5) % 9,
                        1 + (index * 7) % 12, body=BODIES[index % len(BODIES)])
      for index, (code, scope) in enumerate(ISO_9001_SERVICES)],
    DemoCertification("iso-14001", ("step",),
                      "Exploitation de la station d'épuration des Prés-Bas : traitement "
                      "des eaux usées et valorisation des boues.", 2018, 9, site=STEP_SITE,
                      body="Bureau Veritas Certification"),
    DemoCertification("qualivilles", ("accueil",),
                      "Accueil physique, téléphonique et numérique des usagers (référentiel "
                      "Qualivilles).", 2019, 6),
]
PREPARING = DemoCertification("iso-9001", ("sports",),
                              "Gestion des équipements sportifs et accueil des associations.")


def _anniversary(first: datetime.date, years: int) -> datetime.date:
    return first + relativedelta(years=years)


def _find(standard: Standard, codes) -> Certification | None:
    wanted = set(codes)
    for certification in (Certification.objects.active().filter(
            standard=standard, services__code__in=wanted).distinct()
            .prefetch_related("services")):
        if {s.code for s in certification.services.all()} == wanted:
            return certification
    return None


def _attached_audit(kind: str, service: Service, *, held: bool, today) -> Audit | None:
    audits = (Audit.objects.not_cancelled().filter(kind=kind, services=service)
              .exclude(pk__in=CertificationAudit.objects.filter(audit__isnull=False)
                       .values("audit_id")))
    if held:
        audits = audits.filter(status__in=Audit.HELD_STATUSES).order_by("-planned_start")
    else:
        audits = audits.filter(planned_start__gte=today).order_by("planned_start")
    return audits.first()


def load_demo(stdout=None, **_kwargs) -> dict:
    """Create what is missing of the certifications and their audits; return the counts."""
    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The certifications' demo needs the demo quality engineer.")
    standards = Standard.objects.in_bulk(field_name="code")
    service_map = Service.objects.in_bulk(field_name="code")
    today = timezone.localdate()
    counts = {"certifications": 0, "audits": 0, "attached": 0}
    with transaction.atomic():
        for index, demo in enumerate(CERTIFICATIONS):
            if demo.standard not in standards or not all(c in service_map
                                                          for c in demo.services):
                continue
            _certified(index, demo, standards[demo.standard], service_map, quality,
                       today, counts)
        if PREPARING.standard in standards and all(c in service_map
                                                   for c in PREPARING.services):
            _preparing(standards[PREPARING.standard], service_map, quality, today, counts)
    if stdout is not None:
        stdout.write("Certifications: {certifications} certifications, {audits} audits, "
                     "{attached} audits of the programme attached.\n".format(**counts))
    return counts


def _certified(index, demo, standard, service_map, quality, today, counts):
    services_ = [service_map[c] for c in demo.services]
    reception = service_map.get("accueil")
    # The audits' demo: the held ISO 9001 surveillance audit of the reception, the
    # Qualivilles certification audit next month. Their dates set the certification's.
    attach_held = attach_next = None
    first = datetime.date(demo.year, demo.month, 15)
    if demo.standard == "iso-9001" and "accueil" in demo.services and reception:
        attach_held = _attached_audit(Audit.Kind.EXTERNAL, reception, held=True, today=today)
        if attach_held is not None:
            held_on = attach_held.held_start or attach_held.planned_start
            first = _anniversary(held_on + datetime.timedelta(days=10),
                                 demo.year - (held_on + datetime.timedelta(days=10)).year)
    if demo.standard == "qualivilles" and reception:
        attach_next = _attached_audit(Audit.Kind.CERTIFICATION, reception, held=False,
                                      today=today)
        if attach_next is not None:
            # Six years before the audit: it is the second renewal.
            first = _anniversary(attach_next.planned_start + datetime.timedelta(days=10), -6)
    certification = _find(standard, demo.services)
    if certification is None:
        certification = _create(index, demo, standard, services_, first, quality, today,
                                counts, attach_held, attach_next)
    elif attach_next is not None:
        _attach_next(certification, attach_next, quality, counts)


def _valid_until(first: datetime.date, passed: int) -> datetime.date:
    return _anniversary(first, 3 * (passed // 3 + 1)) - datetime.timedelta(days=1)


def _create(index, demo, standard, services_, first, quality, today, counts, attach_held,
            attach_next):
    passed = 0
    while _anniversary(first, passed + 1) - datetime.timedelta(days=10) <= today:
        passed += 1
    number = f"{standard.code.upper().replace('-', '')}-{first.year}-{index + 1:04d}"
    site = Site.objects.filter(name=demo.site).first() if demo.site else None
    valid_until = _valid_until(first, passed)
    pdf = certificate_specimen(
        standard=standard.name, number=number, body=demo.body,
        services=[s.name for s in services_], scope=demo.scope, first_certified_on=first,
        valid_until=valid_until, site=site.name if site else "")
    certification = services.certification_create(
        standard=standard, services=services_, user=quality, site=site, scope=demo.scope,
        status=Certification.Status.CERTIFIED, certifying_body=demo.body,
        certificate_number=number, certificate_file=ContentFile(pdf, name=f"{number}.pdf"),
        first_certified_on=first, valid_until=valid_until)
    counts["certifications"] += 1
    held_audit_date = (attach_held.held_start or attach_held.planned_start) \
        if attach_held else None

    def held(kind, on, result, summary, audit=None):
        entry = services.certification_audit_plan(
            certification=certification, kind=kind, planned_date=on, user=quality,
            audit=audit)
        services.certification_audit_record(certification_audit=entry, held_date=on,
                                            result=result, summary=summary, user=quality)
        counts["audits"] += 1
        if audit is not None:
            counts["attached"] += 1

    held(Kind.INITIAL, first - datetime.timedelta(days=20), Result.GRANTED,
         "Certification accordée sans non-conformité majeure.")
    for k in range(1, passed + 1):
        on = _anniversary(first, k) - datetime.timedelta(days=10)
        renewal = k % 3 == 0
        audit = attach_held if held_audit_date == on else None
        held(Kind.RENEWAL if renewal else Kind.SURVEILLANCE, on,
             Result.RENEWED if renewal else Result.MAINTAINED,
             "Certificat renouvelé pour trois ans." if renewal
             else f"Certification maintenue ; {(k + index) % 3} non-conformité(s) mineure(s).",
             audit)
    if attach_next is not None:
        _attach_next(certification, attach_next, quality, counts, passed=passed)
    else:
        k = passed + 1
        services.certification_audit_plan(
            certification=certification, user=quality,
            kind=Kind.RENEWAL if k % 3 == 0 else Kind.SURVEILLANCE,
            planned_date=_anniversary(first, k) - datetime.timedelta(days=10),
            summary=f"Audit sur site de {demo.body}.")
        counts["audits"] += 1
    return certification


def _attach_next(certification, audit, quality, counts, passed=None):
    if CertificationAudit.objects.filter(audit=audit).exists():
        return
    pending = certification.audits.live().filter(held_date__isnull=True).order_by(
        "planned_date").first()
    if pending is not None:
        services.certification_audit_update(certification_audit=pending, user=quality,
                                            audit=audit, planned_date=audit.planned_start)
    else:
        k = (passed or 0) + 1
        services.certification_audit_plan(
            certification=certification, user=quality, audit=audit,
            kind=Kind.RENEWAL if k % 3 == 0 else Kind.SURVEILLANCE,
            planned_date=audit.planned_start,
            summary="Audit AFNOR du référentiel Qualivilles.")
        counts["audits"] += 1
    counts["attached"] += 1


def _preparing(standard, service_map, quality, today, counts):
    services_ = [service_map[c] for c in PREPARING.services]
    if _find(standard, PREPARING.services) is not None:
        return
    certification = services.certification_create(
        standard=standard, services=services_, user=quality, scope=PREPARING.scope,
        status=Certification.Status.PREPARING, certifying_body=AFNOR,
        notes="Démarche engagée cette année : diagnostic fait, documentation en cours.")
    services.certification_audit_plan(
        certification=certification, kind=Kind.INITIAL, user=quality,
        planned_date=today + datetime.timedelta(days=120),
        summary="Audit initial (étapes 1 et 2).")
    counts["certifications"] += 1
    counts["audits"] += 1
