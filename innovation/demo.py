"""Demo data of the innovation & performance programme, shaped like the seeds: the
« Démarche innovation et performance » of the town, its agglomeration and its CIAS, 3
levels of arbitration (DG referent, COPIL, mayor), 4 axes, 10 themes each with its
working group (a facilitator, a DG referent, 6 to 12 members: 134 participants), 59
meetings held with their minutes, the inventory of the existing, some forty ideas of
agents, 200 proposals through arbitration in every state (most accepted, some sent back
and accepted in a second round, some rejected, some awaiting a level, a few drafts), 12
contracts under the 4 axes grouping the accepted proposals, 178 funded actions in the
action plan in every state (done, in progress, late, planned, some blocked) for about
3.5 M€ of programme and services' budgets, budget moves by the direction, 12 monthly
reports per contract, 4 quarterly steering committees with their decisions, the news and
its followers.

Dates are relative to the day of the load: the groups worked 18 to 12 months ago, the
contracts were signed a year ago and reported on every month since, up to last month.
Built through innovation.services and actions.services, so the rules users meet hold;
the month-by-month progress of the actions is played before each monthly report. Only
elapsed time is then simulated (as the action plan's demo does): the dates a record was
made (ideas, proposals, decisions, moves, reports, news) are set back to when it
happened, and each report's count of late actions to what was late that month.

Deterministic (random.Random(SEED)). Needs the demo organisation and people (documents'
demo); creates the agents the groups still lack (« agent.<n> », password « demo ») and
the mayor's login (« maire »). Idempotent: the programme is found by its code."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.signal_handlers import disable_reference_index_auto_update

from actions import services as action_services
from actions.models import Action
from documents.demo.organisation import FIRST_NAMES as FIRST
from documents.demo.organisation import LAST_NAMES as LAST
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import (
    Arbitration,
    ArbitrationLevel,
    Axis,
    Body,
    BudgetMove,
    ContractReport,
    Follower,
    FundedAction,
    Idea,
    InnovationProgramme,
    InventoryItem,
    News,
    Proposal,
    Theme,
    WorkingGroup,
)

SEED = 2025
CODE = "dip"
PASSWORD = "demo"  # noqa: S105 - demo data, loaded only with DEBUG on
EMAIL_DOMAIN = "mairie-belleville.fr"
PARTICIPANTS = 134
ACTIONS_BY_CONTRACT = [18, 16, 15, 15, 14, 14, 15, 16, 14, 13, 14, 14]  # 178
#: States of the 178 actions: done, late, in progress, planned (9 of the open ones blocked).
ACTION_STATES = {"done": 64, "late": 22, "progress": 62, "planned": 30}
BLOCKED = 9
#: Money (€): programme operating, programme investment, services' operating, investment.
BUDGET = (1_050_000, 1_900_000, 250_000, 300_000)  # 3.5 M€
ENVELOPES = (Decimal("1100000"), Decimal("2000000"))

BODIES = [("Ville de Belleville-sur-Loire", Body.Kind.COMMUNE),
          ("Communauté d'agglomération du Val de Loire", Body.Kind.INTERCOMMUNALITY),
          ("CIAS du Val de Loire", Body.Kind.CIAS)]
AXES = ["Une administration plus proche des usagers",
        "Des services plus efficaces et moins coûteux",
        "Une ville plus sobre et durable",
        "Des agents acteurs du changement"]
PRIORITIES = ("Améliorer la qualité du service rendu aux usagers\n"
              "Maîtriser les dépenses de fonctionnement\n"
              "Réduire l'empreinte environnementale des services\n"
              "Améliorer les conditions de travail et associer les agents")


@dataclass(frozen=True)
class DemoTheme:
    title: str
    service: str  # the facilitator's service
    services: tuple[str, ...]  # the services its proposals concern
    description: str
    proposals: tuple[str, ...]
    inventory: tuple[str, str, str]  # a strength, a weakness, an opportunity
    ideas: tuple[str, ...]


THEMES = [
    DemoTheme(
        "Accueil téléphonique et physique des usagers", "accueil",
        ("accueil", "etat-civil", "elections", "communication"),
        "Joindre la mairie du premier coup, être reçu sans attendre.",
        ("Numéro unique pour la mairie", "Serveur vocal interactif",
         "Rappel des usagers sous 24 heures", "Charte d'accueil téléphonique",
         "Formation des agents à l'accueil téléphonique", "Suivi des appels perdus",
         "Accueil ouvert le samedi matin", "Prise de rendez-vous en ligne",
         "Borne d'accueil dans le hall", "Signalétique du hall d'accueil"),
        ("Des agents d'accueil polyvalents", "Un appel sur trois perdu aux heures de pointe",
         "La prise de rendez-vous en ligne pour les titres d'identité"),
        ("Rappeler les usagers qui ont laissé un message", "Un numéro court pour la mairie",
         "Afficher le temps d'attente au guichet", "Un accueil commun avec le CIAS")),
    DemoTheme(
        "Dématérialisation des démarches", "dsi", ("dsi", "etat-civil", "scolaire", "rh"),
        "Des démarches en ligne de bout en bout, pour les usagers et les agents.",
        ("Portail citoyen unique", "Inscriptions scolaires en ligne",
         "Parapheur électronique", "Signature électronique des actes",
         "Dématérialisation des factures fournisseurs", "Archivage électronique",
         "Demandes d'actes d'état civil en ligne", "Paiement en ligne des services",
         "Coffre-fort numérique des agents", "Formulaires en ligne accessibles"),
        ("Un réseau informatique fiable", "Des circuits de signature papier lents",
         "Le programme national de dématérialisation"),
        ("Envoyer les bulletins de paie par voie électronique", "Payer la cantine en ligne",
         "Un seul identifiant pour tous les services", "Supprimer les doubles saisies")),
    DemoTheme(
        "Achats et commande publique", "marches", ("marches", "finances", "batiments"),
        "Acheter mieux et moins cher, en mutualisant avec l'agglomération.",
        ("Groupement de commandes avec l'agglomération", "Cartographie des achats",
         "Guide interne de l'achat", "Clauses environnementales dans les marchés",
         "Centrale d'achat pour les fournitures", "Suivi de l'exécution des marchés",
         "Dématérialisation des bons de commande", "Formation des acheteurs",
         "Achats de petit matériel regroupés", "Sourcing des fournisseurs locaux"),
        ("Une commande publique sécurisée juridiquement",
         "Des achats dispersés entre les services",
         "Les groupements de commandes de l'agglomération"),
        ("Regrouper les commandes de papier", "Un catalogue interne des fournitures",
         "Acheter local pour la restauration")),
    DemoTheme(
        "Énergie des bâtiments communaux", "batiments", ("batiments", "sports", "scolaire"),
        "Réduire la consommation d'énergie du patrimoine bâti.",
        ("Gestion technique centralisée des écoles", "Relamping LED des gymnases",
         "Isolation des combles de l'hôtel de ville", "Suivi mensuel des consommations",
         "Régulation du chauffage par horloge", "Panneaux photovoltaïques au centre technique",
         "Sensibilisation des occupants aux écogestes", "Audit énergétique des bâtiments",
         "Remplacement des chaudières fioul", "Contrat de performance énergétique"),
        ("Une équipe de maintenance réactive", "Des bâtiments anciens mal isolés",
         "Les aides de l'État à la rénovation énergétique"),
        ("Éteindre l'éclairage des gymnases vides", "Des thermostats dans les écoles",
         "Des panneaux solaires sur les ateliers", "Fermer les portes des halls en hiver")),
    DemoTheme(
        "Qualité de vie au travail", "rh", ("rh", "dsi", "communication"),
        "Mieux travailler ensemble : locaux, organisation, santé au travail.",
        ("Télétravail pour les postes éligibles", "Aménagement des espaces de pause",
         "Plan de prévention des troubles musculo-squelettiques",
         "Accueil des nouveaux arrivants", "Entretiens de mi-année",
         "Formation des encadrants au management", "Salle de réunion partagée équipée",
         "Baromètre social annuel", "Horaires variables", "Prévention des risques psychosociaux"),
        ("Des équipes solidaires", "Des locaux vétustes au centre technique",
         "Le télétravail comme levier d'attractivité"),
        ("Un livret d'accueil des nouveaux agents", "Des sièges ergonomiques",
         "Une journée de télétravail par semaine", "Un espace de pause à la cuisine centrale")),
    DemoTheme(
        "Flotte de véhicules et ateliers", "voirie", ("voirie", "proprete", "espaces-verts"),
        "Moins de véhicules, mieux partagés, plus propres.",
        ("Pool de véhicules partagés", "Réservation en ligne des véhicules",
         "Remplacement par des véhicules électriques", "Vélos à assistance électrique",
         "Suivi des kilomètres et des pleins", "Entretien préventif des engins",
         "Mutualisation de l'atelier mécanique", "Formation à l'écoconduite",
         "Cession des véhicules sous-utilisés", "Géolocalisation des engins"),
        ("Un atelier mécanique compétent", "Des véhicules peu utilisés",
         "Les bornes de recharge de l'agglomération"),
        ("Partager les véhicules entre services", "Des vélos pour les trajets courts")),
    DemoTheme(
        "Propreté urbaine et espaces publics", "proprete", ("proprete", "espaces-verts",
                                                             "police"),
        "Une ville propre, des signalements traités vite.",
        ("Application de signalement des dépôts sauvages", "Brigade verte",
         "Plan de désherbage sans pesticide", "Corbeilles de tri dans les parcs",
         "Tournées de nettoiement optimisées", "Sensibilisation dans les écoles",
         "Verbalisation des dépôts sauvages", "Nettoyage après les marchés",
         "Cendriers de poche", "Gestion différenciée des espaces verts"),
        ("Des tournées régulières", "Des dépôts sauvages en hausse",
         "Les habitants prêts à signaler"),
        ("Une application pour signaler les dépôts", "Plus de corbeilles près des écoles",
         "Des cendriers aux arrêts de bus", "Nettoyer après le marché du dimanche")),
    DemoTheme(
        "Restauration scolaire et gaspillage alimentaire", "restauration",
        ("restauration", "scolaire", "marches"),
        "Des repas de qualité, moins de gaspillage.",
        ("Pesée des déchets alimentaires", "Réservation des repas en ligne",
         "Produits locaux et bio", "Menu végétarien hebdomadaire", "Tables de tri",
         "Portions adaptées à l'âge", "Formation des agents de service",
         "Compostage des biodéchets", "Commission des menus avec les parents",
         "Dons des excédents aux associations"),
        ("Une cuisine centrale en régie", "Un tiers des repas jeté",
         "Les producteurs locaux du Val de Loire"),
        ("Peser les restes chaque jour", "Un potager à l'école",
         "Réserver les repas la veille")),
    DemoTheme(
        "Mutualisation Ville, agglomération et CIAS", "finances",
        ("finances", "rh", "ccas", "juridique"),
        "Partager les fonctions support entre les trois structures.",
        ("Service commun des ressources humaines", "Service commun des finances",
         "Accueil social unique Ville-CIAS", "Service juridique partagé",
         "Plateforme commune d'archives", "Paie mutualisée", "Formation commune des agents",
         "Outil financier unique", "Convention de mise à disposition",
         "Schéma de mutualisation"),
        ("Une longue habitude de travail commun", "Des outils différents dans chaque structure",
         "Le schéma de mutualisation de l'agglomération"),
        ("Un guichet social unique", "Une seule paie pour les trois structures")),
    DemoTheme(
        "Communication interne et partage de l'information", "communication",
        ("communication", "dsi", "rh"),
        "Que chaque agent sache ce qui se décide et où trouver l'information.",
        ("Lettre interne mensuelle", "Intranet refondu", "Annuaire des agents à jour",
         "Réunions de service trimestrielles", "Affichage dynamique dans les ateliers",
         "Petits-déjeuners de la direction générale", "Boîte à idées en ligne",
         "Organigramme interactif", "Journal des projets", "Accueil des stagiaires"),
        ("Des agents attachés à leur collectivité", "L'information n'arrive pas aux ateliers",
         "Un intranet à refondre"),
        ("Un écran d'information au centre technique", "Une lettre interne par courriel",
         "Présenter les nouveaux agents")),
]

#: Contracts: axis (1-4), theme (1-10), title, manager's service.
CONTRACTS = [
    (1, 1, "Améliorer l'accueil téléphonique", "accueil"),
    (1, 2, "Des démarches en ligne de bout en bout", "dsi"),
    (1, 9, "Un accueil social unique Ville-CIAS", "ccas"),
    (2, 3, "Professionnaliser les achats", "marches"),
    (2, 2, "Zéro papier dans les services", "dsi"),
    (2, 9, "Mutualiser les fonctions support", "finances"),
    (2, 6, "Optimiser la flotte de véhicules", "voirie"),
    (3, 4, "Réduire la consommation d'énergie des bâtiments", "batiments"),
    (3, 8, "Une restauration scolaire durable", "restauration"),
    (3, 7, "Une ville plus propre", "proprete"),
    (4, 5, "Améliorer la qualité de vie au travail", "rh"),
    (4, 10, "Mieux partager l'information entre agents", "communication"),
]
STEPS = ("Étude préalable", "Cahier des charges", "Déploiement", "Formation des agents",
         "Évaluation")
MINUTES = (
    "Installation du groupe « {theme} » : présentation de la charte (confidentialité, "
    "assiduité, décisions au consensus), tour de table et calendrier des réunions.",
    "Inventaire de l'existant : les forces du service et comment les conserver. "
    "Chaque membre a apporté deux exemples vécus.",
    "Inventaire de l'existant : les faiblesses, leurs causes et les risques à les laisser "
    "en l'état. Visite du service concerné.",
    "Opportunités et gains pour la ville ; premières pistes de propositions, classées par "
    "facilité et par gain attendu.",
    "Rédaction des propositions : moyens nécessaires, résultats attendus, indicateurs. "
    "Lecture des idées des agents reçues sur l'intranet.",
    "Validation des propositions et du rapport final du groupe, transmis au référent DG.",
)
REJECTIONS = ("Coût trop élevé au regard du gain attendu.",
              "Déjà prévu dans le plan pluriannuel d'investissement.",
              "Non conforme aux règles de la commande publique.",
              "Gain trop incertain : à retravailler dans une prochaine démarche.")
SEND_BACKS = ("Préciser le chiffrage et les indicateurs de résultat.",
              "Associer le service des finances au chiffrage.",
              "Revoir le calendrier : trop ambitieux pour l'année.")
REPORT_COMMENTS = ("Avancement conforme au calendrier.",
                   "Retard sur la consultation des entreprises ; rattrapage prévu.",
                   "Bonne dynamique des équipes, premiers résultats visibles.",
                   "Une action bloquée dans l'attente d'un arbitrage budgétaire.",
                   "Période estivale : avancement ralenti.")
NEWS = ("Lancement de la démarche innovation et performance",
        "Les dix groupes de travail ont rendu leurs propositions",
        "Le maire a arbitré : {accepted} propositions retenues",
        "Douze contrats signés pour transformer nos services",
        "Le numéro unique de la mairie est en service",
        "Premières factures fournisseurs dématérialisées",
        "Les gymnases passent à l'éclairage LED",
        "Tables de tri dans toutes les cantines",
        "Le télétravail ouvert aux postes éligibles",
        "Bilan du dernier comité de pilotage")


def _month(value: datetime.date, months: int) -> datetime.date:
    return value.replace(day=1) + relativedelta(months=months)


def load_demo(*args, stdout=None, **kwargs) -> dict:
    """Create the programme if it is missing; return the counts created."""

    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    counts = {"programmes": 0, "proposals": 0, "contracts": 0, "actions": 0, "users": 0}
    # users: the agents the groups lacked and the mayor
    if InnovationProgramme.objects.filter(code=CODE).exists():
        write("Innovation: already loaded, nothing to create.")
        return counts
    people = _People()
    # Wagtail indexes the references of each snippet on each save: not while loading
    # (`manage.py rebuild_references_index` indexes them when the usage counts matter).
    with transaction.atomic(), disable_reference_index_auto_update():
        _Builder(people, counts).run()
    write("Innovation: 1 programme, {proposals} proposals, {contracts} contracts, {actions} "
          "funded actions, {users} people created.".format(**counts))
    return counts


class _People:
    """The demo's services and people, found by their natural keys."""

    def __init__(self):
        self.services = Service.objects.in_bulk(field_name="code")
        users = list(User.objects.filter(is_active=True).prefetch_related("groups")
                     .select_related("service").order_by("username"))
        self.logins = {u.username: u for u in users}
        missing = {"qualite", "direction", "pilote", "agent"} - set(self.logins)
        codes = {t.service for t in THEMES} | {c[3] for c in CONTRACTS} | {"dgs", "accueil"}
        if missing or codes - set(self.services):
            raise DemoRefused("The innovation demo needs the demo organisation and people "
                              "first: load the documents' demo.")
        self.pilots, self.directors, self.agents = {}, [], []
        for user in users:
            names = {g.name for g in user.groups.all()}
            if roles.DIRECTION in names and user.username != "direction" \
                    and user.service and user.service.kind == Service.Kind.DIRECTION:
                self.directors.append(user)
            elif roles.PILOT in names:
                self.pilots.setdefault(user.service_id, user)
            elif roles.AGENT in names:
                self.agents.append(user)
        self.pilots[self.services["accueil"].pk] = self.logins["pilote"]
        self.quality, self.direction = self.logins["qualite"], self.logins["direction"]
        self._password = None

    def pilot(self, code):
        return self.pilots.get(self.services[code].pk) or self.quality

    def user(self, username, first, last, service, role, job_title):
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        if self._password is None:
            self._password = make_password(PASSWORD)
        user = User(username=username, first_name=first, last_name=last,
                    email=f"{username}@{EMAIL_DOMAIN}", service=service,
                    job_title=job_title, password=self._password)
        user.full_clean()
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        return user, True


def _direct_save(obj, user, reason="Démo"):
    """For the set-up that has no service (programme, axes, levels, themes, groups,
    inventory): validated, with who made it in the history."""
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


@dataclass
class _Plan:
    """What becomes of a funded action, month by month (month indexes 0-11 = the 12
    reported months, 12 = the current month)."""
    funded: FundedAction
    state: str
    start: int
    done: int | None
    owner: User


class _Builder:
    def __init__(self, people: _People, counts: dict):
        self.people, self.counts = people, counts
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.m0 = self.today.replace(day=1)
        self.start = _month(self.today, -18)
        self.coordinator = people.quality

    def run(self):
        self.programme()
        self.groups()
        self.meetings_and_inventory()
        self.ideas()
        self.proposals()
        self.contracts()
        self.actions()
        self.months()
        self.committees_and_news()
        self.set_back_the_dates()

    # --- the programme and its groups ---------------------------------------------------
    def programme(self):
        end = self.start + relativedelta(months=30) - datetime.timedelta(days=1)
        p = _direct_save(InnovationProgramme(
            name=f"Démarche innovation et performance {self.start.year}-{end.year}",
            code=CODE, starts_on=self.start, ends_on=end, coordinator=self.coordinator,
            description="La démarche participative de la Ville, de l'agglomération et du "
                        "CIAS : les agents proposent, la direction arbitre, les contrats "
                        "mettent en œuvre.",
            priorities=PRIORITIES, status=InnovationProgramme.Status.CONTRACTS,
            operating_envelope=ENVELOPES[0], investment_envelope=ENVELOPES[1]),
            self.coordinator)
        bodies = []
        for name, kind in BODIES:
            body = Body.objects.filter(name=name).first() or _direct_save(
                Body(name=name, kind=kind), self.coordinator)
            bodies.append(body)
        p.bodies.set(bodies)
        self.p = p
        self.counts["programmes"] = 1
        self.axes = [_direct_save(Axis(programme=p, number=i, title=title), self.coordinator)
                     for i, title in enumerate(AXES, 1)]
        mayor, created = self.people.user("maire", "Jean-Pierre", "Vasseur",
                                           self.people.services["dgs"], roles.DIRECTION,
                                           "Maire")
        self.counts["users"] += created
        self.mayor = mayor
        K = ArbitrationLevel.Kind
        self.levels = [_direct_save(ArbitrationLevel(programme=p, order=i, name=name, kind=kind),
                                    self.coordinator)
                       for i, (name, kind) in enumerate(
                           (("Référent DG", K.REFERENT), ("COPIL", K.COMMITTEE),
                            ("Maire", K.MAYOR)), 1)]
        self.copil = [self.people.direction, *self.people.directors[:2]]
        self.levels[1].arbiters.set(self.copil)
        self.levels[2].arbiters.set([mayor])

    def groups(self):
        people, rng = self.people, self.rng
        referents = [people.direction, *people.directors] or [self.coordinator]
        self.themes, self.facilitators = [], []
        for number, demo in enumerate(THEMES, 1):
            theme = _direct_save(Theme(programme=self.p, number=number, title=demo.title,
                                       description=demo.description), self.coordinator)
            facilitator = people.pilot(demo.service)
            group = _direct_save(WorkingGroup(
                theme=theme, facilitator=facilitator,
                referent=referents[(number - 1) % len(referents)],
                charter="Confidentialité des échanges, assiduité, décisions au consensus ; "
                        "le compte rendu est diffusé sous huit jours.",
                timetable="\n".join(f"Réunion {i} : {_month(self.start, i - 1):%m/%Y}"
                                    for i in range(1, 7))), self.coordinator)
            self.themes.append(theme)
            self.facilitators.append(facilitator)
        leaders = {u.pk for t in self.themes for u in (t.group.facilitator, t.group.referent)}
        needed = PARTICIPANTS - len(leaders)
        sizes = [needed // len(THEMES)] * len(THEMES)
        for i in range(needed - sum(sizes)):
            sizes[i] += 1
        taken = leaders | {self.coordinator.pk, self.mayor.pk,
                           self.people.logins["auditeur"].pk
                           if "auditeur" in self.people.logins else 0}
        pool = [u for u in (*people.agents, *people.pilots.values())
                if u.pk not in taken and u.pk != people.logins["agent"].pk]
        pool = list({u.pk: u for u in pool}.values())
        rng.shuffle(pool)
        pool.insert(0, people.logins["agent"])  # the agent's login is in the first group
        units = sorted((s for s in people.services.values() if s.kind == Service.Kind.SERVICE),
                       key=lambda s: s.code)
        n = 0
        while len(pool) < needed:
            n += 1
            service = units[n % len(units)]
            user, created = people.user(
                f"agent.{n}", rng.choice(FIRST), rng.choice(LAST), service, roles.AGENT,
                "Agent")
            self.counts["users"] += created
            if user.pk not in taken:
                pool.append(user)
        self.members = {}
        for theme, size in zip(self.themes, sizes, strict=True):
            group = theme.group
            chosen, pool = pool[:size], pool[size:]
            self.members[theme.pk] = chosen
            for member in chosen:
                services.member_add(
                    group=group, member=member, user=group.facilitator,
                    is_manager=member in people.pilots.values(),
                    is_volunteer=rng.random() < 0.6,
                    joined_on=self.start + datetime.timedelta(days=rng.randint(0, 10)))

    def meetings_and_inventory(self):
        for index, theme in enumerate(self.themes):
            group = theme.group
            held = 5 if index == len(self.themes) - 1 else 6  # 59 meetings held
            members = self.members[theme.pk]
            for number in range(1, held + 1):
                date = self.start + datetime.timedelta(days=14 + 30 * (number - 1) + index)
                attendees = [group.facilitator, *self.rng.sample(
                    members, k=max(3, len(members) - self.rng.randint(0, 4)))]
                services.meeting_record(
                    group=group, number=number, date=date, user=group.facilitator,
                    status="held", place="Hôtel de ville, salle du conseil",
                    agenda=f"Réunion {number} du groupe « {theme.title} »",
                    minutes=MINUTES[number - 1].format(theme=theme.title),
                    attendees=attendees)
            if held < 6:
                services.meeting_record(
                    group=group, number=6, date=self.start + datetime.timedelta(days=170),
                    user=group.facilitator, status="cancelled",
                    agenda="Validation du rapport final (faite par courriel)")
            demo = THEMES[index]
            strength, weakness, opportunity = demo.inventory
            K = InventoryItem.Kind
            for kind, title, extra in (
                    (K.STRENGTH, strength, {"how_to_keep": "Le faire connaître et former "
                                                           "les nouveaux agents."}),
                    (K.WEAKNESS, weakness, {"causes": "Organisation héritée, outils "
                                                      "inadaptés, manque de suivi.",
                                            "risks_if_left": "Usagers mécontents, coûts "
                                                             "qui dérivent."}),
                    (K.OPPORTUNITY, opportunity, {"gains": "Un meilleur service à coût "
                                                           "maîtrisé."})):
                _direct_save(InventoryItem(group=group, kind=kind, title=title,
                                           detail=f"Relevé par le groupe « {theme.title} ».",
                                           **extra), group.facilitator)
            group.final_report = (f"Le groupe « {theme.title} » a tenu {held} réunions et "
                                  "transmet ses propositions au référent DG.")
            _direct_save(group, group.facilitator, "Rapport final")

    def ideas(self):
        self.ideas_by_theme = {}
        agents = self.people.agents or [self.people.logins["agent"]]
        for theme, demo in zip(self.themes, THEMES, strict=True):
            self.ideas_by_theme[theme.pk] = [
                services.idea_submit(theme=theme, title=title, user=self.rng.choice(agents),
                                     description=f"{title} : une idée d'agent pour le thème "
                                                 f"« {theme.title} ».")
                for title in demo.ideas]

    # --- proposals and their arbitration ------------------------------------------------
    def proposals(self):
        rng = self.rng
        states = (["accepted"] * 140 + ["second_round"] * 20 + ["rejected"] * 15
                  + ["to_modify"] * 5 + ["awaiting"] * 12 + ["draft"] * 8)
        rng.shuffle(states)
        deadline = self.p.ends_on
        self.accepted = {theme.pk: [] for theme in self.themes}
        i = 0
        for theme, demo in zip(self.themes, THEMES, strict=True):
            facilitator = theme.group.facilitator
            ideas = self.ideas_by_theme[theme.pk]
            for k in range(20):
                base = demo.proposals[k % len(demo.proposals)]
                code = demo.services[k % len(demo.services)]
                service = self.people.services[code]
                title = base if k < len(demo.proposals) else f"{base} ({service.name})"
                operating = Decimal(rng.choice([0, 2, 5, 8, 12, 20, 35]) * 1000)
                investment = Decimal(rng.choice([0, 0, 10, 25, 40, 80, 150]) * 1000)
                proposal = services.proposal_create(
                    theme=theme, title=title, user=facilitator, deadline=deadline,
                    description=f"{title} : proposition du groupe « {theme.title} ».",
                    expected_results="Un service plus rapide et plus lisible pour les "
                                     "usagers ; des coûts maîtrisés.",
                    services=sorted({service, self.people.services[demo.service]},
                                    key=lambda s: s.code),
                    ideas=ideas[:1] if k < 2 and ideas else (),
                    operating_budget=operating, investment_budget=investment,
                    gain_money=Decimal(rng.choice([0, 1, 3, 5, 10, 20]) * 1000),
                    gain_time=rng.choice(["", "2 heures par semaine", "une demi-journée par "
                                          "mois", "10 minutes par dossier"]),
                    gain_quality="Des délais de réponse plus courts.",
                    impact_working_conditions="Moins de tâches répétitives.")
                if k < 2 and ideas:
                    ideas = ideas[1:]
                self._arbitrate(proposal, states[i], i)
                i += 1
            for idea in ideas[:1]:
                services.idea_answer(idea=idea, status=Idea.Status.NOT_RETAINED,
                                     answer="Idée intéressante mais déjà prévue au budget "
                                            "de l'an prochain.", user=facilitator)
        self.counts["proposals"] = i

    def _decide(self, proposal, order, decision, comment=""):
        arbiter = (proposal.theme.group.referent, self.copil[0], self.mayor)[order]
        services.proposal_arbitrate(proposal=proposal, level=self.levels[order],
                                    decision=decision, user=arbiter, comment=comment)

    def _arbitrate(self, proposal, state, i):
        if state == "draft":
            return
        facilitator = proposal.theme.group.facilitator
        services.proposal_submit(proposal=proposal, user=facilitator)
        level = i % 3  # the level that sends back, rejects or is awaited
        if state in ("accepted", "second_round", "rejected", "to_modify", "awaiting"):
            stop = {"accepted": 3, "awaiting": level}.get(state, level)
            if state == "to_modify":
                stop = level % 2
            for order in range(stop):
                self._decide(proposal, order, "accepted")
        if state == "rejected":
            self._decide(proposal, level, "rejected", REJECTIONS[i % len(REJECTIONS)])
        elif state in ("to_modify", "second_round"):
            self._decide(proposal, level % 2 if state == "to_modify" else level, "to_modify",
                         SEND_BACKS[i % len(SEND_BACKS)])
        if state == "second_round":
            proposal = services.proposal_update(
                proposal=proposal, user=facilitator, reason="Chiffrage précisé",
                operating_budget=proposal.operating_budget + Decimal(1000))
            services.proposal_submit(proposal=proposal, user=facilitator)
            for order in range(3):
                self._decide(proposal, order, "accepted")
        if state in ("accepted", "second_round"):
            proposal.refresh_from_db()
            self.accepted[proposal.theme_id].append(proposal)

    # --- contracts and their actions ----------------------------------------------------
    def contracts(self):
        from indicators.models import Indicator

        by_theme = {}
        for index, (_axis, theme_number, _title, _code) in enumerate(CONTRACTS):
            by_theme.setdefault(theme_number, []).append(index)
        grouped = {index: [] for index in range(len(CONTRACTS))}
        for theme_number, indexes in by_theme.items():
            theme = self.themes[theme_number - 1]
            for k, proposal in enumerate(self.accepted[theme.pk]):
                grouped[indexes[k % len(indexes)]].append(proposal)
        self.contract_list = []
        for index, (axis, theme_number, title, code) in enumerate(CONTRACTS):
            theme = self.themes[theme_number - 1]
            manager = self.people.pilot(code)
            members = self.members[theme.pk]
            indicators = list(Indicator.objects.filter(service=manager.service_id)
                              .order_by("code")[:2]) if manager.service_id else []
            contract = services.contract_create(
                programme=self.p, axis=self.axes[axis - 1], number=index + 1, title=title,
                manager=manager, referent=theme.group.referent, user=self.coordinator,
                objectives=f"{title} : mettre en œuvre les {len(grouped[index])} propositions "
                           f"retenues du groupe « {theme.title} » et en mesurer les effets.",
                deadline=self.p.ends_on, proposals=grouped[index],
                participants=[manager, *members[:4]], indicators=indicators)
            self.contract_list.append(contract)
        self.counts["contracts"] = len(self.contract_list)

    def _m(self, index: int) -> datetime.date:
        """The first day of reported month `index` (0-11; 12 is the current month)."""
        return _month(self.m0, index - 12)

    def actions(self):
        rng = self.rng
        total = sum(ACTIONS_BY_CONTRACT)
        states = [s for s, n in ACTION_STATES.items() for _ in range(n)]
        rng.shuffle(states)
        weights = []
        for _ in range(total):
            heavy = rng.random() < 0.35  # an investment
            weights.append((rng.uniform(0.3, 1.0), rng.uniform(0.5, 1.5) if heavy else 0.05,
                            rng.uniform(0.0, 1.0), rng.uniform(0.4, 1.2) if heavy else 0.0))
        sums = [sum(w[k] for w in weights) for k in range(4)]
        self.plans, i = [], 0
        for contract, count, (_a, theme_number, _t, code) in zip(
                self.contract_list, ACTIONS_BY_CONTRACT, CONTRACTS, strict=True):
            demo = THEMES[theme_number - 1]
            proposals = list(contract.proposals.order_by("reference"))
            for k in range(count):
                state = states[i]
                amounts = [Decimal(round(BUDGET[n] * weights[i][n] / sums[n], -2))
                           for n in range(4)]
                unit = self.people.services[(code, *demo.services)[k % (len(demo.services)
                                                                        + 1)]]
                owner = self.people.pilot(unit.code)
                start, done = self._dates(state)
                if state == "done":
                    due = self._m(min(done + rng.randint(0, 2), 14)) + datetime.timedelta(
                        days=25)
                elif state == "late":
                    due = self._m(rng.randint(min(start + 2, 11), 11)) + datetime.timedelta(
                        days=rng.randint(1, 20))
                else:
                    due = self._m(max(start + 3, rng.randint(13, 24))) + datetime.timedelta(
                        days=27)
                base = proposals[k % len(proposals)].title if proposals else contract.title
                step = STEPS[(k // max(len(proposals), 1)) % len(STEPS)]
                funded = services.funded_action_create(
                    contract=contract, title=f"{step} — {base}"[:255], owner=owner,
                    service=unit, due_date=due, user=contract.manager,
                    start_date=self._m(start) + datetime.timedelta(days=3),
                    description=f"Action du contrat « {contract.title} ».",
                    programme_operating=amounts[0], programme_investment=amounts[1],
                    service_operating=amounts[2], service_investment=amounts[3],
                    is_priority=rng.random() < 0.16)
                self.plans.append(_Plan(funded, state, start, done, owner))
                i += 1
        self.counts["actions"] = i
        signed_on = self._m(0) + datetime.timedelta(days=4)
        for contract in self.contract_list:
            services.contract_sign(contract=contract, signed_on=signed_on,
                                   user=self.coordinator)

    def _dates(self, state):
        rng = self.rng
        if state == "done":
            start = rng.randint(0, 8)
            return start, rng.randint(start + 1, 11)
        if state == "late":
            return rng.randint(0, 8), None
        if state == "progress":
            return rng.randint(0, 11), None
        return rng.randint(13, 17), None

    # --- twelve months of work ------------------------------------------------------------
    def months(self):
        rng = self.rng
        open_plans = [p for p in self.plans if p.state in ("late", "progress")]
        blocked = rng.sample(open_plans, k=min(BLOCKED, len(open_plans)))
        for j in range(12):
            for plan in self.plans:
                self._progress(plan, j)
            if j == 8:
                self.moves()
            if j == 9:
                for plan in blocked:
                    services.funded_action_update(
                        funded=plan.funded, user=plan.funded.contract.manager,
                        is_blocked=True, blocked_reason=rng.choice(
                            ["En attente de l'avis de la commission d'appel d'offres",
                             "Fournisseur défaillant : nouvelle consultation",
                             "Arbitrage budgétaire attendu au prochain COPIL"]))
            for contract in self.contract_list:
                services.report_fill(contract=contract, month=self._m(j),
                                     comment=rng.choice(REPORT_COMMENTS),
                                     user=contract.manager)
        self._late_in_reports()

    def _progress(self, plan: _Plan, j: int):
        rng, funded = self.rng, plan.funded
        manager = funded.contract.manager
        if plan.state == "planned":
            return
        if plan.start == j:
            funded = services.funded_action_update(
                funded=funded, user=manager, reason="Engagement",
                committed=(funded.planned * Decimal(rng.uniform(0.3, 0.8))).quantize(
                    Decimal("100")))
            plan.funded = funded
            action_services.action_update(
                action=funded.action, user=plan.owner, status=Action.Status.IN_PROGRESS,
                progress=10)
        elif plan.state == "done" and plan.done == j:
            ratio = Decimal(rng.uniform(0.85, 1.0))
            funded = services.funded_action_update(funded=funded, user=manager,
                                                   reason="Engagement", committed=funded.planned)
            plan.funded = funded
            action_services.action_update(
                action=funded.action, user=plan.owner, status=Action.Status.DONE,
                operating_budget_spent=(funded.action.operating_budget_planned * ratio)
                .quantize(Decimal("1")),
                investment_budget_spent=(funded.action.investment_budget_planned * ratio)
                .quantize(Decimal("1")))
        elif plan.state in ("late", "progress", "done") and j == plan.start + max(
                1, ((12 if plan.done is None else plan.done) - plan.start) // 2) and (
                plan.done is None or j < plan.done):
            ratio = Decimal(min(0.9, 0.15 * (j - plan.start) / 1.5)) * \
                funded.committed / max(funded.planned, Decimal(1))
            action_services.action_update(
                action=funded.action, user=plan.owner,
                progress=min(90, 10 + 10 * (j - plan.start) + rng.randint(0, 10)),
                operating_budget_spent=(funded.action.operating_budget_planned * ratio)
                .quantize(Decimal("1")),
                investment_budget_spent=(funded.action.investment_budget_planned * ratio)
                .quantize(Decimal("1")))

    def moves(self):
        """Programme funds moved by the direction from actions not started to actions
        that advance well."""
        sources = [p for p in self.plans if p.state == "planned"]
        targets = [p for p in self.plans if p.state == "progress" and p.start <= 8]
        envelopes = ("operating", "investment", "operating", "investment")
        reasons = ("L'action n'a pas démarré : les crédits vont à une action plus avancée.",
                   "Report de l'action à l'an prochain, décidé en COPIL.")
        self.move_count = 0
        for n, envelope in enumerate(envelopes):
            field = f"programme_{envelope}"
            source = next((p for p in sources if getattr(p.funded, field) >= 3000), None)
            if source is None or not targets:
                continue
            sources.remove(source)
            target = targets[(n * 7) % len(targets)]
            available = getattr(source.funded, field)
            amount = min(available, Decimal(self.rng.choice([5, 8, 12, 15, 20]) * 1000))
            services.budget_move(source=source.funded, target=target.funded,
                                 envelope=envelope, amount=amount,
                                 reason=reasons[n % len(reasons)], user=self.people.direction)
            source.funded.refresh_from_db()
            target.funded.refresh_from_db()
            self.move_count += 1

    def _late_in_reports(self):
        """Each report counts the actions that were late that month (the service counts
        them on the day it is filled in: elapsed time is simulated here)."""
        by_contract = {}
        for plan in self.plans:
            by_contract.setdefault(plan.funded.contract_id, []).append(plan)
        for report in ContractReport.objects.filter(contract__programme=self.p):
            index = (report.month.year - self.m0.year) * 12 + report.month.month \
                - self.m0.month + 12
            month_end = self._m(index + 1)
            late = sum(1 for plan in by_contract.get(report.contract_id, ())
                       if plan.funded.action.due_date < month_end
                       and not (plan.done is not None and plan.done <= index))
            ContractReport.objects.filter(pk=report.pk).update(actions_late=late)

    # --- steering and communication -----------------------------------------------------
    def committees_and_news(self):
        rng = self.rng
        texts = ("Poursuivre le contrat ; point d'étape au prochain COPIL.",
                 "Accorder un report d'échéance de trois mois aux actions en retard.",
                 "Transférer des crédits vers les actions les plus avancées.",
                 "Lever le blocage : la direction des finances rend son avis sous quinze "
                 "jours.")
        for q, j in enumerate((2, 5, 8, 11), 1):
            held_on = self._m(j) + datetime.timedelta(days=14)
            contracts = rng.sample(self.contract_list, k=3)
            services.committee_record(
                programme=self.p, held_on=held_on,
                title=f"COPIL n° {q} du {held_on:%d/%m/%Y}", user=self.coordinator,
                minutes="Revue de l'avancement des douze contrats, des actions en retard et "
                        "de la consommation des budgets.",
                attendees=[*self.copil, self.coordinator,
                           *[c.manager for c in contracts]],
                decisions=[(c, texts[(q + n) % len(texts)]) for n, c in enumerate(contracts)]
                + [(None, "Prochain COPIL dans trois mois.")])
        accepted = sum(len(v) for v in self.accepted.values())
        self.news_dates = []
        for n, title in enumerate(NEWS):
            contract = self.contract_list[n] if 4 <= n < 9 else None
            author = contract.manager if contract else self.coordinator
            news = services.news_publish(
                programme=self.p, title=title.format(accepted=accepted), user=author,
                contract=contract,
                body=f"{title.format(accepted=accepted)}. Retrouvez l'avancement de la "
                     "démarche sur l'intranet.")
            self.news_dates.append((news.pk, self.start + datetime.timedelta(days=55 * n + 3)))
        agents = [u for members in self.members.values() for u in members][:20]
        for agent in agents:
            services.follower_toggle(programme=self.p, user=agent)

    # --- elapsed time -------------------------------------------------------------------
    def set_back_the_dates(self):
        rng, start = self.rng, self.start

        def moment(date, hour=10):
            return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))

        for idea in Idea.objects.filter(theme__programme=self.p).order_by("pk"):
            Idea.objects.filter(pk=idea.pk).update(
                submitted_at=moment(start + datetime.timedelta(days=rng.randint(20, 140))))
        for proposal in Proposal.objects.filter(theme__programme=self.p).order_by("pk"):
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=moment(start + datetime.timedelta(days=rng.randint(150, 170))))
        for arbitration in Arbitration.objects.filter(
                proposal__theme__programme=self.p).select_related("level"):
            days = 175 + 25 * (arbitration.round - 1) + 7 * arbitration.level.order
            Arbitration.objects.filter(pk=arbitration.pk).update(
                decided_at=moment(start + datetime.timedelta(days=days + rng.randint(0, 3))))
        BudgetMove.objects.filter(programme=self.p).update(
            moved_at=moment(self._m(8) + datetime.timedelta(days=10)))
        for report in ContractReport.objects.filter(contract__programme=self.p):
            ContractReport.objects.filter(pk=report.pk).update(
                filled_at=moment(_month(report.month, 1) + datetime.timedelta(days=2)))
        for pk, date in self.news_dates:
            News.objects.filter(pk=pk).update(published_on=min(date, self.today))
        Follower.objects.filter(programme=self.p).update(
            since=moment(start + datetime.timedelta(days=30)))
        for plan in self.plans:
            if plan.state == "done":
                Action.objects.filter(pk=plan.funded.action_id).update(
                    completed_at=self._m(plan.done) + datetime.timedelta(
                        days=rng.randint(5, 25)))
