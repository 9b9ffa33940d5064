"""Demo data of the action plan: some sixty actions of the demo commune in every state —
planned, in progress, done (corrective ones only after an effective check, others with or
without one), cancelled with their reason, some late, one reopened after a check that
found it not effective, a few finished and waiting for their check — spread over the
services and the kinds, most attached to a process, a context issue, an interested party
or an indicator, some without a source, a few with budgets. With the ~20 risk treatments
of the risks' demo (registered before this one), the plan holds some eighty actions.

The action plan imports none of its sources: the demo finds them through the app
registry (``django.apps.apps.get_model``) by their natural keys, and creates the action
without its source when the module that holds it has no demo data.

Written through actions.services, so the rules users meet hold (the reference, the
status rules, the effectiveness check). Only the completion dates are then set back to
the day the work was finished, so that the plan does not look completed on the day it
was loaded. Idempotent: an action is found by its title."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import Action

K = Action.Kind
PLANNED, PROGRESS, DONE, CANCELLED, REOPENED = (
    "planned", "in_progress", "done", "cancelled", "reopened")


@dataclass(frozen=True)
class Demo:
    title: str
    kind: str
    service: str
    #: "pilot" (the service's pilot), "agent" (its first agent) or a demo login.
    owner: str
    #: ("process", code) | ("issue", title) | ("party", name) | ("indicator", title) | None
    source: tuple[str, str] | None
    state: str
    #: Days from today to the due date (negative: in the past).
    due: int
    progress: int = 0
    #: Length of the action, from its start to its due date (days).
    length: int = 90
    operating: tuple[int, int] | None = None  # planned, spent (€)
    investment: tuple[int, int] | None = None
    #: The effectiveness check of a done (or reopened) action: verdict, evidence.
    check: tuple[str, str] | None = None
    reason: str = ""  # why it was cancelled or reopened
    expected: str = ""


EFFECTIVE, NOT_EFFECTIVE = Action.Verdict.EFFECTIVE, Action.Verdict.NOT_EFFECTIVE


def P(code):  # noqa: N802 - short constructors for the catalogue
    return ("process", code)


def ISSUE(title):  # noqa: N802
    return ("issue", title)


def PARTY(name):  # noqa: N802
    return ("party", name)


def IND(title):  # noqa: N802
    return ("indicator", title)


HEAT = "Épisodes de canicule et de pluies intenses plus fréquents"
CYBER = "Menace de cyberattaque contre les collectivités"
ENERGY = "Consommation énergétique des bâtiments et de la station"

ACTIONS = [
    # --- Accueil – Guichet unique (the demo pilot « pilote » and agent « agent ») ---------
    Demo("Réorganiser l'accueil téléphonique aux heures de pointe", K.CORRECTIVE, "accueil",
         "pilote", IND("Taux d'appels décrochés"), DONE, -40,
         check=(EFFECTIVE, "Taux d'appels décrochés supérieur à 92 % trois mois de suite."),
         expected="Décrocher au moins 90 % des appels, y compris le lundi matin."),
    Demo("Mettre en place le rappel automatique des usagers en attente", K.IMPROVEMENT,
         "accueil", "pilote", IND("Temps d'attente moyen au téléphone"), PROGRESS, 10,
         progress=60, operating=(4800, 2400),
         expected="Aucun usager ne patiente plus de deux minutes au téléphone."),
    Demo("Réduire le délai de réponse aux courriels à trois jours ouvrés", K.CORRECTIVE,
         "accueil", "agent", IND("Délai moyen de réponse aux courriels"), PROGRESS, -12,
         progress=40),
    Demo("Former les agents d'accueil à l'accueil des personnes en situation de handicap",
         K.PREVENTIVE, "accueil", "pilote", P("PRC-R01"), PLANNED, 45, length=40,
         operating=(2400, 0)),
    Demo("Créer un point d'accompagnement numérique au guichet unique", K.IMPROVEMENT,
         "accueil", "pilote", ISSUE("Vieillissement de la population et fracture numérique"),
         PROGRESS, 75, progress=30, length=120, operating=(3000, 900),
         investment=(6500, 6500),
         expected="Un agent formé aide chaque jour les usagers à faire leurs démarches en "
                  "ligne."),
    Demo("Suivre chaque réclamation dans un registre unique jusqu'à sa clôture", K.CORRECTIVE,
         "accueil", "pilote", P("PRC-R04"), PROGRESS, 3, progress=100),
    Demo("Afficher les engagements de service Services Publics+ dans le hall", K.COMPLIANCE,
         "accueil", "agent", PARTY("Usagers et habitants"), DONE, -20, length=30),
    Demo("Harmoniser les réponses types aux réclamations", K.IMPROVEMENT, "accueil",
         "pilote", P("PRC-R04"), CANCELLED, -10,
         reason="Remplacée par le module de réponses types du nouveau logiciel de relation "
                "usagers."),
    Demo("Corriger les erreurs d'orientation des usagers vers les permanences", K.CORRECTIVE,
         "accueil", "pilote", P("PRC-R01"), REOPENED, -5, progress=60,
         check=(NOT_EFFECTIVE, "Douze usagers mal orientés relevés en février : la fiche "
                               "d'orientation n'est pas utilisée le samedi."),
         reason="Vérification de l'efficacité négative : étendre la fiche au samedi."),
    # --- État civil, élections --------------------------------------------------------------
    Demo("Réduire le délai de délivrance des actes d'état civil", K.CORRECTIVE, "etat-civil",
         "pilot", IND("Délai de délivrance des actes d'état civil"), DONE, -60,
         check=(EFFECTIVE, "Délai moyen ramené à 2 jours ouvrés sur le trimestre.")),
    Demo("Raccorder les demandes d'actes de naissance à COMEDEC", K.INNOVATION, "etat-civil",
         "pilot", IND("Part des demandes d'actes reçues par COMEDEC"), PROGRESS, 20,
         progress=70, investment=(12000, 8400)),
    Demo("Mettre en place un double contrôle des mentions marginales", K.CORRECTIVE,
         "etat-civil", "agent", IND("Taux d'actes sans erreur relevée"), PROGRESS, -25,
         progress=50),
    Demo("Mettre à jour la procédure de mariage après la réforme de la publication des bans",
         K.COMPLIANCE, "etat-civil", "pilot", P("PRC-R02"), DONE, -15, length=45),
    Demo("Vérifier les listes électorales après la refonte du répertoire électoral unique",
         K.COMPLIANCE, "elections", "pilot",
         IND("Erreurs relevées par l'INSEE sur les listes électorales"), DONE, -90,
         check=(EFFECTIVE, "Aucune erreur relevée par l'INSEE au dernier envoi.")),
    # --- Services techniques ------------------------------------------------------------------
    Demo("Renforcer le nettoiement du centre-ville le lundi matin", K.CORRECTIVE, "proprete",
         "pilot", P("PRC-R03"), DONE, -45,
         check=(EFFECTIVE, "Plus aucune réclamation sur la propreté du marché depuis "
                           "deux mois.")),
    Demo("Installer des caméras nomades sur les points de dépôts sauvages", K.PREVENTIVE,
         "proprete", "pilot", IND("Dépôts sauvages signalés"), PROGRESS, -8, progress=20,
         investment=(18000, 0)),
    Demo("Équiper les agents de propreté de tenues adaptées aux fortes chaleurs",
         K.PREVENTIVE, "proprete", "agent", ISSUE(HEAT), DONE, -70, length=60,
         operating=(3200, 3050)),
    Demo("Créer une brigade d'effacement des tags sous 72 heures", K.IMPROVEMENT, "proprete",
         "pilot", None, PROGRESS, 40, progress=45),
    Demo("Passer les massifs du parc des Tilleuls en gestion différenciée", K.IMPROVEMENT,
         "espaces-verts", "pilot", IND("Part des surfaces en gestion différenciée"), PROGRESS,
         30, progress=60),
    Demo("Installer un arrosage goutte-à-goutte sur les massifs du centre-ville",
         K.PREVENTIVE, "espaces-verts", "agent", IND("Consommation d'eau d'arrosage"), DONE,
         -100, investment=(22000, 20400),
         check=(EFFECTIVE, "Consommation d'eau d'arrosage en baisse de 31 % sur l'été.")),
    Demo("Faire contrôler les aires de jeux par un organisme agréé", K.COMPLIANCE,
         "espaces-verts", "pilot", IND("Conformité des contrôles des aires de jeux"),
         PROGRESS, -3, progress=80, operating=(6000, 4500)),
    Demo("Reboucher les nids-de-poule sous cinq jours grâce à une équipe d'astreinte",
         K.CORRECTIVE, "voirie", "pilot", IND("Part des nids-de-poule rebouchés sous 5 jours"),
         PROGRESS, 6, progress=100),
    Demo("Passer l'éclairage public du quartier des Prés-Bas en LED", K.INNOVATION, "voirie",
         "pilot", IND("Consommation d'énergie de l'éclairage public"), PROGRESS, 150,
         progress=35, length=300, investment=(210000, 64000),
         expected="Réduire de 60 % la consommation de l'éclairage du quartier."),
    Demo("Cartographier les réseaux d'eaux pluviales du centre-bourg", K.PREVENTIVE, "voirie",
         "agent", None, PLANNED, -20, length=120),
    Demo("Mettre à niveau le bassin d'orage de la station d'épuration", K.PREVENTIVE, "step",
         "pilot", ISSUE(HEAT), PROGRESS, 180, progress=25, length=365,
         investment=(380000, 45000)),
    Demo("Corriger le dépassement du seuil de rejet en azote de janvier", K.CORRECTIVE,
         "step", "pilot", IND("Taux de conformité des rejets"), DONE, -120, length=60,
         check=(EFFECTIVE, "Bilans d'autosurveillance conformes depuis quatre mois.")),
    Demo("Déclarer les écarts de rejet à la police de l'eau sous 24 heures", K.COMPLIANCE,
         "step", "pilot", PARTY("Préfecture et services de l'État"), DONE, -150, length=30,
         check=(EFFECTIVE, "Les deux écarts de l'année ont été déclarés le jour même.")),
    Demo("Rechercher les eaux claires parasites sur le réseau du faubourg", K.CORRECTIVE,
         "step", "agent", IND("Part d'eaux claires parasites dans les volumes traités"),
         PROGRESS, -30, progress=55, operating=(9500, 7000)),
    Demo("Réaliser l'audit énergétique des bâtiments de plus de 1 000 m²", K.COMPLIANCE,
         "batiments", "pilot", ISSUE(ENERGY), PROGRESS, 60, progress=50, length=180,
         operating=(28000, 14000),
         expected="Un plan de travaux chiffré pour tenir l'objectif du décret tertiaire."),
    Demo("Mettre à jour le registre de sécurité des établissements recevant du public",
         K.COMPLIANCE, "batiments", "pilot",
         IND("Contrôles réglementaires réalisés dans les délais"), DONE, -35, length=60),
    Demo("Remplacer la chaudière fioul de l'école Jules-Ferry", K.IMPROVEMENT, "batiments",
         "pilot", None, PLANNED, 240,
         length=150, investment=(95000, 0)),
    Demo("Traiter les demandes d'intervention dans un outil de suivi unique", K.IMPROVEMENT,
         "batiments", "agent", IND("Délai moyen de traitement des demandes d'intervention"),
         CANCELLED, 30, reason="Reportée au budget de l'an prochain, faute de crédits."),
    # --- Ressources ---------------------------------------------------------------------------
    Demo("Intégrer une clause sociale dans le marché de nettoyage des locaux", K.IMPROVEMENT,
         "marches", "pilot", None, DONE, -50),
    Demo("Relancer la consultation infructueuse de fourniture de denrées bio", K.CORRECTIVE,
         "marches", "pilot", IND("Taux de consultations infructueuses"), PROGRESS, -6,
         progress=60, length=60),
    Demo("Ramener le délai global de paiement des factures à 25 jours", K.CORRECTIVE,
         "finances", "pilot", IND("Délai global de paiement des factures"), DONE, -30,
         check=(EFFECTIVE, "Délai global de paiement de 23 jours sur le semestre.")),
    Demo("Dématérialiser la réception des factures fournisseurs", K.INNOVATION, "finances",
         "agent", PARTY("Fournisseurs et entreprises titulaires des marchés"), DONE, -80,
         length=180),
    Demo("Fiabiliser les mandats avant leur envoi à la trésorerie", K.CORRECTIVE, "finances",
         "pilot", IND("Taux de rejet des mandats par la trésorerie"), PROGRESS, 9,
         progress=30),
    Demo("Prévenir les troubles musculosquelettiques des agents techniques", K.PREVENTIVE,
         "rh", "pilot", IND("Taux d'absentéisme"), PROGRESS, 100, progress=40, length=240,
         operating=(15000, 4200)),
    Demo("Mettre à jour le document unique d'évaluation des risques professionnels",
         K.COMPLIANCE, "rh", "pilot", PARTY("Agents municipaux et représentants du personnel"),
         PROGRESS, -15, progress=70),
    Demo("Sécuriser la paie par un contrôle croisé des éléments variables", K.CORRECTIVE,
         "rh", "agent", IND("Taux d'erreurs de paie"), DONE, -55,
         check=(EFFECTIVE, "Aucune erreur de paie signalée sur les trois dernières paies.")),
    Demo("Organiser un exercice de restauration des sauvegardes", K.PREVENTIVE, "dsi",
         "pilot", IND("Taux de sauvegardes réussies"), DONE, -25, length=30,
         check=(EFFECTIVE, "Restauration complète du serveur de fichiers en 3 h 40.")),
    Demo("Sensibiliser tous les agents à l'hameçonnage", K.PREVENTIVE, "dsi", "agent",
         ISSUE(CYBER), PROGRESS, 13, progress=65, operating=(5500, 3000)),
    Demo("Mettre en place l'authentification à deux facteurs sur la messagerie",
         K.PREVENTIVE, "dsi", "pilot", ISSUE(CYBER), PROGRESS, -4, progress=80,
         investment=(9000, 7200)),
    Demo("Remplacer le logiciel de relation usagers", K.INNOVATION, "dsi", "pilot",
         ISSUE("Logiciel de relation usagers vieillissant"), PROGRESS, 270, progress=15,
         length=400, operating=(8000, 1000), investment=(60000, 12000),
         expected="Suivre chaque demande et réclamation de bout en bout, tous canaux "
                  "confondus."),
    Demo("Créer les comptes des nouveaux agents avant leur arrivée", K.CORRECTIVE, "dsi",
         "agent", IND("Délai de création des comptes des nouveaux agents"), CANCELLED, 15,
         reason="Reprise dans la refonte du parcours d'arrivée des agents menée par les "
                "ressources humaines."),
    # --- Solidarité, éducation, culture, sport --------------------------------------------------
    Demo("Contacter chaque personne du registre canicule dans les 48 heures d'une alerte",
         K.CORRECTIVE, "ccas", "pilot",
         IND("Part des personnes inscrites au registre canicule contactées"), DONE, -140,
         check=(EFFECTIVE, "Toutes les personnes inscrites jointes lors des deux alertes "
                           "de l'été.")),
    Demo("Simplifier le dossier de demande d'aide facultative", K.IMPROVEMENT, "ccas",
         "agent", None, PROGRESS, 35, progress=50),
    Demo("Atteindre 20 % de produits biologiques dans les repas servis", K.COMPLIANCE,
         "restauration", "pilot", IND("Part de produits bio dans les achats alimentaires"),
         PROGRESS, 50, progress=75, length=300, operating=(42000, 30000)),
    Demo("Peser chaque semaine les restes alimentaires dans les restaurants scolaires",
         K.IMPROVEMENT, "restauration", "agent",
         None, DONE, -65, length=60),
    Demo("Renforcer le plan de maîtrise sanitaire après une analyse non conforme",
         K.CORRECTIVE, "restauration", "pilot",
         IND("Conformité des analyses microbiologiques"), PROGRESS, -9, progress=90,
         length=45),
    Demo("Publier les menus et les allergènes en ligne pour les familles", K.IMPROVEMENT,
         "restauration", "pilot", PARTY("Familles des enfants scolarisés"), CANCELLED, 20,
         reason="Intégrée au portail famille ouvert par les affaires scolaires."),
    Demo("Ouvrir les inscriptions périscolaires en ligne sur le portail famille",
         K.INNOVATION, "scolaire", "pilot",
         IND("Part des inscriptions périscolaires réalisées en ligne"), DONE, -110,
         length=200, investment=(15000, 14200)),
    Demo("Recruter des animateurs pour respecter les taux d'encadrement du mercredi",
         K.CORRECTIVE, "scolaire", "pilot",
         IND("Taux d'encadrement conforme en accueil périscolaire"), PROGRESS, -18,
         progress=50),
    Demo("Réduire la consommation d'énergie du centre aquatique", K.IMPROVEMENT, "sports",
         "pilot", IND("Consommation d'énergie du centre aquatique"), PROGRESS, 110,
         progress=20, length=240, investment=(75000, 9000)),
    Demo("Ouvrir la réservation en ligne des gymnases aux associations", K.IMPROVEMENT,
         "sports", "agent",
         IND("Délai de réponse aux demandes de réservation d'équipements"), PLANNED, -2,
         length=60),
    # --- Direction générale ----------------------------------------------------------------------
    Demo("Mettre le site internet en conformité avec le RGAA", K.COMPLIANCE, "communication",
         "pilot", IND("Conformité du site au référentiel d'accessibilité (RGAA)"), PROGRESS,
         80, progress=40, length=200, operating=(12000, 4800)),
    Demo("Renforcer les patrouilles aux abords des écoles", K.CORRECTIVE, "police", "pilot",
         IND("Taux de couverture des sorties d'école"), DONE, -75,
         check=(EFFECTIVE, "Toutes les sorties d'école couvertes depuis la rentrée.")),
    Demo("Solder les actions correctives en retard de plus de six mois", K.CORRECTIVE,
         "qualite", "qualite", IND("Part des actions correctives soldées dans les délais"),
         PROGRESS, 7, progress=50),
    Demo("Former les pilotes à l'analyse des causes (5 pourquoi, Ishikawa)", K.PREVENTIVE,
         "qualite", "qualite", P("PRC-M01"), PLANNED, 30, length=45, operating=(3600, 0)),
    Demo("Relancer les services sur la lecture des documents qualité", K.IMPROVEMENT,
         "qualite", "qualite", IND("Taux de lecture des documents qualité"), PROGRESS, -7,
         progress=10),
    Demo("Préparer l'audit de renouvellement de la certification", K.COMPLIANCE, "qualite",
         "qualite", P("PRC-M01"), PROGRESS, 40, progress=20, length=120,
         operating=(9800, 0)),
]


def load_demo(stdout=None) -> dict:
    """Create the demo actions that are missing; return {"actions": created, "total":
    actions in the plan}."""

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    existing = set(Action.objects.filter(title__in=[d.title for d in ACTIONS])
                   .values_list("title", flat=True))
    todo = [demo for demo in ACTIONS if demo.title not in existing]
    created = 0
    if todo:
        with transaction.atomic():
            people = _People({demo.service for demo in ACTIONS})
            sources = _Sources(todo)
            today = timezone.localdate()
            for demo in todo:
                _create(demo, people, sources.get(demo), today)
                created += 1
    total = Action.objects.count()
    if created:
        write(f"Actions: {created} created; the plan holds {total} actions.")
    else:
        write("Actions: already loaded, nothing to create.")
    return {"actions": created, "total": total}


class _People:
    """The demo's services and who acts in them, in two queries."""

    def __init__(self, codes):
        self.services = Service.objects.in_bulk(codes, field_name="code")
        if missing := set(codes) - set(self.services):
            raise DemoRefused(
                "The action plan's demo needs the demo organisation first (services "
                + ", ".join(sorted(missing)) + "): load the documents' demo."
            )
        self.logins = {}
        self.pilots, self.agents = {}, {}
        users = (User.objects.filter(is_active=True)
                 .prefetch_related("groups").order_by("username"))
        for user in users:
            names = {group.name for group in user.groups.all()}
            self.logins[user.username] = user
            if roles.QUALITY_ENGINEER in names:
                self.logins.setdefault("_quality", user)
            if roles.PILOT in names:
                self.pilots.setdefault(user.service_id, user)
            if roles.AGENT in names:
                self.agents.setdefault(user.service_id, user)
        if "_quality" not in self.logins:
            raise DemoRefused("The action plan's demo needs the quality engineer: load the "
                              "documents' demo.")
        # The demo logins are the pilot and agent of the reception service.
        accueil = self.services.get("accueil")
        for login, group in (("pilote", self.pilots), ("agent", self.agents)):
            if accueil is not None and login in self.logins:
                group[accueil.pk] = self.logins[login]

    @property
    def quality(self):
        return self.logins["_quality"]

    def owner(self, demo: Demo):
        service = self.services[demo.service]
        if demo.owner == "pilot":
            found = self.pilots.get(service.pk)
        elif demo.owner == "agent":
            found = self.agents.get(service.pk) or self.pilots.get(service.pk)
        else:
            found = self.logins.get(demo.owner)
        return found or self.quality

    def writer(self, demo: Demo):
        """Who records the action: the quality engineer for their own actions, else the
        pilot of its service (or the quality engineer when it has none)."""
        if demo.owner in self.logins and self.logins[demo.owner] == self.quality:
            return self.quality
        return self.pilots.get(self.services[demo.service].pk) or self.quality


class _Sources:
    """The records the actions come from, found through the app registry by their
    natural keys (no import of the modules that feed the plan), in a query per kind."""

    #: kind: (app label, model, natural key field, whether the key includes the service)
    LOOKUPS = {
        "process": ("processes", "Process", "code", False),
        "issue": ("processes", "ContextIssue", "title", False),
        "party": ("processes", "InterestedParty", "name", False),
        # Indicator titles are unique within a service only.
        "indicator": ("indicators", "Indicator", "title", True),
    }

    def __init__(self, demos):
        self.found = {}
        keys = {}
        for demo in demos:
            if demo.source:
                keys.setdefault(demo.source[0], set()).add(demo.source[1])
        for kind, values in keys.items():
            app_label, model_name, field, by_service = self.LOOKUPS[kind]
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                continue
            records = model.objects.filter(**{f"{field}__in": values}).order_by("pk")
            if by_service:
                records = records.select_related("service")
            for record in records:
                service = record.service.code if by_service else None
                self.found.setdefault((kind, getattr(record, field), service), record)

    def get(self, demo: Demo):
        if not demo.source:
            return None
        kind, key = demo.source
        service = demo.service if self.LOOKUPS[kind][3] else None
        return self.found.get((kind, key, service))


def _create(demo: Demo, people: _People, source, today: datetime.date) -> Action:
    owner, writer, quality = people.owner(demo), people.writer(demo), people.quality
    due = today + datetime.timedelta(days=demo.due)
    start = due - datetime.timedelta(days=demo.length)
    fields = {"start_date": start, "expected_result": demo.expected}
    if demo.operating:
        fields["operating_budget_planned"] = Decimal(demo.operating[0])
        fields["operating_budget_spent"] = Decimal(demo.operating[1])
    if demo.investment:
        fields["investment_budget_planned"] = Decimal(demo.investment[0])
        fields["investment_budget_spent"] = Decimal(demo.investment[1])
    started = demo.state != PLANNED and start <= today
    action = services.action_create(
        title=demo.title, kind=demo.kind, owner=owner, service=people.services[demo.service],
        due_date=due, user=writer, source=source,
        status=Action.Status.IN_PROGRESS if started else Action.Status.PLANNED,
        progress=demo.progress or (50 if started and demo.state == DONE else 0),
        **fields,
    )
    if demo.state == CANCELLED:
        return services.action_cancel(action=action, user=writer, reason=demo.reason)
    if demo.state not in (DONE, REOPENED):
        return action
    # Finished a few days before it was due (or a little late), checked some weeks after.
    finished = min(due - datetime.timedelta(days=3 if demo.due % 2 else -4), today)
    if demo.state == REOPENED:
        # Finished, then found not effective by its check: back to work.
        action = services.action_update(action=action, user=writer, progress=100,
                                        reason="Travaux terminés")
    if demo.check:
        verdict, evidence = demo.check
        checked = min(finished + datetime.timedelta(days=30), today)
        action = services.action_record_effectiveness(
            action=action, user=quality, verdict=verdict, evidence=evidence, checked_at=checked,
        )
    if demo.state == REOPENED:
        action = services.action_reopen(action=action, user=quality, reason=demo.reason)
        return services.action_update(action=action, user=writer, progress=demo.progress,
                                      reason="Nouvelle fiche d'orientation en cours")
    action = services.action_close(action=action, user=writer)
    Action.objects.filter(pk=action.pk).update(completed_at=finished)
    action.completed_at = finished
    return action
