"""Demo data of the audits: an auditor register of eight auditors with their
qualifications, the year's audit programme approved by the direction with eight audits —
internal audits of several services by auditors from other services, a supplier audit,
the external surveillance audit (held) and the certification audit of the reception
service planned next month — the held ones with their checklist, findings of every kind
and conclusions; sixteen nonconformities in every state (open, analysed, actions in
progress, awaiting the effectiveness check, ready to close, closed), from audit findings
and from internal detection, indicator alerts and suppliers, with their corrective
actions in the action plan (some late).

Dates are relative to the day of the load (the audits of the year are in the past, the
certification audit next month — in next year's programme when next month is in January).
Written through audits.services and actions.services, so the rules users meet hold.
Idempotent: an auditor is found by its user or name, a programme by its year, an audit by
its title, a nonconformity by its title (an audit's by its finding). Registered as
"audits", after the action plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import (
    Audit,
    Auditor,
    AuditorQualification,
    AuditProgramme,
    Criterion,
    Finding,
    Nonconformity,
    Standard,
)

OPEN, ANALYSED, ACTIONS, LATE, EFFECTIVENESS, READY, CLOSED = (
    "open", "analysed", "actions", "late", "effectiveness", "ready", "closed")


@dataclass(frozen=True)
class NcFollowUp:
    """What became of a nonconformity: its state, cause analysis and corrective action."""
    state: str
    root_cause: str = ""
    whys: tuple[str, ...] = ()
    action: str = ""


@dataclass(frozen=True)
class DemoFinding:
    kind: str
    clause: str  # "iso-9001 8.5" (standard code and criterion reference) or free text
    description: str
    evidence: str = ""
    service: str = ""
    follow_up: NcFollowUp | None = None


@dataclass(frozen=True)
class DemoAudit:
    title: str
    kind: str
    services: tuple[str, ...]
    #: Login or service code of an internal auditor ("@rh": the pilot of rh), or an
    #: external auditor's name.
    lead: str
    team: tuple[str, ...]
    #: Months from today to the start (negative: held in the past).
    months: int
    status: str
    processes: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    auditee: str = ""
    conclusions: str = ""
    criteria_met: str = ""
    findings: tuple[DemoFinding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DemoNc:
    title: str
    source_kind: str
    service: str
    description: str
    days_ago: int
    follow_up: NcFollowUp
    severity: str = "minor"
    source_label: str = ""
    immediate_correction: str = ""


AFNOR = "Marc Lebrun"
CONSULTANT = "Isabelle Perrin"

#: (who, internal?, lead auditor?, organisation, qualifications [(kind, standard, years ago)])
AUDITORS = [
    ("auditeur", True, True, "", [("iso19011", None, 4), ("lead", "iso-9001", 3)]),
    ("qualite", True, True, "", [("lead", "iso-9001", 6), ("standard", "qualivilles", 2)]),
    ("@rh", True, False, "", [("iso19011", None, 2)]),
    ("@finances", True, False, "", [("iso19011", None, 1)]),
    ("@dsi", True, True, "", [("iso19011", None, 3), ("lead", "iso-9001", 2)]),
    ("@etat-civil", True, False, "", [("standard", "qualivilles", 1)]),
    (AFNOR, False, True, "AFNOR Certification", [("lead", "iso-9001", 10),
                                                 ("standard", "qualivilles", 8)]),
    (CONSULTANT, False, False, "Cabinet Qualiconseil", [("standard", "iso-14001", 5)]),
]

F = Finding.Kind
AUDITS = [
    DemoAudit(
        "Audit interne de l'accueil et du guichet unique", Audit.Kind.INTERNAL, ("accueil",),
        "auditeur", ("@etat-civil",), -9, Audit.Status.CLOSED, ("PRC-R01", "PRC-R04"),
        ("iso-9001 8.2.1", "iso-9001 9.1.2", "qualivilles Engagement 1",
         "qualivilles Engagement 7"),
        conclusions="Accueil maîtrisé ; le suivi des réclamations doit être fiabilisé.",
        criteria_met=Audit.CriteriaMet.LARGELY,
        findings=(
            DemoFinding(F.MINOR_NC, "qualivilles Engagement 7",
                        "Trois réclamations de janvier sans réponse dans le délai annoncé.",
                        "Registre des réclamations, janvier : 3 réponses à 21 jours.",
                        "accueil", NcFollowUp(CLOSED, "Pas de relance des réclamations en "
                                              "attente", ("Délai dépassé", "Pas d'alerte"),
                                              "Relance hebdomadaire des réclamations")),
            DemoFinding(F.OBSERVATION, "qualivilles Engagement 1",
                        "Le badge nominatif n'est pas porté par tous les agents le samedi."),
            DemoFinding(F.STRENGTH, "iso-9001 9.1.2",
                        "Enquête de satisfaction trimestrielle exploitée en réunion."),
            DemoFinding(F.OPPORTUNITY, "iso-9001 8.2.1",
                        "Proposer la prise de rendez-vous en ligne pour les passeports."),
        )),
    DemoAudit(
        "Audit interne de l'état civil", Audit.Kind.INTERNAL, ("etat-civil",), "auditeur",
        ("@rh",), -7, Audit.Status.REPORTED, ("PRC-R02",),
        ("iso-9001 7.5.3", "iso-9001 8.5", "qualivilles Engagement 6"),
        conclusions="Délais tenus, mais la maîtrise des registres présente un écart majeur.",
        criteria_met=Audit.CriteriaMet.PARTLY,
        findings=(
            DemoFinding(F.MAJOR_NC, "iso-9001 7.5.3",
                        "Registres de l'année précédente non reliés ni paraphés.",
                        "Registres des naissances et décès, 4 volumes non paraphés.",
                        "etat-civil", NcFollowUp(LATE, "Procédure de clôture annuelle "
                                                 "absente", ("Registres non clos",
                                                             "Aucune procédure"),
                                                 "Rédiger la procédure de clôture des "
                                                 "registres")),
            DemoFinding(F.MINOR_NC, "iso-9001 8.5",
                        "Mentions marginales apposées sans contrôle par un second agent.",
                        "5 mentions sur 20 contrôlées sans visa.", "etat-civil",
                        NcFollowUp(EFFECTIVENESS, "Double contrôle non prévu",
                                   ("Visa absent",), "Instaurer le double contrôle")),
            DemoFinding(F.STRENGTH, "qualivilles Engagement 6",
                        "Actes délivrés en 48 h en moyenne, délai affiché respecté."),
        )),
    DemoAudit(
        "Audit interne de la station d'épuration", Audit.Kind.INTERNAL, ("step",),
        "auditeur", ("@finances",), -6, Audit.Status.CLOSED, ("PRC-R06",),
        ("iso-14001 6.1.3", "iso-14001 8.2", "iso-9001 7.1.5"),
        conclusions="Exploitation maîtrisée ; l'étalonnage des sondes est à suivre.",
        criteria_met=Audit.CriteriaMet.LARGELY,
        findings=(
            DemoFinding(F.MINOR_NC, "iso-9001 7.1.5",
                        "Sonde d'oxygène du bassin 2 non étalonnée depuis 14 mois.",
                        "Fiche de vie de la sonde : dernier étalonnage il y a 14 mois.",
                        "step", NcFollowUp(ACTIONS, "Planning d'étalonnage non tenu",
                                           ("Oubli", "Pas de planning"),
                                           "Planifier l'étalonnage des sondes")),
            DemoFinding(F.OBSERVATION, "iso-14001 8.2",
                        "L'exercice de déversement accidentel n'a pas eu lieu cette année."),
            DemoFinding(F.OPPORTUNITY, "iso-14001 6.1.3",
                        "Automatiser l'export des bilans d'autosurveillance."),
        )),
    DemoAudit(
        "Audit interne de la restauration scolaire", Audit.Kind.INTERNAL, ("restauration",),
        "@dsi", ("auditeur",), -3, Audit.Status.REPORTED, ("PRC-R05",),
        ("iso-9001 8.5", "iso-9001 8.7"),
        conclusions="Hygiène satisfaisante ; traçabilité des menus adaptés à renforcer.",
        criteria_met=Audit.CriteriaMet.LARGELY,
        findings=(
            DemoFinding(F.MINOR_NC, "iso-9001 8.7",
                        "Un repas non conforme au PAI servi sans enregistrement.",
                        "Fiche de liaison du 12, aucun enregistrement de l'écart.",
                        "restauration", NcFollowUp(ANALYSED, "Fiche d'écart inconnue des "
                                                   "cuisiniers", ("Pas de formation",))),
            DemoFinding(F.STRENGTH, "iso-9001 8.5",
                        "Plan de maîtrise sanitaire à jour et connu des équipes."),
        )),
    DemoAudit(
        "Audit interne des ressources humaines", Audit.Kind.INTERNAL, ("rh",), "auditeur",
        ("@dsi",), 0, Audit.Status.PREPARATION, ("PRC-S01",),
        ("iso-9001 7.2", "iso-9001 7.3")),
    DemoAudit(
        "Audit fournisseur du prestataire de denrées", Audit.Kind.SUPPLIER,
        ("restauration",), "qualite", ("auditeur",), -2, Audit.Status.CLOSED, ("PRC-S02",),
        ("iso-9001 8.4",), auditee="Saveurs du Val SARL",
        conclusions="Fournisseur maîtrisé ; la chaîne du froid doit être tracée.",
        criteria_met=Audit.CriteriaMet.LARGELY,
        findings=(
            DemoFinding(F.MINOR_NC, "iso-9001 8.4",
                        "Températures de livraison non enregistrées deux jours sur cinq.",
                        "Bons de livraison de la semaine 38.", "restauration",
                        NcFollowUp(CLOSED, "Thermomètre du camion en panne",
                                   ("Relevé impossible",), "Exiger le relevé à chaque "
                                                           "livraison")),
            DemoFinding(F.STRENGTH, "iso-9001 8.4", "Certificats sanitaires tous à jour."),
        )),
    DemoAudit(
        "Audit de surveillance ISO 9001 (AFNOR)", Audit.Kind.EXTERNAL,
        ("accueil", "etat-civil"), AFNOR, (), -8, Audit.Status.CLOSED,
        ("PRC-R01", "PRC-R02"), ("iso-9001 9.2", "iso-9001 10.2"),
        conclusions="Certification maintenue ; une non-conformité mineure.",
        criteria_met=Audit.CriteriaMet.LARGELY,
        findings=(
            DemoFinding(F.MINOR_NC, "iso-9001 10.2",
                        "Efficacité des actions correctives non vérifiée pour 2 écarts.",
                        "Plan d'actions : 2 actions closes sans vérification.", "accueil",
                        NcFollowUp(CLOSED, "Vérification non planifiée",
                                   ("Pas d'échéance de vérification",),
                                   "Planifier la vérification de l'efficacité")),
            DemoFinding(F.OPPORTUNITY, "iso-9001 9.2",
                        "Élargir le vivier d'auditeurs internes."),
            DemoFinding(F.STRENGTH, "iso-9001 10.2", "Analyse des causes bien menée."),
        )),
    DemoAudit(
        "Audit de certification Qualivilles de l'accueil", Audit.Kind.CERTIFICATION,
        ("accueil",), AFNOR, (), 1, Audit.Status.PLANNED, ("PRC-R01",),
        ("qualivilles Engagement 1", "qualivilles Engagement 4", "qualivilles Engagement 7")),
]

NCS = [
    DemoNc("Courrier d'usager égaré entre l'accueil et l'urbanisme",
           Nonconformity.SourceKind.INTERNAL,
           "accueil", "Un courrier recommandé retrouvé 3 semaines après réception.", 5,
           NcFollowUp(OPEN), immediate_correction="Réponse envoyée avec excuses."),
    DemoNc("Délai de délivrance des actes dépassé en octobre", Nonconformity.SourceKind.INDICATOR,
           "etat-civil", "L'indicateur dépasse le seuil d'alerte (5 jours au lieu de 3).", 40,
           NcFollowUp(ACTIONS, "Absence non remplacée", ("Un agent absent",
                                                           "Pas de polyvalence"),
                      "Former un second agent à la délivrance"),
           source_label="Délai de délivrance des actes d'état civil"),
    DemoNc("Dépassement du seuil de rejet en azote", Nonconformity.SourceKind.INDICATOR,
           "step", "Rejet mesuré à 18 mg/l pour un seuil de 15 mg/l.", 60,
           NcFollowUp(LATE, "Aérateur défaillant", ("Oxygène insuffisant",),
                      "Remplacer l'aérateur du bassin 2"),
           severity="major", source_label="Taux de conformité des rejets"),
    DemoNc("Lot de yaourts livré avec une DLC dépassée", Nonconformity.SourceKind.SUPPLIER,
           "restauration", "Lot retiré à la réception.", 25,
           NcFollowUp(EFFECTIVENESS, "Contrôle à réception incomplet",
                      ("DLC non lue",), "Ajouter la DLC à la fiche de réception"),
           source_label="Saveurs du Val SARL"),
    DemoNc("Bennes livrées sans certificat de conformité", Nonconformity.SourceKind.SUPPLIER,
           "proprete", "Deux bennes livrées sans certificat CE.", 15, NcFollowUp(OPEN),
           source_label="Équipements Urbains SA"),
    DemoNc("Erreur de paie sur les heures supplémentaires", Nonconformity.SourceKind.INTERNAL,
           "rh", "Heures supplémentaires de septembre non payées à 6 agents.", 70,
           NcFollowUp(CLOSED, "Import des heures non contrôlé", ("Fichier incomplet",),
                      "Contrôler l'import des heures avant la paie")),
    DemoNc("Sauvegarde du serveur de fichiers non réalisée", Nonconformity.SourceKind.INTERNAL,
           "dsi", "Trois nuits sans sauvegarde détectées au contrôle mensuel.", 20,
           NcFollowUp(ANALYSED, "Alerte d'échec non reçue", ("Messagerie mal configurée",))),
    DemoNc("Horaires d'été erronés sur le site internet", Nonconformity.SourceKind.INTERNAL,
           "communication", "Les horaires d'été de la mairie annexe étaient ceux de 2025.",
           50, NcFollowUp(READY, "Pas de relecture par le service concerné",
                          ("Page publiée sans validation",),
                          "Faire valider les pages d'horaires par les services")),
    DemoNc("Taux d'appels décrochés sous le seuil en novembre",
           Nonconformity.SourceKind.INDICATOR, "accueil",
           "82 % d'appels décrochés pour un objectif de 90 %.", 10,
           NcFollowUp(ACTIONS, "Pic d'appels le lundi matin", ("Effectif réduit",),
                      "Renforcer la plage du lundi matin"),
           source_label="Taux d'appels décrochés"),
]


class _People:
    def __init__(self):
        self.users = {u.username: u for u in User.objects.filter(is_active=True)
                      .prefetch_related("groups").select_related("service")}
        self.services = Service.objects.in_bulk(field_name="code")
        self.pilots = {}
        for user in sorted(self.users.values(), key=lambda u: u.username):
            if any(g.name == roles.PILOT for g in user.groups.all()) and user.service_id:
                self.pilots.setdefault(user.service_id, user)
        missing = {"qualite", "direction", "auditeur", "pilote"} - set(self.users)
        if missing or "accueil" not in self.services:
            raise DemoRefused("The audits' demo needs the demo organisation and people "
                              "first: load the documents' demo.")
        self.pilots[self.services["accueil"].pk] = self.users["pilote"]
        self.quality = self.users["qualite"]

    def user(self, who: str):
        if who.startswith("@"):
            return self.pilots[self.services[who[1:]].pk]
        return self.users.get(who)

    def pilot(self, service):
        return self.pilots.get(service.pk, self.quality)


def load_demo(*args, stdout=None, **kwargs) -> dict:
    """Create what is missing; return the counts created."""

    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    people = _People()
    today = timezone.localdate()
    counts = {"auditors": 0, "audits": 0, "findings": 0, "nonconformities": 0}
    with transaction.atomic():
        auditors = _auditors(people, today, counts)
        criteria = _criteria()
        for demo in AUDITS:
            _audit(demo, people, auditors, criteria, today, counts)
        for demo in NCS:
            _nc(demo, people, today, counts)
    if any(counts.values()):
        write("Audits: {auditors} auditors, {audits} audits, {findings} findings, "
              "{nonconformities} nonconformities created.".format(**counts))
    else:
        write("Audits: already loaded, nothing to create.")
    return counts


def _auditors(people, today, counts) -> dict[str, Auditor]:
    standards = Standard.objects.in_bulk(field_name="code")
    found = {}
    for who, internal, lead, organisation, qualifications in AUDITORS:
        user = people.user(who) if internal else None
        auditor = (Auditor.objects.filter(user=user).first() if user is not None
                   else Auditor.objects.filter(name=who, user=None).first())
        if auditor is None:
            auditor = Auditor(user=user, name="" if user else who, organisation=organisation,
                              email=user.email if user else "", is_internal=internal,
                              is_lead_auditor=lead)
            auditor.full_clean()
            auditor.save()
            counts["auditors"] += 1
            for kind, standard, years in qualifications:
                obtained = today - relativedelta(years=years)
                qualification = AuditorQualification(
                    auditor=auditor, kind=kind,
                    standard=standards.get(standard) if standard else None,
                    obtained_on=obtained,
                    expires_on=obtained + relativedelta(years=5) if kind == "lead" else None,
                    description="Formation certifiante" if kind != "standard" else "")
                qualification.full_clean()
                qualification.save()
        found[who] = auditor
    return found


def _criteria() -> dict[str, Criterion]:
    return {f"{c.standard.code} {c.reference}": c
            for c in Criterion.objects.select_related("standard")}


def _programme(year, people) -> AuditProgramme:
    programme = AuditProgramme.objects.filter(year=year).first()
    if programme is None:
        programme = services.programme_create(
            year=year, title=f"Programme d'audit {year}", user=people.quality,
            objectives="Vérifier l'efficacité du système qualité et préparer la "
                       "certification Qualivilles de l'accueil.",
            scope="Services certifiés (accueil, état civil), station d'épuration, "
                  "restauration scolaire, ressources humaines, fournisseurs critiques.",
            risks="Processus à fort enjeu usagers et environnement audités en priorité.",
            methods="Auditeurs internes formés ISO 19011, indépendants des services "
                    "audités ; organisme certificateur pour les audits externes.")
    return programme


def _dates(demo, today):
    start = today + relativedelta(months=demo.months)
    if demo.months < 0 and start.year != today.year:
        start = datetime.date(today.year, 1, 15)
    if demo.months == 0:
        start = today + datetime.timedelta(days=10)
        if start.year != today.year:
            start = today
    return start, start + datetime.timedelta(days=1)


def _audit(demo, people, auditors, criteria, today, counts):
    if Audit.objects.filter(title=demo.title).exists():
        return
    start, end = _dates(demo, today)
    programme = _programme(start.year, people)
    audit = services.audit_create(
        programme=programme, title=demo.title, kind=demo.kind, user=people.quality,
        services=[people.services[code] for code in demo.services],
        processes=list(_processes(demo.processes)),
        criteria=[criteria[c] for c in demo.criteria if c in criteria],
        lead_auditor=auditors[demo.lead], team=[auditors[t] for t in demo.team],
        planned_start=start, planned_end=end, auditee=demo.auditee,
        places="Hôtel de ville" if "accueil" in demo.services else "Sur site",
        objectives="Vérifier la conformité aux critères et l'efficacité du processus.",
        plan="Réunion d'ouverture, entretiens, revue des enregistrements, clôture.")
    counts["audits"] += 1
    if not programme.is_approved:
        services.programme_approve(programme=programme, user=people.users["direction"])
    if demo.status == Audit.Status.PLANNED:
        return
    services.audit_set_status(audit=audit, user=people.quality, status=Audit.Status.PREPARATION)
    if demo.status == Audit.Status.PREPARATION:
        return
    services.audit_set_status(audit=audit, user=people.quality, status=Audit.Status.IN_PROGRESS)
    writer = auditors[demo.lead].user or people.quality
    services.audit_build_checklist(audit=audit, user=writer)
    nonconform = {f.clause for f in demo.findings if f.kind in Finding.NC_KINDS}
    for item in audit.checklist.select_related("criterion__standard"):
        key = f"{item.criterion.standard.code} {item.criterion.reference}" \
            if item.criterion_id else ""
        if key in nonconform:
            services.checklist_answer(item=item, user=writer, answer="nonconform",
                                      evidence="Voir le constat correspondant.")
        else:
            services.checklist_answer(item=item, user=writer, answer="conform",
                                      evidence="Enregistrements consultés.")
    for order, finding in enumerate(demo.findings, start=1):
        criterion = criteria.get(finding.clause)
        fields = {"criterion": criterion} if criterion else {"clause_reference": finding.clause}
        if finding.service:
            fields["service"] = people.services[finding.service]
        if finding.evidence:
            fields["evidence"] = finding.evidence
        recorded = services.finding_record(
            audit=audit, kind=finding.kind, description=finding.description, user=writer,
            order=order * 10, target_closure_date=end + datetime.timedelta(days=90)
            if finding.kind in Finding.NC_KINDS else None, **fields)
        counts["findings"] += 1
        if recorded.is_nonconformity:
            counts["nonconformities"] += 1
            _follow_up(recorded.nonconformity, finding.follow_up, people, today)
    services.audit_update(audit=audit, user=people.quality, conclusions=demo.conclusions,
                          criteria_met=demo.criteria_met,
                          distribution="Direction générale\nPilotes des services audités")
    services.audit_set_status(audit=audit, user=people.quality, status=Audit.Status.REPORTED)
    if demo.status == Audit.Status.CLOSED:
        services.audit_set_status(audit=audit, user=people.quality, status=Audit.Status.CLOSED)


def _processes(codes):
    from processes.models import Process

    return Process.objects.filter(code__in=codes)


def _nc(demo, people, today, counts):
    if Nonconformity.objects.filter(title=demo.title).exists():
        return
    nc = services.nonconformity_create(
        title=demo.title, description=demo.description, service=people.services[demo.service],
        source_kind=demo.source_kind, user=people.quality, severity=demo.severity,
        detected_at=today - datetime.timedelta(days=demo.days_ago),
        target_closure_date=today + datetime.timedelta(days=60 - demo.days_ago),
        source_label=demo.source_label, immediate_correction=demo.immediate_correction)
    counts["nonconformities"] += 1
    _follow_up(nc, demo.follow_up, people, today)


def _follow_up(nc, follow_up: NcFollowUp | None, people, today):
    """Move the nonconformity to its demo state through the services."""
    if follow_up is None or follow_up.state == OPEN:
        return
    quality = people.quality
    services.nonconformity_record_analysis(nc=nc, user=quality, method="five_whys",
                                           root_cause=follow_up.root_cause,
                                           five_whys=list(follow_up.whys))
    if follow_up.state == ANALYSED:
        return
    late = follow_up.state == LATE
    due = today + datetime.timedelta(days=-15 if late else 45)
    action = services.nonconformity_add_action(
        nc=nc, user=quality, title=follow_up.action, owner=people.pilot(nc.service),
        due_date=due, start_date=min(nc.detected_at, due))
    if follow_up.state in (ACTIONS, LATE):
        action_services.action_update(action=action, user=quality, progress=40)
    elif follow_up.state == EFFECTIVENESS:
        action_services.action_update(action=action, user=quality, progress=100)
    elif follow_up.state in (READY, CLOSED):
        # READY: every action done and effective, the closure left to the quality
        # engineer (in their to-do list).
        action_services.action_update(action=action, user=quality, progress=100)
        action_services.action_record_effectiveness(
            action=action, user=quality, verdict=Action.Verdict.EFFECTIVE,
            evidence="Aucune récidive constatée sur trois mois.")
        action_services.action_close(action=action, user=quality)
        services.nonconformity_refresh_status(nc=nc, user=quality)
        if follow_up.state == CLOSED:
            services.nonconformity_close(nc=nc, user=quality,
                                         comment="Actions réalisées et efficaces.")
        return
    services.nonconformity_refresh_status(nc=nc, user=quality)
