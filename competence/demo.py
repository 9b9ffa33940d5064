"""Demo data of competence: a catalogue of competences, a job role for every job title of
the demo municipality's people (documents/demo/organisation.py: each service's head and
agents, the directors), what each role requires, the assignments, about three hundred
trainings over three years (CNFPT and internal, some with a certificate, some still to be
evaluated) and the assessments of the agents' levels.

Built through competence.services; idempotent (competences by name, roles by title and
service, assignments by agent and role, trainings by agent, title and date, assessments
by agent, competence and date)."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.utils import timezone

from qms import roles
from qms.models import Service, User

from . import services
from .models import (
    EVALUATION_DELAY_MONTHS,
    Competence,
    CompetenceAssessment,
    JobRole,
    RoleAssignment,
    Training,
)

SEED = 2055
C = Competence.Category
#: Required of everyone (name, category, level, mandatory).
COMMON = [
    ("Accueil et relation à l'usager", C.RELATIONAL, 2, True),
    ("Démarche qualité et amélioration continue", C.MANAGEMENT, 2, True),
    ("Santé et sécurité au travail", C.SAFETY, 2, True),
    ("Protection des données personnelles (RGPD)", C.REGULATORY, 2, False),
]
#: Required of the heads of service and directors.
HEAD = [
    ("Management d'équipe", C.MANAGEMENT, 3, True),
    ("Pilotage de processus et indicateurs", C.MANAGEMENT, 3, True),
]
#: The competences of each service's trade (name, category).
TRADE = {
    "qualite": [("Audit interne ISO 9001", C.REGULATORY), ("Contrôle de gestion", C.TECHNICAL)],
    "communication": [("Rédaction web et réseaux sociaux", C.TECHNICAL),
                      ("Accessibilité numérique (RGAA)", C.REGULATORY)],
    "juridique": [("Droit des collectivités territoriales", C.REGULATORY),
                  ("Préparation des assemblées délibérantes", C.TECHNICAL)],
    "police": [("Pouvoirs de police du maire", C.REGULATORY),
               ("Gestion des situations conflictuelles", C.SAFETY)],
    "accueil": [("Orientation des usagers et démarches en ligne", C.TECHNICAL),
                ("Gestion des situations conflictuelles", C.SAFETY)],
    "etat-civil": [("Règles de l'état civil", C.REGULATORY),
                   ("Logiciel d'état civil", C.TECHNICAL)],
    "elections": [("Code électoral", C.REGULATORY),
                  ("Répertoire électoral unique (REU)", C.TECHNICAL)],
    "proprete": [("Conduite d'engins de nettoiement (CACES)", C.SAFETY),
                 ("Gestion des déchets et tri sélectif", C.TECHNICAL)],
    "espaces-verts": [("Gestion différenciée des espaces verts", C.TECHNICAL),
                      ("Certiphyto", C.REGULATORY)],
    "voirie": [("Signalisation temporaire de chantier", C.SAFETY),
               ("Autorisation d'intervention à proximité des réseaux (AIPR)", C.REGULATORY)],
    "step": [("Exploitation d'une station d'épuration", C.TECHNICAL),
             ("Autosurveillance réglementaire des rejets", C.REGULATORY)],
    "batiments": [("Habilitation électrique", C.SAFETY),
                  ("Sécurité incendie des ERP", C.REGULATORY)],
    "marches": [("Code de la commande publique", C.REGULATORY),
                ("Analyse des offres", C.TECHNICAL)],
    "finances": [("Comptabilité publique M57", C.REGULATORY),
                 ("Préparation budgétaire", C.TECHNICAL)],
    "rh": [("Statut de la fonction publique territoriale", C.REGULATORY),
           ("Gestion de la paie", C.TECHNICAL)],
    "dsi": [("Sécurité des systèmes d'information", C.TECHNICAL),
            ("Administration des postes de travail", C.TECHNICAL)],
    "ccas": [("Instruction des aides sociales", C.REGULATORY),
             ("Écoute et accompagnement social", C.RELATIONAL)],
    "petite-enfance": [("Développement du jeune enfant", C.TECHNICAL),
                       ("Prévention et secours civiques (PSC1)", C.SAFETY)],
    "restauration": [("Hygiène alimentaire HACCP", C.REGULATORY),
                     ("Production culinaire en restauration collective", C.TECHNICAL)],
    "scolaire": [("Inscriptions scolaires et sectorisation", C.TECHNICAL),
                 ("Logiciel de gestion famille", C.TECHNICAL)],
    "bibliotheque": [("Médiation culturelle", C.RELATIONAL),
                     ("Catalogage et système de gestion de bibliothèque", C.TECHNICAL)],
    "sports": [("Encadrement des activités physiques et sportives", C.TECHNICAL),
               ("Prévention et secours civiques (PSC1)", C.SAFETY)],
}
#: A role found in every service (the others are their service's).
MUNICIPAL_ROLES = {"Agent d'accueil"}
ORGANISERS = [(Training.Organiser.CNFPT, "CNFPT – délégation Centre-Val de Loire", 55),
              (Training.Organiser.INTERNAL, "Formation interne", 35),
              (Training.Organiser.OTHER, "Organisme de formation privé", 10)]
HOURS = [Decimal("3.5"), Decimal("7"), Decimal("7"), Decimal("14"), Decimal("21"),
         Decimal("3")]
FORMATS = ["Formation : %s", "Perfectionnement : %s", "Initiation : %s", "Recyclage : %s"]


def _certificate(title: str, agent: User, date: datetime.date) -> ContentFile:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, "Attestation de formation")
    pdf.drawString(72, 730, f"{agent.get_full_name()} — {title}")
    pdf.drawString(72, 710, f"Le {date:%d/%m/%Y}")
    pdf.save()
    return ContentFile(buffer.getvalue(), name=f"attestation-{agent.username}-{date:%Y%m%d}.pdf")


class _Loader:
    def __init__(self, write):
        self.write = write
        self.created = Counter()
        self.today = timezone.localdate()
        self.quality = User.objects.filter(username="qualite").first()

    def run(self) -> dict:
        self.competences = {c.name: c for c in Competence.objects.all()}
        people = list(User.objects.filter(is_active=True, service__isnull=False)
                      .exclude(job_title="").select_related("service", "service__parent")
                      .prefetch_related("groups").order_by("pk"))
        heads = {p.service_id: p for p in people
                 if roles.PILOT in {g.name for g in p.groups.all()}}
        self.assigned = set(RoleAssignment.objects.values_list("agent_id", "role_id"))
        self.trained = set(Training.objects.values_list("agent_id", "title", "date"))
        self.assessed = set(CompetenceAssessment.objects.values_list(
            "agent_id", "competence_id", "assessed_on"))
        self.roles = {(r.title, r.service_id): r for r in JobRole.objects.all()}
        for person in people:
            is_head = roles.PILOT in {g.name for g in person.groups.all()}
            role = self._role(person, is_head)
            self._assign(person, role)
            needs = self._needs(person.service, is_head)
            self._assess(person, needs, heads.get(person.service_id))
            self._train(person, needs, heads.get(person.service_id))
        self.write(f"  competence: {self.created['trainings']} trainings, "
                   f"{self.created['roles']} job roles")
        return dict(self.created)

    # --- catalogue and roles -------------------------------------------------------------
    def _competence(self, name, category) -> Competence:
        competence = self.competences.get(name)
        if competence is None:
            competence = services.competence_create(name=name, category=category,
                                                    user=self.quality)
            self.competences[name] = competence
            self.created["competences"] += 1
        return competence

    def _trade(self, service: Service):
        code = service.code if service.code in TRADE else None
        return TRADE.get(code, [])

    def _needs(self, service, is_head) -> list[tuple[Competence, int, bool]]:
        needs = [(self._competence(n, c), level, mandatory) for n, c, level, mandatory in COMMON]
        if is_head:
            needs += [(self._competence(n, c), level, m) for n, c, level, m in HEAD]
        needs += [(self._competence(n, c), 3, True) for n, c in self._trade(service)]
        return needs

    def _role(self, person: User, is_head: bool) -> JobRole:
        service = None if person.job_title in MUNICIPAL_ROLES else person.service
        key = (person.job_title, service.pk if service else None)
        role = self.roles.get(key)
        if role is None:
            role = services.job_role_create(title=person.job_title, service=service,
                                            user=self.quality)
            for competence, level, mandatory in self._needs(person.service, is_head):
                services.role_requirement_set(role=role, competence=competence, level=level,
                                              is_mandatory=mandatory, user=self.quality)
            self.roles[key] = role
            self.created["roles"] += 1
        return role

    @staticmethod
    def _rng(*parts) -> random.Random:
        """A generator of its own for each row, so that the rows already there (skipped)
        do not change what the others draw: loading twice gives the same data."""
        return random.Random("-".join(str(part) for part in (SEED, *parts)))

    def _assign(self, person, role):
        if (person.pk, role.pk) in self.assigned:
            return
        since = self.today - datetime.timedelta(
            days=self._rng(person.username, "role").randint(200, 3000))
        services.role_assign(agent=person, role=role, since=since, user=self.quality)
        self.assigned.add((person.pk, role.pk))
        self.created["assignments"] += 1

    # --- levels and trainings ------------------------------------------------------------
    def _assess(self, person, needs, head):
        for competence, level, _mandatory in needs:
            rng = self._rng(person.username, competence.name)
            if rng.random() < 0.12:  # never assessed: a gap in the matrix
                continue
            day = self.today - datetime.timedelta(days=rng.randint(10, 700))
            if (person.pk, competence.pk, day) in self.assessed:
                continue
            assessed = max(1, min(4, level + rng.choice([-1, 0, 0, 0, 1, 1])))
            services.assessment_record(
                agent=person, competence=competence, level=assessed, assessed_on=day,
                assessed_by=head if head and head.pk != person.pk else self.quality,
                comment="Entretien professionnel annuel", user=self.quality)
            self.assessed.add((person.pk, competence.pk, day))
            self.created["assessments"] += 1

    def _train(self, person, needs, head):
        for number in range(self._rng(person.username, "trainings").randint(2, 4)):
            rng = self._rng(person.username, "training", number)
            competence = rng.choice(needs)[0]
            title = rng.choice(FORMATS) % competence.name
            day = self.today - datetime.timedelta(days=rng.randint(-90, 3 * 365))
            if (person.pk, title, day) in self.trained:
                continue
            kind, organiser = self._organiser(rng)
            hours = rng.choice(HOURS)
            end = day + datetime.timedelta(days=1) if hours >= 14 else None
            status = Training.Status.PLANNED if day > self.today else (
                Training.Status.CANCELLED if rng.random() < 0.04 else Training.Status.DONE)
            fields = {}
            if (status == Training.Status.DONE and kind == Training.Organiser.CNFPT
                    and rng.random() < 0.3):
                fields["certificate"] = _certificate(title, person, day)
            training = services.training_create(
                agent=person, title=title, date=day, end_date=end, hours=hours,
                organiser_kind=kind, organiser=organiser, status=status,
                competences=[competence], user=self.quality, **fields)
            self.trained.add((person.pk, title, day))
            self.created["trainings"] += 1
            self._evaluate(training, head, rng)

    def _organiser(self, rng):
        roll = rng.randint(1, 100)
        for kind, name, weight in ORGANISERS:
            if roll <= weight:
                return kind, name
            roll -= weight
        return ORGANISERS[-1][:2]

    def _evaluate(self, training, head, rng):
        due = training.ends_on + relativedelta(months=EVALUATION_DELAY_MONTHS)
        if training.status != Training.Status.DONE or due > self.today:
            return
        if rng.random() < 0.12:  # left to evaluate: on the pilots' to-do lists
            return
        result = rng.choices(
            [Training.Result.EFFECTIVE, Training.Result.PARTLY, Training.Result.NOT_EFFECTIVE],
            weights=[70, 22, 8])[0]
        comment = {
            Training.Result.EFFECTIVE: "Acquis mis en pratique au poste, constaté en entretien.",
            Training.Result.PARTLY: "Acquis partiels : accompagnement au poste à prévoir.",
            Training.Result.NOT_EFFECTIVE: "Pas de changement constaté : formation à "
                                           "compléter.",
        }[result]
        evaluated_by = head if head and head.pk != training.agent_id else self.quality
        services.training_evaluate(
            training=training, result=result, comment=comment,
            evaluated_on=min(due, self.today), evaluated_by=evaluated_by, user=self.quality)
        self.created["evaluations"] += 1


def load_demo(stdout=None, **kwargs) -> dict:
    def write(message):
        if stdout is not None:
            stdout.write(message)

    return _Loader(write).run()
