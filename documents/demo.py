"""Demo data of the QMS: the organisation of a mid-sized commune (Belleville-sur-Loire),
its people and its document library, in every state a document goes through.

Built through the real machinery, as users would: pages are drafts saved as revisions,
published by running the "Validation documentaire" workflow (submission by the author,
verification by a pilot, approval by the quality engineer), and read acknowledgements
are requested by documents.services and recorded with document_acknowledge. Only
elapsed time is simulated: once a document is done, the dates of its versions (and of
the acknowledgements they asked for) are moved back, so that some reviews are overdue.

Idempotent: every row is found by its natural key (service code, site name, username,
document reference) and left alone when it exists. Run by `manage.py load_demo`, only
with DEBUG on: demo users have a known password.
"""

import copy
import html
import io
import logging
import random
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from qms import roles
from qms.models import Service, Site, User

from . import services
from .models import (
    Acknowledgement,
    ControlledDocumentPage,
    DocumentVersion,
    FormTemplatePage,
    GovernanceRulePage,
    InstructionPage,
    LibraryPage,
    ProcedurePage,
    ProcessSheetPage,
)

PASSWORD = "demo"  # noqa: S105 - demo data, loaded only with DEBUG on
EMAIL_DOMAIN = "mairie-belleville.fr"
SEED = 2024


class DemoRefused(Exception):
    """The demo data may not be loaded here (DEBUG is off)."""


# --- The organisation ------------------------------------------------------------------
# code, name, pilot's job title (the director is a process pilot of the whole direction)
DIRECTIONS = [
    ("dgs", "Direction générale des services", "Directrice générale adjointe des services"),
    ("dpc", "Direction de la population et de la citoyenneté",
     "Directeur de la population et de la citoyenneté"),
    ("dst", "Direction des services techniques", "Directeur des services techniques"),
    ("dres", "Direction des ressources", "Directrice des ressources"),
    ("dsol", "Direction de la solidarité (CCAS)", "Directrice de la solidarité"),
    ("decsj", "Direction éducation, culture, sport et jeunesse",
     "Directeur éducation, culture, sport et jeunesse"),
]
# code, name, direction, pilot's job title, agents' job title
SERVICES = [
    ("qualite", "Mission qualité et contrôle de gestion", "dgs",
     "Contrôleuse de gestion", "Assistant qualité"),
    ("communication", "Communication", "dgs", "Responsable de la communication",
     "Chargé de communication"),
    ("juridique", "Affaires juridiques et assemblées", "dgs", "Responsable des affaires juridiques",
     "Juriste"),
    ("police", "Police municipale", "dgs", "Chef de service de police municipale",
     "Policier municipal"),
    ("accueil", "Accueil – Guichet unique", "dpc", "Responsable du guichet unique",
     "Agent d'accueil"),
    ("etat-civil", "État civil", "dpc", "Responsable de l'état civil",
     "Officier d'état civil délégué"),
    ("elections", "Élections et recensement", "dpc", "Responsable des élections",
     "Agent administratif"),
    ("proprete", "Propreté urbaine", "dst", "Responsable de la propreté urbaine",
     "Agent de propreté"),
    ("espaces-verts", "Espaces verts", "dst", "Responsable des espaces verts", "Jardinier"),
    ("voirie", "Voirie et réseaux", "dst", "Responsable voirie et réseaux", "Agent de voirie"),
    ("step", "Station d'épuration", "dst", "Responsable de la station d'épuration",
     "Technicien d'exploitation"),
    ("batiments", "Bâtiments", "dst", "Responsable du patrimoine bâti", "Agent de maintenance"),
    ("marches", "Marchés publics et achats", "dres", "Responsable de la commande publique",
     "Acheteur public"),
    ("finances", "Finances", "dres", "Responsable des finances", "Gestionnaire comptable"),
    ("rh", "Ressources humaines", "dres", "Responsable des ressources humaines",
     "Gestionnaire RH"),
    ("dsi", "Systèmes d'information", "dres", "Responsable des systèmes d'information",
     "Technicien informatique"),
    ("ccas", "CCAS – Action sociale", "dsol", "Responsable de l'action sociale",
     "Travailleur social"),
    ("petite-enfance", "Petite enfance", "dsol", "Coordinatrice petite enfance",
     "Auxiliaire de puériculture"),
    ("restauration", "Restauration scolaire", "decsj", "Responsable de la cuisine centrale",
     "Cuisinier"),
    ("scolaire", "Affaires scolaires", "decsj", "Responsable des affaires scolaires",
     "Agent administratif"),
    ("bibliotheque", "Médiathèque Jules-Verne", "decsj", "Directrice de la médiathèque",
     "Assistant de conservation"),
    ("sports", "Sports", "decsj", "Responsable des sports", "Éducateur sportif"),
]
SITES = [
    ("Hôtel de ville", "1 place de la Mairie, 45700 Belleville-sur-Loire",
     ["dgs", "qualite", "communication", "juridique", "dpc", "accueil", "etat-civil", "elections",
      "dres", "marches", "finances", "rh", "dsi", "scolaire"]),
    ("Centre technique municipal", "12 rue des Ateliers, 45700 Belleville-sur-Loire",
     ["dst", "proprete", "espaces-verts", "voirie", "batiments"]),
    ("Station d'épuration des Prés-Bas", "Chemin de la Loire, 45700 Belleville-sur-Loire",
     ["step"]),
    ("Maison des solidarités", "5 rue Victor-Hugo, 45700 Belleville-sur-Loire",
     ["dsol", "ccas", "petite-enfance"]),
    ("Cuisine centrale", "8 allée des Tilleuls, 45700 Belleville-sur-Loire", ["restauration"]),
    ("Médiathèque Jules-Verne", "2 rue de la République, 45700 Belleville-sur-Loire",
     ["bibliotheque", "decsj"]),
    ("Complexe sportif du Val", "Avenue du Stade, 45700 Belleville-sur-Loire", ["sports"]),
    ("Poste de police municipale", "3 rue du Marché, 45700 Belleville-sur-Loire", ["police"]),
]

# The five demo logins: username, first name, last name, role, service, job title.
DEMO_USERS = [
    ("qualite", "Claire", "Lefèvre", roles.QUALITY_ENGINEER, "qualite", "Responsable qualité"),
    ("pilote", "Nathalie", "Garnier", roles.PILOT, "accueil", "Responsable du guichet unique"),
    ("agent", "Julien", "Roussel", roles.AGENT, "accueil", "Agent d'accueil"),
    ("auditeur", "Sophie", "Marchand", roles.AUDITOR, "qualite", "Auditrice interne"),
    ("direction", "Philippe", "Delmas", roles.DIRECTION, "dgs", "Directeur général des services"),
]
FIRST_NAMES = [
    "Aurélie", "Bernard", "Camille", "Céline", "Christophe", "Damien", "David", "Delphine",
    "Élodie", "Emmanuel", "Fabrice", "Fatima", "Françoise", "Frédéric", "Gilles", "Hélène",
    "Hugo", "Isabelle", "Jean-Marc", "Jérôme", "Karima", "Laurence", "Léa", "Loïc", "Lucie",
    "Malik", "Manon", "Marc", "Marie-Claude", "Martine", "Mathieu", "Mélanie", "Nadia",
    "Nicolas", "Olivier", "Pascal", "Patricia", "Pierre", "Rachid", "Sandrine", "Sébastien",
    "Séverine", "Stéphane", "Sylvie", "Thierry", "Thomas", "Valérie", "Véronique", "Yannick",
    "Yasmine", "Alexandre", "Agnès", "Benoît", "Chantal", "Didier", "Émilie", "Guillaume",
    "Inès", "Jacques", "Karine", "Laetitia", "Mohamed", "Noémie", "Romain", "Samia", "Vincent",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
    "Nicolas", "Perrin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
    "Chevalier", "Robin", "Masson", "Sanchez", "Boyer", "Denis", "Lemaire", "Duval", "Joly",
    "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez",
    "Le Goff", "Benali", "Brun", "Haddad", "Barbier", "Hamon", "Colin", "Arnaud", "Renard",
    "Schmitt", "Caron", "Da Silva", "Aubert", "Bourgeois", "Lemoine", "Kaci", "Marchal",
]


# --- A small notation for document bodies --------------------------------------------
def _inline(text: str) -> str:
    """Escape the text; **bold** becomes <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=False))


def h2(text):
    return ("heading", {"text": text, "level": "h2"})


def h3(text):
    return ("heading", {"text": text, "level": "h3"})


def p(text):
    return ("paragraph", f"<p>{_inline(text)}</p>")


def ul(*items):
    return ("paragraph", "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")


def steps(*items):
    return ("steps", list(items))


def table(*rows):
    return ("table", {"data": [list(r) for r in rows], "first_row_is_table_header": True,
                      "first_col_is_header": False, "table_caption": ""})


def note(text):
    return ("note", {"kind": "note", "text": f"<p>{_inline(text)}</p>"})


def warn(text):
    return ("note", {"kind": "warning", "text": f"<p>{_inline(text)}</p>"})


def link(reference, label=""):
    """A link to another document, by reference (resolved when the body is built)."""
    return ("_link", reference, label)


def since(version, *blocks):
    """Blocks added by this version of the document."""
    return ("_since", version, blocks)


def upto(version, *blocks):
    """Blocks replaced after this version of the document."""
    return ("_upto", version, blocks)


ALL = "__all__"  # applies to every service


@dataclass
class Doc:
    reference: str
    kind: str  # "process", "procedure", "instruction", "form", "governance"
    title: str
    owner: str  # service code
    summary: str
    body: list
    parent: str | None = None  # the process sheet's reference; None: the library
    applies: tuple | str = ()
    changes: tuple = ("Création du document.",)  # one per version
    state: str = "published"  # the last version: published, verified, review, draft
    author: str = "agent"  # "agent" (a writer of the owner service) or "pilot"
    age: int = 120  # days since the last version was published
    review: int = 24  # review period, months
    sheet: dict = field(default_factory=dict)  # ProcessSheetPage fields
    interacts: tuple = ()  # references of interacting process sheets
    form_fields: tuple = ()  # for forms: the fields of the attached blank form


# --- The process sheets (fiches d'identité processus) ----------------------------------
def _sheet(reference, title, family, owner, summary, enjeux, interacts, **fields):
    age = fields.pop("age", 180 + sum(map(ord, reference)) % 60)
    changes = fields.pop("changes", ("Création de la fiche.",))
    return Doc(
        reference=reference, kind="process", title=title, owner=owner, summary=summary,
        body=[h2("Enjeux du processus"), p(enjeux)], applies=(owner,), author="pilot",
        interacts=interacts, sheet={"family": family, **fields}, age=age, changes=changes,
    )


M, R, S = "management", "realisation", "support"
PROCESS_SHEETS = [
    _sheet(
        "PRC-M01", "Pilotage stratégique et amélioration continue", M, "qualite",
        "Décliner le projet d'administration en objectifs, piloter le système de management de "
        "la qualité et conduire l'amélioration continue des services rendus aux usagers.",
        "Tenir les engagements de service pris auprès des usagers (Qualivilles, Services "
        "Publics+) et maintenir la certification ISO 9001 des services de la population.",
        ("PRC-M02", "PRC-R04", "PRC-S01"),
        beneficiaries="Usagers de la commune\nÉlus et comité de direction\nServices municipaux",
        inputs="Programme municipal et orientations budgétaires (élus)\nRésultats des enquêtes "
        "de satisfaction et réclamations (guichet unique)\nRapports d'audit (auditeurs internes et "
        "organisme certificateur)\nÉvolutions réglementaires (affaires juridiques)",
        activities="Définir la politique qualité et les objectifs de service\nPlanifier et "
        "réaliser les audits internes\nConduire la revue de direction annuelle\nSuivre le plan "
        "d'actions et les indicateurs\nMaîtriser les documents du système qualité",
        outputs="Politique et objectifs qualité (tous les services)\nProgramme et rapports "
        "d'audit (pilotes)\nCompte rendu de revue de direction (élus, direction)\nPlan "
        "d'actions d'amélioration (pilotes)",
        resources="Mission qualité (2 ETP), réseau de 12 pilotes de processus, 8 auditeurs "
        "internes formés\nIntranet qualité, tableau de bord des indicateurs",
        indicators="Taux de réalisation du programme d'audit : 100 %\nActions correctives "
        "soldées dans les délais : ≥ 80 %\nTaux de lecture des documents : ≥ 90 %",
        risks="Risque : démobilisation des pilotes hors période de certification\n"
        "Opportunité : mutualiser la démarche avec le contrôle de gestion",
        requirements="ISO 9001:2015 (§4 à §10)\nRéférentiel Qualivilles\nRéférentiel Services "
        "Publics+",
    ),
    _sheet(
        "PRC-M02", "Communication interne et externe", M, "communication",
        "Informer les habitants des services et des décisions de la commune, et les agents de la "
        "vie de la collectivité, de façon exacte, accessible et à jour.",
        "Une information fiable évite des déplacements inutiles au guichet et des appels : "
        "horaires, pièces à fournir et démarches en ligne doivent être justes partout.",
        ("PRC-M01", "PRC-R01"),
        beneficiaries="Habitants et usagers\nAgents municipaux\nPresse locale",
        inputs="Demandes de publication des services\nDécisions du conseil municipal (affaires "
        "juridiques)\nAgenda des élus",
        activities="Recueillir et valider les informations\nPublier sur le site internet, les "
        "réseaux sociaux et le magazine municipal\nAssurer l'affichage réglementaire\nAnimer "
        "l'intranet",
        outputs="Site internet et intranet à jour\nMagazine municipal (bimestriel)\nAffichage "
        "légal",
        resources="Service communication (3 agents), site internet, outil de gestion des réseaux "
        "sociaux, imprimeur (marché à bons de commande)",
        indicators="Délai de mise en ligne d'une information validée : 2 jours ouvrés\n"
        "Pages du site vérifiées dans l'année : 100 %",
        risks="Risque : information obsolète en ligne (horaires, tarifs)\nOpportunité : "
        "démarches en ligne plus visibles",
        requirements="Loi du 7 octobre 2016 (accessibilité numérique, RGAA)\nCGCT art. L2131-1 "
        "(publicité des actes)",
    ),
    _sheet(
        "PRC-R01", "Accueil et orientation des usagers", R, "accueil",
        "Accueillir chaque usager au guichet, au téléphone et par écrit, répondre à sa demande "
        "ou l'orienter vers le bon interlocuteur, dans les délais annoncés.",
        "Le guichet unique est la porte d'entrée de la mairie : 38 000 contacts par an. La "
        "qualité de l'accueil conditionne la satisfaction des usagers pour toutes les démarches.",
        ("PRC-R02", "PRC-R04", "PRC-M02"),
        beneficiaries="Habitants, usagers de passage, entreprises et associations",
        inputs="Visites, appels, courriels et courriers des usagers\nInformations des services "
        "(horaires, pièces, tarifs)",
        activities="Accueil physique et téléphonique\nTraitement des courriels et du courrier\n"
        "Prise de rendez-vous (titres d'identité)\nDélivrance des démarches simples au guichet\n"
        "Orientation vers les services",
        outputs="Réponse immédiate ou orientation\nDemandes enregistrées et transmises aux "
        "services\nRendez-vous",
        resources="Guichet unique (5 agents), standard téléphonique, logiciel de relation usagers, "
        "borne de prise de ticket",
        indicators="Attente au guichet inférieure à 10 minutes : ≥ 85 % des usagers\nAppels "
        "décrochés : ≥ 90 %\nCourriels traités en 5 jours ouvrés : ≥ 95 %\nSatisfaction : ≥ 8/10",
        risks="Risque : incivilités aux heures d'affluence\nRisque : absence simultanée de deux "
        "agents\nOpportunité : prise de rendez-vous en ligne",
        requirements="Référentiel Services Publics+\nCode des relations entre le public et "
        "l'administration (CRPA)\nLoi du 11 février 2005 (accessibilité)",
        changes=("Création de la fiche.",
                 "Ajout des indicateurs de décroché téléphonique et de l'opportunité de prise "
                 "de rendez-vous en ligne."),
        age=90,
    ),
    _sheet(
        "PRC-R02", "État civil et formalités administratives", R, "etat-civil",
        "Établir, conserver et délivrer les actes de l'état civil, et instruire les formalités "
        "administratives (titres d'identité, listes électorales, recensement citoyen).",
        "L'état civil engage la responsabilité du maire, officier d'état civil : un acte erroné "
        "a des conséquences durables pour les familles.",
        ("PRC-R01", "PRC-S04"),
        beneficiaries="Familles, notaires, administrations, usagers nés ou mariés à Belleville",
        inputs="Déclarations des familles et des établissements de santé\nDemandes d'actes "
        "(guichet, courrier, COMEDEC)\nAvis de mention des autres communes",
        activities="Dresser les actes (naissance, reconnaissance, mariage, décès)\nApposer les "
        "mentions\nDélivrer copies et extraits\nInstruire les dossiers de mariage et de PACS\n"
        "Recueillir les demandes de titres d'identité",
        outputs="Actes et registres\nCopies et extraits d'actes\nAvis de mention",
        resources="Service état civil (4 agents), logiciel d'état civil, dispositif de recueil "
        "des titres, registres papier",
        indicators="Délivrance d'un acte demandé au guichet : immédiate\nRéponse aux demandes "
        "écrites : 3 jours ouvrés\nActes sans erreur relevée : ≥ 99,5 %",
        risks="Risque : erreur de saisie dans un acte\nRisque : fraude documentaire\n"
        "Opportunité : dématérialisation des échanges avec les notaires (COMEDEC)",
        requirements="Code civil (art. 34 à 101)\nInstruction générale relative à l'état civil\n"
        "Décret n° 2017-890 (tenue des registres)",
    ),
    _sheet(
        "PRC-R03", "Propreté urbaine", R, "proprete",
        "Maintenir propres les voies, places et espaces publics de la commune, enlever les "
        "dépôts sauvages et assurer la viabilité hivernale.",
        "La propreté est le premier motif de réclamation des habitants ; elle conditionne "
        "l'image de la ville et la sécurité des déplacements piétons.",
        ("PRC-R04", "PRC-S02"),
        beneficiaries="Habitants, commerçants, piétons et usagers de la voirie",
        inputs="Plan de nettoiement (secteurs et fréquences)\nSignalements des usagers et des "
        "élus\nAlertes météorologiques",
        activities="Balayage manuel et mécanisé\nVidage des corbeilles\nEnlèvement des dépôts "
        "sauvages et des graffitis\nSalage et déneigement",
        outputs="Secteurs nettoyés selon le plan\nSignalements clos\nRapports d'intervention",
        resources="Service propreté (14 agents), 2 balayeuses, 3 bennes, saleuse, logiciel de "
        "gestion des interventions",
        indicators="Respect du plan de nettoiement : ≥ 95 %\nDépôt sauvage enlevé sous 48 h : "
        "≥ 90 %\nIndice de propreté (grille AVPU) : ≥ 3/5",
        risks="Risque : accident lors du travail sur voirie\nRisque : panne de balayeuse\n"
        "Opportunité : verbalisation des dépôts avec la police municipale",
        requirements="Code de l'environnement (art. L541-3)\nRèglement sanitaire départemental\n"
        "Code du travail (prévention des risques)",
    ),
    _sheet(
        "PRC-R04", "Gestion des réclamations et demandes des usagers", R, "accueil",
        "Enregistrer chaque réclamation ou demande, y répondre dans les délais annoncés et en "
        "tirer des actions d'amélioration.",
        "Une réclamation bien traitée fidélise l'usager ; analysées ensemble, les réclamations "
        "indiquent où améliorer les services.",
        ("PRC-R01", "PRC-R03", "PRC-M01"),
        beneficiaries="Usagers réclamants\nServices concernés\nÉlus",
        inputs="Réclamations reçues au guichet, par téléphone, courriel, courrier, site internet "
        "et réseaux sociaux",
        activities="Enregistrer et accuser réception\nTransmettre au service compétent\nRépondre "
        "à l'usager\nAnalyser les réclamations chaque trimestre",
        outputs="Réponse écrite à l'usager\nBilan trimestriel des réclamations\nActions "
        "correctives",
        resources="Guichet unique, référents réclamations dans chaque service, logiciel de "
        "relation usagers",
        indicators="Accusé de réception sous 2 jours ouvrés : 100 %\nRéponse sous 15 jours "
        "ouvrés : ≥ 90 %",
        risks="Risque : réclamation perdue entre deux services\nOpportunité : publier les "
        "résultats aux habitants",
        requirements="Référentiel Services Publics+ (engagements 5 et 6)\nCRPA (art. L112-3, "
        "accusé de réception)",
    ),
    _sheet(
        "PRC-R05", "Restauration scolaire", R, "restauration",
        "Préparer et servir chaque jour d'école des repas sains, équilibrés et sûrs aux enfants "
        "des écoles de la commune, en liaison chaude depuis la cuisine centrale.",
        "1 450 repas par jour pour des enfants : la sécurité sanitaire ne souffre aucune "
        "exception, et la loi EGalim fixe des objectifs de produits durables.",
        ("PRC-S02", "PRC-R04"),
        beneficiaries="Enfants des 7 écoles, familles, personnels des écoles",
        inputs="Inscriptions (affaires scolaires)\nMenus validés par la diététicienne\nDenrées "
        "des fournisseurs titulaires des marchés",
        activities="Réception et stockage des denrées\nProduction en liaison chaude\nTransport "
        "vers les offices\nService et surveillance des températures\nGestion des régimes et PAI",
        outputs="Repas servis\nEnregistrements du plan de maîtrise sanitaire\nPlats témoins",
        resources="Cuisine centrale (11 agents), 7 offices, 2 véhicules isothermes, "
        "diététicienne (prestataire)",
        indicators="Enregistrements de températures conformes : 100 %\nProduits durables et de "
        "qualité : ≥ 50 % dont 20 % bio\nSatisfaction des enfants : ≥ 7/10",
        risks="Risque : toxi-infection alimentaire collective\nRisque : erreur de régime pour un "
        "enfant allergique\nOpportunité : approvisionnement local",
        requirements="Règlement (CE) n° 852/2004\nArrêté du 21 décembre 2009 (règles sanitaires)\n"
        "Loi EGalim du 30 octobre 2018",
    ),
    _sheet(
        "PRC-R06", "Assainissement – traitement des eaux usées", R, "step",
        "Collecter et traiter les eaux usées de la commune à la station d'épuration des "
        "Prés-Bas, dans le respect des normes de rejet dans la Loire.",
        "La station (25 000 équivalents-habitants) rejette dans un milieu sensible : tout "
        "dépassement de norme est déclaré à la police de l'eau.",
        ("PRC-S02", "PRC-R03"),
        beneficiaries="Habitants raccordés, milieu naturel (Loire), service de police de l'eau",
        inputs="Effluents du réseau de collecte\nArrêté préfectoral d'autorisation\nRésultats du "
        "laboratoire agréé",
        activities="Exploitation et surveillance de la station\nAutosurveillance et "
        "prélèvements\nGestion des boues\nMaintenance des équipements",
        outputs="Eau traitée conforme\nBilans d'autosurveillance (SANDRE)\nBoues valorisées en "
        "épandage",
        resources="Station d'épuration (5 agents), laboratoire agréé sous contrat, supervision, "
        "astreinte",
        indicators="Conformité des bilans 24 h : 100 %\nDisponibilité des équipements "
        "critiques : ≥ 98 %",
        risks="Risque : pollution accidentelle par un rejet industriel\nRisque : panne électrique "
        "prolongée\nOpportunité : méthanisation des boues",
        requirements="Arrêté du 21 juillet 2015 modifié\nArrêté préfectoral d'autorisation de la "
        "station\nISO 14001:2015",
    ),
    _sheet(
        "PRC-S01", "Gestion des ressources humaines", S, "rh",
        "Recruter, gérer la carrière, la rémunération, le temps de travail et la formation des "
        "agents, et prévenir les risques professionnels.",
        "Les compétences des 420 agents sont la première ressource des services ; chaque "
        "départ non anticipé fragilise un service rendu à la population.",
        ("PRC-M01", "PRC-S03"),
        beneficiaries="Agents municipaux, encadrants, candidats",
        inputs="Besoins des services, budget du personnel, statut de la fonction publique "
        "territoriale, décisions du centre de gestion",
        activities="Recrutement et intégration\nCarrière et paie\nTemps de travail et absences\n"
        "Formation\nSanté et sécurité au travail",
        outputs="Agents recrutés et intégrés\nPaie mensuelle\nPlan de formation\nDocument "
        "unique d'évaluation des risques",
        resources="Service RH (6 agents), logiciel SIRH, centre de gestion, CNFPT",
        indicators="Postes pourvus dans les 3 mois : ≥ 75 %\nPaie sans erreur : ≥ 99 %\nAgents "
        "formés dans l'année : ≥ 60 %",
        risks="Risque : difficultés de recrutement sur les métiers techniques\nOpportunité : "
        "apprentissage",
        requirements="Code général de la fonction publique\nDécret n° 85-1250 (congés annuels)\n"
        "Code du travail (4e partie, santé et sécurité)",
    ),
    _sheet(
        "PRC-S02", "Achats et marchés publics", S, "marches",
        "Acheter au meilleur rapport qualité-prix les fournitures, services et travaux dont les "
        "services ont besoin, dans le respect du code de la commande publique.",
        "Un achat mal conduit expose la commune à un recours et les élus au délit de favoritisme.",
        ("PRC-S03", "PRC-R05", "PRC-R03"),
        beneficiaries="Services acheteurs, entreprises candidates",
        inputs="Expressions de besoins des services\nCrédits budgétaires\nCode de la commande "
        "publique",
        activities="Recenser les besoins\nChoisir la procédure\nRédiger et publier la "
        "consultation\nAnalyser les offres\nNotifier et suivre l'exécution",
        outputs="Marchés notifiés\nRegistre des marchés\nDonnées essentielles publiées",
        resources="Service marchés (3 agents), profil d'acheteur, guide interne des achats",
        indicators="Délai moyen de passation d'un MAPA : ≤ 10 semaines\nRecours contentieux : 0",
        risks="Risque : saucissonnage des achats\nOpportunité : clauses sociales et "
        "environnementales",
        requirements="Code de la commande publique\nRèglement intérieur de la commande publique",
    ),
    _sheet(
        "PRC-S03", "Gestion financière et budgétaire", S, "finances",
        "Préparer et exécuter le budget, payer les fournisseurs dans les délais, encaisser les "
        "recettes et tenir une comptabilité fidèle.",
        "Le délai global de paiement de 30 jours est une obligation légale ; son dépassement "
        "fait courir des intérêts moratoires.",
        ("PRC-S02", "PRC-S01"),
        beneficiaries="Services, fournisseurs, trésorerie (SGC), élus",
        inputs="Orientations budgétaires, engagements des services, factures (Chorus Pro), "
        "titres de recettes",
        activities="Préparation budgétaire\nEngagement, liquidation, mandatement\nÉmission des "
        "titres\nSuivi des régies\nClôture de l'exercice",
        outputs="Budget primitif et compte financier unique\nMandats et titres\nTableaux de bord "
        "budgétaires",
        resources="Service finances (5 agents), logiciel financier, Chorus Pro, service de "
        "gestion comptable",
        indicators="Délai global de paiement : ≤ 30 jours\nTaux de réalisation des dépenses "
        "d'investissement : ≥ 70 %",
        risks="Risque : facture bloquée faute de service fait\nOpportunité : "
        "dématérialisation complète de la chaîne",
        requirements="CGCT (livre VI)\nInstruction budgétaire et comptable M57\nDécret "
        "n° 2013-269 (délais de paiement)",
    ),
    _sheet(
        "PRC-S04", "Systèmes d'information", S, "dsi",
        "Fournir aux agents des postes, applications et réseaux disponibles et sûrs, et "
        "protéger les données des usagers.",
        "Tous les services dépendent du système d'information ; une cyberattaque peut arrêter la "
        "mairie plusieurs semaines.",
        ("PRC-R02", "PRC-S01"),
        beneficiaries="Agents, élus, usagers des services en ligne",
        inputs="Demandes et incidents des agents\nSchéma directeur numérique\nAlertes de sécurité "
        "(CERT-FR)",
        activities="Support aux utilisateurs\nGestion du parc et des applications\nSauvegardes\n"
        "Sécurité du système d'information\nConformité RGPD",
        outputs="Incidents résolus\nSauvegardes vérifiées\nRegistre des traitements",
        resources="Service SI (4 agents), outil de ticketing, prestataire d'infogérance, délégué "
        "à la protection des données mutualisé",
        indicators="Incidents bloquants résolus en 4 h ouvrées : ≥ 90 %\nTest de restauration "
        "réussi chaque trimestre : 100 %",
        risks="Risque : rançongiciel\nRisque : départ d'un administrateur clé\nOpportunité : "
        "mutualisation avec l'intercommunalité",
        requirements="RGPD (règlement (UE) 2016/679)\nLoi Informatique et libertés\nGuide "
        "d'hygiène informatique de l'ANSSI",
    ),
]


# --- Procedures, instructions, forms and governance rules ------------------------------
def proc(reference, title, parent, owner, applies, summary, body, **kw):
    return Doc(reference, "procedure", title, owner, summary, body, parent, applies, **kw)


def instr(reference, title, parent, owner, applies, summary, body, **kw):
    return Doc(reference, "instruction", title, owner, summary, body, parent, applies, **kw)


def form(reference, title, parent, owner, applies, summary, body, fields, **kw):
    return Doc(reference, "form", title, owner, summary, body, parent, applies,
               form_fields=fields, **kw)


def gov(reference, title, owner, summary, body, **kw):
    return Doc(reference, "governance", title, owner, summary, body, None, ALL, **kw)


ACCUEIL_FRONT = ("accueil", "etat-civil", "elections", "ccas", "scolaire")

DOCUMENTS = [
    # --- Pilotage stratégique et amélioration continue ---------------------------------
    proc(
        "PRO-QUA-001", "Maîtrise des documents du système qualité", "PRC-M01", "qualite", ALL,
        "Définir comment les documents du système qualité sont rédigés, vérifiés, approuvés, "
        "diffusés, relus et archivés, pour que chaque agent applique la version en vigueur.",
        [
            h2("Domaine d'application"),
            p("Tous les documents publiés dans la bibliothèque documentaire de l'intranet : fiches "
              "processus, procédures, instructions, formulaires et règles de gouvernance."),
            h2("Circuit de validation"),
            steps(
                "Le rédacteur (agent ou pilote du service) rédige le document dans l'intranet et "
                "décrit les modifications apportées.",
                "Il soumet le document à la validation.",
                "Le pilote du service propriétaire vérifie le contenu technique.",
                "Le responsable qualité approuve le document ; il ne peut pas approuver un "
                "document qu'il a rédigé.",
                "La publication est automatique : le numéro de version est attribué et les agents "
                "concernés sont invités à confirmer leur lecture.",
            ),
            note("Le rédacteur ne peut ni vérifier ni approuver son propre document."),
            h2("Codification"),
            table(
                ("Type de document", "Préfixe", "Exemple"),
                ("Fiche d'identité processus", "PRC", "PRC-R01"),
                ("Procédure", "PRO", "PRO-ACC-001"),
                ("Instruction (mode opératoire)", "INS", "INS-EC-001"),
                ("Formulaire ou modèle", "FOR", "FOR-REC-001"),
                ("Règle de gouvernance", "GOV", "GOV-001"),
            ),
            h2("Relecture périodique"),
            p("Chaque document est relu au plus tard à la fin de sa période de relecture (24 mois "
              "par défaut, 12 mois pour les instructions de sécurité). Le pilote reçoit un rappel "
              "hebdomadaire des documents à relire."),
            since(2, h2("Documents obsolètes"),
                  p("Une version remplacée reste consultable, marquée « obsolète » ; elle ne "
                    "doit plus être imprimée ni appliquée. Les copies papier affichées dans les "
                    "services portent la mention « copie non maîtrisée » sauf celles listées "
                    "par le pilote.")),
        ],
        changes=("Création de la procédure.",
                 "Ajout des règles sur les versions obsolètes et les copies papier "
                 "(constat de l'audit interne)."),
        author="pilot", age=150,
    ),
    proc(
        "PRO-QUA-002", "Réalisation des audits internes", "PRC-M01", "qualite",
        ("qualite", "accueil", "etat-civil", "proprete", "restauration", "step", "rh",
         "marches", "finances", "dsi"),
        "Planifier, conduire et suivre les audits internes qui vérifient que les processus "
        "appliquent les exigences et atteignent leurs objectifs.",
        [
            h2("Programme d'audit"),
            p("Le responsable qualité établit en janvier le programme annuel : chaque processus "
              "est audité au moins une fois tous les deux ans, les processus de réalisation tous "
              "les ans. Le programme est validé en comité de direction."),
            h2("Déroulement d'un audit"),
            steps(
                "Envoyer le plan d'audit au pilote trois semaines avant la date.",
                "Tenir la réunion d'ouverture (15 minutes) avec le pilote et les agents.",
                "Conduire les entretiens et observer les activités sur le terrain.",
                "Tenir la réunion de clôture et présenter les constats.",
                "Transmettre le rapport d'audit sous 10 jours ouvrés.",
            ),
            h2("Classement des constats"),
            table(
                ("Constat", "Définition", "Suite à donner"),
                ("Écart majeur", "Exigence non appliquée, impact sur l'usager", "Action "
                 "corrective sous 1 mois"),
                ("Écart mineur", "Application partielle ou ponctuelle", "Action corrective sous "
                 "3 mois"),
                ("Remarque", "Risque d'écart", "Action à l'appréciation du pilote"),
                ("Point fort", "Pratique à partager", "Diffusion aux autres services"),
            ),
            warn("Un auditeur n'audite jamais son propre service."),
        ],
        age=300,
    ),
    proc(
        "PRO-QUA-003", "Traitement des non-conformités et actions correctives", "PRC-M01",
        "qualite", ALL,
        "Enregistrer toute non-conformité (prestation ratée, engagement non tenu, écart "
        "d'audit), en traiter les conséquences et en supprimer les causes.",
        [
            h2("Qui déclare ?"),
            p("Tout agent qui constate un dysfonctionnement le signale à son responsable, qui "
              "l'enregistre dans le plan d'actions de l'intranet avec la fiche de non-conformité."),
            h2("Traitement"),
            steps(
                "Traiter immédiatement le cas de l'usager (correction).",
                "Analyser les causes avec la méthode des 5 pourquoi ou le diagramme d'Ishikawa.",
                "Définir l'action corrective, son responsable et son échéance.",
                "Vérifier l'efficacité de l'action trois mois après sa réalisation.",
            ),
            note("Une non-conformité n'est pas une faute : la déclarer permet d'éviter qu'elle se "
                 "reproduise."),
            link("PRO-QUA-002", "Voir aussi la procédure d'audit interne"),
        ],
        age=420, review=36,
    ),
    # --- Communication --------------------------------------------------------------------
    proc(
        "PRO-COM-001", "Publication d'une information sur le site internet de la ville",
        "PRC-M02", "communication", ("communication", "accueil"),
        "Publier sur le site internet des informations exactes, accessibles et validées, et les "
        "maintenir à jour.",
        [
            h2("Demande de publication"),
            p("Le service demandeur envoie au service communication le texte, les pièces jointes "
              "et la date de fin de validité, au moins 5 jours ouvrés avant la date souhaitée."),
            steps(
                "Vérifier l'exactitude des informations avec le service demandeur.",
                "Rédiger en langage clair : phrases courtes, informations pratiques en premier.",
                "Rendre les documents accessibles (PDF balisés, textes alternatifs des images).",
                "Faire valider par le directeur du service demandeur.",
                "Publier et informer le guichet unique des informations qui génèrent des appels.",
            ),
            warn("Les horaires et les pièces à fournir publiés doivent être identiques à ceux "
                 "affichés au guichet : le guichet unique est prévenu de toute modification."),
        ],
        review=12, age=410,
    ),
    # --- Accueil et orientation des usagers -------------------------------------------------
    instr(
        "INS-ACC-001", "Prise de rendez-vous pour une carte d'identité ou un passeport",
        "PRC-R01", "accueil", ("accueil", "etat-civil"),
        "Donner à l'usager un rendez-vous de dépôt de demande de titre d'identité, au guichet "
        "ou par téléphone, et lui indiquer ce qu'il doit apporter.",
        [
            steps(
                "Demander si l'usager a rempli une pré-demande en ligne sur le site de l'ANTS ; "
                "sinon, l'y inviter (ou la remplir avec lui au guichet).",
                "Proposer le premier créneau disponible dans l'agenda (30 minutes par personne).",
                "Enregistrer le nom, le téléphone et le numéro de pré-demande.",
                "Remettre ou envoyer par courriel la liste des pièces à fournir.",
                "Rappeler que la présence du demandeur (et de l'enfant mineur) est obligatoire.",
            ),
            table(
                ("Démarche", "Durée du créneau", "Présence"),
                ("Carte d'identité (adulte)", "20 minutes", "Demandeur"),
                ("Passeport (adulte)", "20 minutes", "Demandeur"),
                ("Titre pour un mineur", "30 minutes", "Enfant et parent titulaire de "
                 "l'autorité parentale"),
                ("Carte et passeport ensemble", "30 minutes", "Demandeur"),
            ),
            note("Les rendez-vous non honorés sont libérés 10 minutes après l'heure prévue."),
        ],
        age=200,
    ),
    proc(
        "PRO-ACC-001", "Accueil physique des usagers", "PRC-R01", "accueil", ACCUEIL_FRONT,
        "Accueillir chaque usager au guichet avec courtoisie, traiter sa demande ou l'orienter, "
        "dans le respect des engagements de service.",
        [
            p("Cette procédure s'applique à tous les points d'accueil de l'hôtel de ville : "
              "guichet unique, état civil, élections, CCAS et affaires scolaires."),
            h2("Nos engagements"),
            ul("Accueillir l'usager dès son arrivée, par un bonjour et un sourire.",
               "Limiter l'attente au guichet à 10 minutes, 15 minutes les jours d'affluence.",
               "Donner une réponse claire ou orienter vers le bon interlocuteur, sans renvoyer "
               "l'usager d'un service à l'autre."),
            h2("Accueillir l'usager"),
            steps(
                "Saluer l'usager et se présenter si la situation le demande.",
                "Écouter la demande jusqu'au bout et la reformuler.",
                "Vérifier les pièces fournies à l'aide de la liste des pièces de la démarche.",
                "Traiter la demande au guichet quand c'est possible.",
                "Sinon, orienter l'usager en lui indiquant le service, le lieu et les horaires, "
                "ou enregistrer sa demande pour le service compétent.",
                "Prendre congé en s'assurant que l'usager a obtenu ce qu'il venait chercher.",
            ),
            upto(1, table(
                ("Affluence", "Organisation"),
                ("Normale", "2 guichets ouverts"),
                ("Forte (lundi matin, samedi)", "3 guichets ouverts"),
            )),
            since(2, table(
                ("Affluence", "Organisation", "Délai d'attente visé"),
                ("Normale", "2 guichets ouverts", "5 minutes"),
                ("Forte (lundi matin, samedi)", "3 guichets ouverts, renfort de l'état civil",
                 "10 minutes"),
                ("Exceptionnelle (élections, rentrée scolaire)", "4 guichets, prise de ticket "
                 "obligatoire", "15 minutes"),
            )),
            since(2, note("Le ticket de la borne indique le motif de la visite : il permet "
                          "d'appeler en priorité les démarches courtes.")),
            since(3, h2("Accueil sur rendez-vous"),
                  p("Les titres d'identité et les dossiers de mariage sont reçus uniquement sur "
                    "rendez-vous, pris en ligne ou au guichet. Un usager qui se présente sans "
                    "rendez-vous reçoit le prochain créneau disponible par écrit."),
                  link("INS-ACC-001", "Instruction de prise de rendez-vous")),
            h2("Confidentialité"),
            p("Ne jamais énoncer à voix haute une information personnelle (adresse, situation "
              "familiale, motif social). Proposer le bureau d'entretien pour les demandes "
              "sensibles."),
        ],
        changes=("Création de la procédure.",
                 "Organisation par niveau d'affluence et délais d'attente visés.",
                 "Accueil sur rendez-vous pour les titres d'identité et les mariages."),
        age=45,
    ),
    proc(
        "PRO-ACC-002", "Accueil téléphonique et traitement des courriels", "PRC-R01", "accueil",
        ACCUEIL_FRONT + ("petite-enfance",),
        "Répondre aux appels et aux courriels des usagers dans les délais annoncés, ou les "
        "transmettre au bon service.",
        [
            p("Cette procédure complète la procédure d'accueil physique : les mêmes "
              "engagements de courtoisie et d'orientation valent au téléphone et par écrit."),
            link("PRO-ACC-001", "Procédure d'accueil physique des usagers"),
            h2("Répondre au téléphone"),
            steps(
                "Décrocher avant la cinquième sonnerie.",
                "Annoncer : « Mairie de Belleville-sur-Loire, [prénom], bonjour ».",
                "Identifier la demande et y répondre si possible.",
                "Sinon, transférer l'appel après avoir présenté l'usager au collègue ; en "
                "l'absence du collègue, prendre un message complet dans le logiciel.",
            ),
            h2("Traiter les courriels"),
            p("La boîte accueil@mairie-belleville.fr est relevée trois fois par jour (9 h, 12 h, "
              "16 h). Chaque courriel reçoit une réponse ou un accusé de réception."),
            table(
                ("Canal", "Engagement", "Mesure"),
                ("Téléphone", "Décroché avant 5 sonneries", "Statistiques du standard"),
                ("Courriel", "Réponse sous 5 jours ouvrés", "Logiciel de relation usagers"),
                ("Courrier", "Réponse sous 15 jours ouvrés", "Registre du courrier"),
            ),
            since(2, warn("Un appel menaçant ou une situation de détresse (personne isolée, "
                          "violence) est signalé immédiatement au responsable du guichet et, si "
                          "besoin, à la police municipale.")),
        ],
        changes=("Création de la procédure.",
                 "Ajout de la conduite à tenir face à un appel menaçant ou de détresse."),
        age=260,
    ),
    instr(
        "INS-ACC-002", "Gestion de l'attente et des situations de tension au guichet",
        "PRC-R01", "accueil", ("accueil", "ccas", "police"),
        "Prévenir et désamorcer les tensions au guichet, et protéger les agents en cas "
        "d'agressivité.",
        [
            h2("Prévenir"),
            ul("Informer les personnes en attente du délai prévisible.",
               "Ouvrir un guichet supplémentaire dès que plus de 8 personnes attendent.",
               "Orienter sans attendre les démarches courtes (retrait d'un document)."),
            h2("Désamorcer"),
            steps(
                "Rester calme, parler posément, ne pas répondre à l'agressivité.",
                "Reconnaître le mécontentement sans se justifier longuement.",
                "Proposer une solution concrète ou un rendez-vous.",
                "Si la tension monte, faire appel au responsable du guichet.",
            ),
            warn("En cas de menace ou de violence, utiliser le bouton d'alerte du guichet : la "
                 "police municipale intervient. Déclarer ensuite l'incident au registre santé et "
                 "sécurité au travail."),
            since(2, note("Chaque incident fait l'objet d'un débriefing d'équipe dans la semaine ; "
                          "l'agent peut bénéficier d'un soutien psychologique (médecine "
                          "préventive).")),
        ],
        changes=("Création de l'instruction.",
                 "Ajout du débriefing d'équipe et du soutien psychologique après un incident."),
        state="review", age=330,
    ),
    proc(
        "PRO-ACC-003", "Accueil des personnes en situation de handicap", "PRC-R01", "accueil",
        ("accueil", "ccas", "bibliotheque", "sports", "etat-civil"),
        "Garantir à chaque personne en situation de handicap un accueil adapté, dans tous les "
        "lieux recevant du public de la commune.",
        [
            h2("Principes"),
            p("L'accueil s'adapte à la personne, pas l'inverse : demander à la personne comment "
              "l'aider plutôt que supposer ses besoins."),
            table(
                ("Situation", "Bonnes pratiques"),
                ("Mobilité réduite", "Guichet abaissé, chaise à disposition, porte automatique"),
                ("Déficience auditive", "Boucle magnétique, écrit, parler face à la personne"),
                ("Déficience visuelle", "Se présenter, décrire, accepter le chien guide"),
                ("Handicap mental ou psychique", "Phrases simples, patience, documents en FALC"),
            ),
            note("Le registre public d'accessibilité est consultable à l'accueil de chaque site."),
        ],
        state="verified", age=0,
    ),
    # --- Gestion des réclamations ------------------------------------------------------------
    proc(
        "PRO-REC-001", "Traitement d'une réclamation d'usager", "PRC-R04", "accueil",
        ("accueil", "etat-civil", "proprete", "espaces-verts", "voirie", "restauration", "ccas",
         "communication", "police", "scolaire"),
        "Enregistrer, traiter et répondre à toute réclamation d'un usager dans les délais, et "
        "en tirer des améliorations.",
        [
            h2("Définition"),
            p("Une réclamation est l'expression d'une insatisfaction d'un usager sur un service "
              "rendu (ou non rendu) par la commune, quel que soit le canal."),
            h2("Étapes"),
            steps(
                "Enregistrer la réclamation dans le logiciel de relation usagers le jour de sa "
                "réception.",
                "Envoyer l'accusé de réception sous 2 jours ouvrés.",
                "Transmettre au référent réclamations du service concerné.",
                "Le service analyse, traite et rédige la réponse.",
                "Le guichet unique envoie la réponse signée et clôt la réclamation.",
            ),
            h2("Délais de réponse"),
            upto(1, table(
                ("Étape", "Délai"),
                ("Accusé de réception", "5 jours ouvrés"),
                ("Réponse définitive", "21 jours ouvrés"),
            )),
            since(2, table(
                ("Étape", "Délai", "Responsable"),
                ("Accusé de réception", "2 jours ouvrés", "Guichet unique"),
                ("Analyse par le service", "8 jours ouvrés", "Référent du service"),
                ("Réponse définitive", "15 jours ouvrés", "Guichet unique"),
                ("Réclamation urgente (sécurité, hygiène)", "Intervention sous 24 h",
                 "Service concerné"),
            )),
            warn("Une réclamation mettant en cause la sécurité des personnes est transmise "
                 "immédiatement par téléphone au service concerné."),
            link("PRO-QUA-003", "Ouvrir une non-conformité quand la réclamation est fondée"),
        ],
        changes=("Création de la procédure.",
                 "Réduction des délais (accusé de réception à 2 jours, réponse à 15 jours) et "
                 "traitement des réclamations urgentes."),
        age=70,
    ),
    instr(
        "INS-REC-001", "Enregistrement d'une demande d'usager dans le logiciel de relation usagers",
        "PRC-R04", "accueil", ("accueil", "proprete", "voirie", "espaces-verts"),
        "Saisir une demande ou un signalement d'usager pour qu'il soit suivi jusqu'à sa clôture.",
        [
            steps(
                "Rechercher l'usager dans le logiciel ; le créer s'il n'existe pas (nom, adresse, "
                "téléphone ou courriel).",
                "Choisir la catégorie : demande d'information, signalement, réclamation.",
                "Localiser le signalement sur la carte (adresse ou point précis).",
                "Joindre les photos éventuelles.",
                "Valider : le service compétent est notifié automatiquement.",
            ),
            table(
                ("Catégorie", "Service destinataire", "Délai d'intervention"),
                ("Dépôt sauvage", "Propreté urbaine", "48 heures"),
                ("Nid-de-poule", "Voirie et réseaux", "5 jours ouvrés"),
                ("Éclairage public en panne", "Voirie et réseaux", "3 jours ouvrés"),
                ("Arbre dangereux", "Espaces verts", "24 heures"),
            ),
            note("L'usager qui a laissé un courriel reçoit automatiquement l'avis de clôture."),
        ],
        age=380,
    ),
]

DOCUMENTS += [
    form(
        "FOR-REC-001", "Formulaire de réclamation", "PRC-R04", "accueil",
        ("accueil", "etat-civil", "ccas", "scolaire"),
        "Formulaire papier remis aux usagers qui souhaitent formuler une réclamation par écrit "
        "au guichet ou par courrier.",
        [p("Imprimer le formulaire à la demande de l'usager. Une fois rempli, il est enregistré "
           "le jour même selon la procédure de traitement des réclamations."),
         link("PRO-REC-001", "Procédure de traitement d'une réclamation")],
        ("Nom et prénom", "Adresse", "Téléphone", "Courriel", "Service concerné",
         "Date des faits", "Objet de la réclamation", "Solution attendue", "Date et signature"),
        age=70,
    ),
    form(
        "FOR-QUA-001", "Fiche de non-conformité et d'action corrective", "PRC-M01", "qualite", ALL,
        "Fiche utilisée pour décrire un dysfonctionnement, son traitement immédiat, l'analyse de "
        "ses causes et l'action corrective décidée.",
        [p("La fiche peut être remplie sur papier puis saisie dans le plan d'actions de "
           "l'intranet par le pilote du service."),
         link("PRO-QUA-003")],
        ("Service", "Date de constat", "Déclarant", "Description de la non-conformité",
         "Correction immédiate", "Analyse des causes", "Action corrective", "Responsable",
         "Échéance", "Vérification de l'efficacité"),
        age=420, review=36,
    ),
    # --- État civil et formalités ----------------------------------------------------------
    proc(
        "PRO-EC-001", "Enregistrement d'un acte de naissance", "PRC-R02", "etat-civil",
        ("etat-civil", "accueil"),
        "Dresser l'acte de naissance d'un enfant né à Belleville-sur-Loire à partir de la "
        "déclaration du père, de la mère ou d'une personne ayant assisté à l'accouchement.",
        [
            h2("Délai de déclaration"),
            p("La déclaration est faite dans les **5 jours** qui suivent l'accouchement "
              "(article 55 du code civil), le jour de l'accouchement n'étant pas compté. "
              "Lorsque le dernier jour est un samedi, un dimanche ou un jour férié, le délai est "
              "prorogé au premier jour ouvrable suivant."),
            warn("Passé ce délai, l'officier d'état civil ne peut plus dresser l'acte : seul un "
                 "jugement déclaratif du tribunal judiciaire le permet. Orienter alors le "
                 "déclarant vers le procureur de la République."),
            h2("Pièces à demander"),
            ul("Le certificat d'accouchement établi par la maternité.",
               "Une pièce d'identité du déclarant.",
               "Le livret de famille, s'il existe.",
               "La déclaration conjointe de choix de nom, le cas échéant.",
               "L'acte de reconnaissance anticipée, s'il a été fait."),
            h2("Établir l'acte"),
            steps(
                "Vérifier la concordance des informations du certificat et de la déclaration.",
                "Saisir l'acte dans le logiciel d'état civil ; faire relire la saisie par le "
                "déclarant à l'écran.",
                "Imprimer l'acte, le faire signer par le déclarant et l'officier d'état civil.",
                "Mettre à jour le livret de famille.",
                "Envoyer l'avis de naissance à l'INSEE dans le jour ouvrable.",
                "Si les parents sont domiciliés dans une autre commune, envoyer l'avis au maire "
                "du domicile.",
            ),
            note("En cas de doute sur le choix du nom ou la filiation, consulter l'instruction "
                 "générale relative à l'état civil avant de dresser l'acte."),
        ],
        age=240,
    ),
    proc(
        "PRO-EC-002", "Délivrance d'une copie ou d'un extrait d'acte d'état civil", "PRC-R02",
        "etat-civil", ("etat-civil", "accueil"),
        "Délivrer copies intégrales et extraits d'actes aux personnes qui y ont droit, au "
        "guichet, par courrier et par voie dématérialisée.",
        [
            h2("Qui peut obtenir quoi ?"),
            table(
                ("Document", "Demandeur autorisé", "Pièce à vérifier"),
                ("Copie intégrale", "La personne, ses ascendants, descendants, époux, "
                 "représentant légal", "Pièce d'identité et lien de parenté"),
                ("Extrait avec filiation", "Mêmes personnes", "Pièce d'identité"),
                ("Extrait sans filiation", "Toute personne", "Aucune"),
                ("Acte de décès", "Toute personne", "Aucune"),
            ),
            h2("Au guichet"),
            steps(
                "Vérifier l'identité du demandeur et son droit à obtenir le document.",
                "Rechercher l'acte dans le logiciel (ou le registre pour les actes antérieurs "
                "à 1990).",
                "Éditer le document, le signer et apposer le sceau de la commune.",
                "Remettre le document ; il est délivré gratuitement.",
            ),
            since(2, h2("Demandes dématérialisées (COMEDEC)"),
                  p("Les demandes des notaires et des administrations arrivent par la plateforme "
                    "COMEDEC : elles sont traitées chaque matin, sans envoi papier."),
                  note("Les demandes des particuliers faites en ligne sur service-public.fr sont "
                       "traitées sous 3 jours ouvrés, comme les courriers.")),
            warn("Ne jamais délivrer une copie intégrale par téléphone ou par courriel non "
                 "sécurisé."),
        ],
        changes=("Création de la procédure.",
                 "Ajout du traitement des demandes dématérialisées (COMEDEC, service-public.fr)."),
        age=160,
    ),
    instr(
        "INS-EC-001", "Constitution et instruction d'un dossier de mariage", "PRC-R02",
        "etat-civil", ("etat-civil", "accueil"),
        "Vérifier le dossier des futurs époux, publier les bans et préparer la célébration.",
        [
            h2("Dépôt du dossier"),
            p("Le dossier est déposé sur rendez-vous, par les deux futurs époux, au moins "
              "**6 semaines** avant la date souhaitée."),
            ul("Copie intégrale d'acte de naissance de moins de 3 mois (6 mois si délivrée à "
               "l'étranger).",
               "Pièce d'identité de chaque époux et des témoins (2 à 4).",
               "Justificatif de domicile ou de résidence.",
               "Attestation du notaire en cas de contrat de mariage."),
            h2("Instruction"),
            steps(
                "Auditionner les futurs époux si un doute existe sur le consentement.",
                "Publier les bans pendant 10 jours à la porte de la mairie.",
                "Réserver la salle et l'élu célébrant.",
                "Préparer l'acte de mariage et le livret de famille.",
            ),
            warn("En cas d'indices sérieux de mariage simulé, saisir le procureur de la "
                 "République : la célébration est suspendue."),
        ],
        review=12, age=345,
    ),
    instr(
        "INS-ELE-001", "Inscription sur les listes électorales", "PRC-R02", "elections",
        ("elections", "accueil"),
        "Recevoir et instruire une demande d'inscription sur la liste électorale de la commune "
        "dans le répertoire électoral unique (REU).",
        [
            steps(
                "Vérifier l'identité, la nationalité et l'âge (18 ans la veille du scrutin).",
                "Vérifier l'attache avec la commune : domicile, résidence de plus de 6 mois ou "
                "contribuable depuis 2 ans.",
                "Saisir la demande dans le REU dans les 5 jours.",
                "Le maire statue dans les 5 jours ; notifier la décision à l'électeur.",
            ),
            note("L'inscription est possible jusqu'au sixième vendredi précédant le scrutin. Les "
                 "jeunes recensés à 16 ans sont inscrits d'office."),
        ],
        age=60,
    ),
    proc(
        "PRO-EC-003", "Établissement d'un acte de décès", "PRC-R02", "etat-civil",
        ("etat-civil", "accueil"),
        "Dresser l'acte de décès d'une personne décédée sur le territoire de la commune, sur "
        "déclaration d'un proche ou de l'opérateur funéraire.",
        [
            h2("Déclaration"),
            p("Le décès est déclaré dans les 24 heures, en pratique par l'opérateur funéraire "
              "muni du certificat de décès établi par le médecin."),
            steps(
                "Vérifier le certificat de décès (volet administratif).",
                "Dresser l'acte de décès et le faire signer par le déclarant.",
                "Délivrer les autorisations de fermeture du cercueil et d'inhumation ou de "
                "crémation.",
                "Transmettre l'avis de décès à l'INSEE et à la commune de naissance.",
            ),
        ],
        state="draft",
    ),
    # --- Propreté urbaine -----------------------------------------------------------------
    proc(
        "PRO-PRO-001", "Nettoiement des voies et espaces publics", "PRC-R03", "proprete",
        ("proprete",),
        "Organiser le balayage et le vidage des corbeilles selon le plan de nettoiement, et "
        "rendre compte de sa réalisation.",
        [
            h2("Plan de nettoiement"),
            table(
                ("Secteur", "Fréquence de balayage", "Vidage des corbeilles"),
                ("Centre-ville et marché", "Quotidien (6 h – 9 h)", "2 fois par jour"),
                ("Abords des écoles", "3 fois par semaine", "Quotidien"),
                ("Quartiers résidentiels", "Hebdomadaire", "2 fois par semaine"),
                ("Zones d'activités", "Mensuel", "Hebdomadaire"),
            ),
            h2("Déroulement de la journée"),
            steps(
                "Prise de poste à 6 h au centre technique : lecture de la feuille de route.",
                "Contrôle des équipements de protection individuelle (gilet, gants, chaussures).",
                "Réalisation des circuits ; signalement des anomalies dans l'application mobile.",
                "Retour au dépôt, nettoyage du matériel, saisie du compte rendu.",
            ),
            warn("Travail en bord de voie : gilet haute visibilité obligatoire ; la balayeuse "
                 "circule feux de pénétration allumés."),
            note("Le marché du samedi est nettoyé dans l'heure qui suit sa fermeture."),
        ],
        age=500, review=36,
    ),
    instr(
        "INS-PRO-001", "Enlèvement des dépôts sauvages", "PRC-R03", "proprete",
        ("proprete", "police", "accueil"),
        "Enlever un dépôt sauvage signalé dans les 48 heures et recueillir les éléments "
        "permettant d'identifier son auteur.",
        [
            steps(
                "Consulter le signalement dans l'application (adresse, photo).",
                "Sur place, photographier le dépôt avant enlèvement.",
                "Rechercher des indices d'identification (courriers, étiquettes) sans ouvrir "
                "de sac fermé ; les remettre à la police municipale.",
                "Enlever le dépôt ; trier vers la déchetterie (encombrants, déchets verts, DEEE).",
                "Clore le signalement avec la photo après enlèvement.",
            ),
            warn("Déchets dangereux (amiante, bidons, produits chimiques) : ne pas toucher, "
                 "baliser la zone et prévenir le responsable qui fait intervenir une entreprise "
                 "spécialisée."),
            link("INS-REC-001", "Enregistrement des signalements par le guichet unique"),
        ],
        age=210,
    ),
    instr(
        "INS-PRO-002", "Viabilité hivernale : salage et déneigement", "PRC-R03", "proprete",
        ("proprete", "voirie", "espaces-verts"),
        "Déclencher et réaliser le salage et le déneigement des voies prioritaires en période "
        "de verglas ou de neige.",
        [
            h2("Déclenchement"),
            p("Du 15 novembre au 15 mars, l'agent d'astreinte consulte chaque soir la vigilance "
              "Météo-France. Il déclenche l'intervention dès qu'une température au sol "
              "négative est prévue."),
            table(
                ("Priorité", "Voies", "Délai d'intervention"),
                ("1", "Axes principaux, accès aux écoles, à l'hôpital, aux secours", "Avant 7 h"),
                ("2", "Voies de desserte des quartiers, arrêts de bus", "Avant 10 h"),
                ("3", "Autres voies, parkings", "Dans la journée"),
            ),
            steps(
                "Vérifier la saleuse et le stock de sel (seuil d'alerte : 20 tonnes).",
                "Réaliser les circuits dans l'ordre des priorités.",
                "Consigner heures, circuits et quantités dans la main courante.",
            ),
            warn("Conduite de nuit sur chaussée glissante : vitesse limitée à 40 km/h pendant le "
                 "salage ; l'agent seul garde son téléphone d'astreinte allumé."),
        ],
        review=12, age=430,
    ),
    # --- Restauration scolaire ------------------------------------------------------------
    proc(
        "PRO-RES-001", "Plan de maîtrise sanitaire : réception et stockage des denrées",
        "PRC-R05", "restauration", ("restauration",),
        "Contrôler chaque livraison et stocker les denrées dans des conditions qui garantissent "
        "leur sécurité sanitaire.",
        [
            h2("Contrôles à réception"),
            steps(
                "Vérifier la propreté du véhicule et la température affichée.",
                "Mesurer la température à cœur d'un produit par lot avec la sonde.",
                "Vérifier l'intégrité des emballages et les dates limites.",
                "Contrôler la conformité au bon de commande.",
                "Enregistrer les résultats sur la fiche de réception.",
            ),
            table(
                ("Produit", "Température maximale à réception"),
                ("Viandes hachées", "+2 °C"),
                ("Produits laitiers, viandes", "+4 °C"),
                ("Produits de la mer", "+2 °C (sur glace fondante)"),
                ("Surgelés", "-18 °C (tolérance -15 °C)"),
            ),
            warn("Toute denrée non conforme est refusée devant le livreur et le refus noté sur "
                 "le bon de livraison. Prévenir le responsable de la cuisine centrale."),
            h2("Stockage"),
            ul("Déconditionner avant l'entrée en chambre froide (pas de cartons).",
               "Étiqueter les produits entamés avec la date d'ouverture.",
               "Appliquer la règle « premier entré, premier sorti »."),
        ],
        age=280,
    ),
    instr(
        "INS-RES-001", "Maintien et contrôle des températures en liaison chaude", "PRC-R05",
        "restauration", ("restauration",),
        "Maintenir les plats chauds à 63 °C au moins de la fin de la cuisson jusqu'au service "
        "dans les offices.",
        [
            steps(
                "Mesurer la température à cœur en fin de cuisson (≥ 63 °C) et l'enregistrer.",
                "Conditionner en conteneurs isothermes préchauffés.",
                "Contrôler la température au départ de la cuisine et à l'arrivée à l'office.",
                "Au service, contrôler à nouveau ; servir dans l'heure.",
                "Prélever les plats témoins (100 g par plat) et les conserver 5 jours entre "
                "0 et +3 °C.",
            ),
            warn("Un plat en dessous de 63 °C à l'arrivée est remis en température à plus de "
                 "63 °C en moins d'une heure, ou retiré du service. Noter l'action corrective."),
        ],
        age=100,
    ),
    form(
        "FOR-RES-001", "Relevé des températures en office", "PRC-R05", "restauration",
        ("restauration",),
        "Fiche quotidienne de relevé des températures des plats à l'arrivée et au service dans "
        "chaque office.",
        [p("Une fiche par office et par jour, conservée 1 an à la cuisine centrale."),
         link("INS-RES-001")],
        ("Office", "Date", "Plat", "Température à l'arrivée", "Heure", "Température au service",
         "Action corrective", "Visa de l'agent"),
        age=100,
    ),
    instr(
        "INS-RES-002", "Accueil à la cantine d'un enfant allergique (projet d'accueil "
        "individualisé)", "PRC-R05", "restauration", ("restauration", "scolaire", "accueil"),
        "Servir en sécurité les enfants qui ont une allergie ou une intolérance alimentaire "
        "attestée par un projet d'accueil individualisé (PAI).",
        [
            steps(
                "Les affaires scolaires transmettent chaque PAI signé à la cuisine centrale et à "
                "l'office concerné.",
                "La cuisine prépare le repas adapté ou l'office reçoit le panier repas fourni par "
                "la famille.",
                "Le repas est identifié au nom et à la photo de l'enfant.",
                "L'agent de service vérifie l'identité de l'enfant avant de servir.",
            ),
            warn("La trousse d'urgence et le protocole du PAI sont rangés dans l'office, à un "
                 "emplacement connu de tous. En cas de réaction, appeler le 15 puis la famille."),
        ],
        age=25,
    ),
    # --- Assainissement -------------------------------------------------------------------
    proc(
        "PRO-STEP-001", "Autosurveillance du système d'assainissement", "PRC-R06", "step",
        ("step",),
        "Mesurer la qualité des eaux usées et traitées selon le programme d'autosurveillance et "
        "transmettre les résultats aux services de l'État.",
        [
            h2("Programme de mesures"),
            table(
                ("Paramètre", "Fréquence", "Norme de rejet"),
                ("DBO5", "12 bilans par an", "25 mg/l"),
                ("DCO", "12 bilans par an", "125 mg/l"),
                ("Matières en suspension", "12 bilans par an", "35 mg/l"),
                ("Azote global", "12 bilans par an", "15 mg/l"),
                ("Phosphore total", "12 bilans par an", "2 mg/l"),
            ),
            h2("Bilan 24 heures"),
            steps(
                "Programmer les préleveurs automatiques en entrée et en sortie.",
                "Vérifier la réfrigération des échantillons (5 °C ± 3).",
                "Remettre les flacons au laboratoire agréé dans les 24 heures.",
                "Saisir les résultats et les débits dans le fichier SANDRE.",
                "Transmettre le fichier mensuel à la police de l'eau et à l'agence de l'eau.",
            ),
            since(2, warn("Tout dépassement de norme est signalé à la police de l'eau dans les "
                          "24 heures, avec ses causes et les mesures prises.")),
        ],
        changes=("Création de la procédure.",
                 "Ajout de l'obligation de signalement des dépassements sous 24 heures."),
        age=190,
    ),
    instr(
        "INS-STEP-001", "Conduite à tenir en cas de pollution accidentelle", "PRC-R06", "step",
        ("step", "voirie", "police"),
        "Limiter l'impact d'un déversement polluant dans le réseau ou à l'arrivée de la station "
        "et alerter les autorités.",
        [
            steps(
                "Identifier la pollution : couleur, odeur, mousse, hydrocarbures.",
                "Isoler l'effluent pollué dans le bassin d'orage.",
                "Prélever un échantillon conservatoire.",
                "Alerter le responsable d'astreinte et la police de l'eau.",
                "Rechercher l'origine en remontant le réseau avec le service voirie et réseaux.",
            ),
            table(
                ("Qui alerter", "Quand"),
                ("Responsable d'astreinte", "Immédiatement"),
                ("Police de l'eau (DDT)", "Dans l'heure"),
                ("Pompiers (18)", "Si risque pour les personnes"),
            ),
            warn("Hydrocarbures ou produits chimiques : porter le masque et les gants nitrile ; "
                 "aucune intervention seul dans un regard (risque H2S)."),
        ],
        review=12, age=455,
    ),
]

DOCUMENTS += [
    # --- Ressources humaines --------------------------------------------------------------
    proc(
        "PRO-RH-001", "Recrutement d'un agent", "PRC-S01", "rh",
        ("rh", "dgs", "dpc", "dst", "dres", "dsol", "decsj"),
        "Pourvoir un poste vacant ou créé, du besoin exprimé par le service jusqu'à l'arrivée "
        "de l'agent, dans le respect du statut et de l'égalité de traitement des candidats.",
        [
            h2("Étapes"),
            steps(
                "Le directeur transmet la demande de recrutement et la fiche de poste à jour.",
                "Les RH vérifient le poste au tableau des effectifs et les crédits.",
                "Déclarer la vacance au centre de gestion et publier l'offre sur Place de "
                "l'emploi public (1 mois minimum pour un poste permanent).",
                "Présélectionner les candidatures avec le service sur une grille commune.",
                "Conduire les entretiens en jury d'au moins deux personnes.",
                "Informer tous les candidats de la décision.",
                "Préparer l'arrêté ou le contrat et organiser l'accueil de l'agent.",
            ),
            table(
                ("Étape", "Délai cible"),
                ("Publication de l'offre", "10 jours après la demande"),
                ("Entretiens", "3 semaines après la clôture"),
                ("Proposition au candidat retenu", "1 semaine après les entretiens"),
            ),
            warn("Aucune question sur la vie privée, l'origine, la santé ou les projets "
                 "familiaux pendant l'entretien : ce sont des critères discriminatoires."),
        ],
        author="pilot", age=310,
    ),
    proc(
        "PRO-RH-002", "Gestion des congés et des autorisations d'absence", "PRC-S01", "rh", ALL,
        "Permettre à chaque agent de poser ses congés et absences dans les règles, et aux "
        "services d'assurer la continuité du service.",
        [
            h2("Droits à congés annuels"),
            p("Chaque agent a droit à 5 fois ses obligations hebdomadaires de service (25 jours "
              "pour 5 jours travaillés par semaine), plus 1 ou 2 jours de fractionnement."),
            table(
                ("Type d'absence", "Durée", "Délai de demande"),
                ("Congé annuel", "25 jours + fractionnement", "15 jours avant"),
                ("RTT", "Selon le cycle de travail", "48 heures avant"),
                ("Mariage ou PACS de l'agent", "5 jours", "1 mois avant"),
                ("Décès d'un proche", "3 jours", "Dès que possible"),
                ("Enfant malade", "6 jours par an", "Le jour même, certificat médical"),
            ),
            h2("Poser une demande"),
            steps(
                "Saisir la demande dans le logiciel de gestion des temps.",
                "Le responsable valide ou refuse sous 5 jours ouvrés, au regard des nécessités "
                "de service.",
                "En cas de refus, le motif est indiqué à l'agent.",
            ),
            upto(1, note("Les congés d'été sont posés avant le 31 mars.")),
            since(2, note("Les congés d'été sont posés avant le 15 mars ; le planning d'été de "
                          "chaque service garantit au moins la moitié de l'effectif présent.")),
            since(2, h2("Compte épargne-temps"),
                  p("Les jours non pris peuvent être versés sur le compte épargne-temps avant le "
                    "31 janvier de l'année suivante, dans la limite de 60 jours.")),
        ],
        changes=("Création de la procédure.",
                 "Date limite des congés d'été avancée au 15 mars ; ajout du compte "
                 "épargne-temps."),
        age=35,
    ),
    form(
        "FOR-RH-001", "Demande de congés et d'autorisation d'absence", "PRC-S01", "rh", ALL,
        "Formulaire papier de demande de congés, pour les agents qui n'ont pas accès au logiciel "
        "de gestion des temps.",
        [p("Le formulaire signé par le responsable est transmis aux ressources humaines qui le "
           "saisit dans le logiciel."),
         link("PRO-RH-002")],
        ("Nom et prénom", "Service", "Type d'absence", "Du", "Au", "Nombre de jours",
         "Date de la demande", "Avis du responsable", "Signature"),
        age=35,
    ),
    instr(
        "INS-RH-001", "Accueil et intégration d'un nouvel agent", "PRC-S01", "rh", ALL,
        "Réussir les premiers jours d'un nouvel agent : poste prêt, accueil organisé, règles "
        "connues.",
        [
            h2("Avant l'arrivée"),
            ul("Le service prépare le poste de travail, les clés et les équipements de "
               "protection.",
               "La DSI crée le compte informatique et la messagerie.",
               "Les RH envoient le livret d'accueil."),
            h2("Le premier jour"),
            steps(
                "Accueil par le responsable et présentation à l'équipe.",
                "Visite du site et consignes de sécurité (issues, extincteurs, alarme).",
                "Remise du livret d'accueil et de la charte de déontologie.",
                "Désignation d'un tuteur pour le premier mois.",
            ),
            note("Le nouvel agent participe à la demi-journée d'accueil des nouveaux arrivants "
                 "organisée chaque trimestre avec le directeur général des services."),
        ],
        age=140,
    ),
    # --- Achats et marchés publics --------------------------------------------------------
    proc(
        "PRO-MAR-001", "Passation d'un marché à procédure adaptée (MAPA)", "PRC-S02", "marches",
        ("marches", "voirie", "batiments", "espaces-verts", "dsi", "restauration", "finances"),
        "Conduire un achat en procédure adaptée, de l'expression du besoin à la notification, "
        "avec une mise en concurrence proportionnée et traçable.",
        [
            h2("Seuils internes"),
            table(
                ("Montant estimé (HT)", "Mise en concurrence", "Publicité"),
                ("Moins de 40 000 €", "3 devis recommandés", "Aucune obligation"),
                ("De 40 000 € à 90 000 €", "Consultation sur le profil d'acheteur",
                 "Profil d'acheteur"),
                ("De 90 000 € aux seuils européens", "Consultation ouverte", "BOAMP ou journal "
                 "d'annonces légales + profil d'acheteur"),
            ),
            note("Le montant s'apprécie pour l'ensemble des besoins de même nature sur l'année, "
                 "tous services confondus."),
            h2("Étapes"),
            steps(
                "Le service définit le besoin et estime le montant avec le service marchés.",
                "Le service marchés choisit la procédure et rédige le dossier de consultation.",
                "Publier l'avis ; laisser au moins 15 jours aux candidats pour répondre.",
                "Ouvrir les plis et analyser les offres selon les critères annoncés.",
                "Présenter le rapport d'analyse au décideur ; informer les candidats évincés.",
                "Signer et notifier le marché ; publier les données essentielles.",
            ),
            warn("Tout contact avec un candidat pendant la consultation passe par le profil "
                 "d'acheteur : la réponse est publiée pour tous."),
        ],
        age=220,
    ),
    instr(
        "INS-MAR-001", "Achats de faible montant (moins de 40 000 € HT)", "PRC-S02", "marches",
        ALL,
        "Acheter simplement et sans risque les fournitures et services courants de faible "
        "montant.",
        [
            steps(
                "Vérifier qu'aucun marché en cours ne couvre déjà le besoin (liste sur "
                "l'intranet).",
                "Demander trois devis au-delà de 5 000 € HT, un devis en dessous.",
                "Choisir l'offre économiquement la plus avantageuse et conserver les devis.",
                "Faire établir le bon de commande dans le logiciel financier avant toute "
                "commande.",
            ),
            warn("Ne jamais fractionner un achat pour rester sous un seuil : c'est une "
                 "infraction au code de la commande publique."),
            link("PRO-MAR-001", "Au-delà de 40 000 € HT : procédure adaptée"),
        ],
        age=400,
    ),
    # --- Gestion financière ---------------------------------------------------------------
    proc(
        "PRO-FIN-001", "Engagement, liquidation et mandatement des dépenses", "PRC-S03",
        "finances", ALL,
        "Engager la dépense avant la commande, certifier le service fait et payer les "
        "fournisseurs dans le délai global de 30 jours.",
        [
            h2("La chaîne de la dépense"),
            table(
                ("Étape", "Qui", "Délai"),
                ("Engagement (bon de commande)", "Service demandeur", "Avant la commande"),
                ("Certification du service fait", "Service demandeur", "5 jours après "
                 "réception de la facture"),
                ("Liquidation et mandatement", "Service finances", "10 jours"),
                ("Paiement", "Service de gestion comptable", "15 jours"),
            ),
            steps(
                "Les factures arrivent par Chorus Pro et sont affectées au service.",
                "Le service rapproche la facture du bon de commande et certifie le service fait.",
                "Le service finances vérifie les pièces et émet le mandat.",
            ),
            warn("Une facture sans engagement préalable est bloquée : la régularisation exige la "
                 "signature du directeur."),
        ],
        age=180,
    ),
    instr(
        "INS-FIN-001", "Régie de recettes : encaissement et versement des fonds", "PRC-S03",
        "finances", ("finances", "accueil", "restauration", "bibliotheque", "sports", "scolaire"),
        "Encaisser les recettes de la régie (cantine, médiathèque, sports) et les verser au "
        "comptable public dans les règles.",
        [
            steps(
                "Encaisser uniquement les recettes prévues par l'arrêté de création de la régie.",
                "Délivrer une quittance numérotée pour chaque encaissement.",
                "Conserver les fonds dans le coffre ; ne jamais dépasser l'encaisse autorisée "
                "(1 500 €).",
                "Verser les fonds et les pièces au service de gestion comptable au moins une "
                "fois par mois.",
            ),
            warn("Le régisseur est personnellement et pécuniairement responsable des fonds : "
                 "aucun prêt de caisse, aucun mélange avec des fonds personnels."),
        ],
        review=12, age=350,
    ),
    # --- Systèmes d'information -----------------------------------------------------------
    proc(
        "PRO-SI-001", "Gestion des incidents et des demandes informatiques", "PRC-S04", "dsi",
        ALL,
        "Déclarer, prioriser et résoudre les incidents et demandes informatiques des agents.",
        [
            h2("Déclarer"),
            p("Tout incident ou demande est déclaré dans le portail d'assistance ou, si le poste "
              "est inutilisable, au 4444."),
            table(
                ("Priorité", "Exemple", "Délai de résolution"),
                ("Bloquant", "Logiciel d'état civil inaccessible", "4 heures ouvrées"),
                ("Gênant", "Imprimante du service en panne", "2 jours ouvrés"),
                ("Demande", "Nouveau logiciel, droits d'accès", "10 jours ouvrés"),
            ),
            warn("Courriel suspect : ne cliquer sur aucun lien, ne pas ouvrir la pièce jointe, le "
                 "signaler avec le bouton « Signaler un hameçonnage »."),
        ],
        age=130,
    ),
    instr(
        "INS-SI-001", "Sauvegarde et restauration des données", "PRC-S04", "dsi", ("dsi",),
        "Sauvegarder chaque jour les serveurs et vérifier chaque trimestre qu'une restauration "
        "est possible.",
        [
            table(
                ("Sauvegarde", "Fréquence", "Conservation", "Support"),
                ("Incrémentale", "Chaque nuit", "30 jours", "Baie de sauvegarde"),
                ("Complète", "Chaque semaine", "12 semaines", "Baie + copie externalisée"),
                ("Archive", "Chaque mois", "1 an", "Copie hors ligne (immuable)"),
            ),
            steps(
                "Chaque matin, contrôler le rapport de sauvegarde et relancer les tâches en "
                "échec.",
                "Chaque trimestre, restaurer un serveur tiré au sort dans l'environnement de "
                "test et consigner le résultat.",
            ),
            warn("La copie hors ligne est la seule protection contre un rançongiciel : elle ne "
                 "reste jamais connectée au réseau."),
        ],
        review=12, age=480,
    ),
    instr(
        "INS-SI-002", "Exercice des droits des personnes sur leurs données (RGPD)", "PRC-S04",
        "dsi", ("dsi", "accueil", "etat-civil", "ccas", "rh", "juridique"),
        "Répondre dans le délai d'un mois à une personne qui demande l'accès, la rectification "
        "ou l'effacement de ses données.",
        [
            steps(
                "Enregistrer la demande et la transmettre le jour même au délégué à la "
                "protection des données.",
                "Vérifier l'identité du demandeur en cas de doute raisonnable.",
                "Rechercher les données dans les traitements concernés avec les services.",
                "Répondre dans le délai d'un mois (prorogeable de deux mois pour les demandes "
                "complexes, en informant la personne).",
            ),
            note("Les actes d'état civil ne peuvent être ni effacés ni rectifiés par cette voie : "
                 "la rectification relève du procureur de la République."),
            since(2, h2("Registre des demandes"),
                  p("Chaque demande et sa réponse sont consignées dans le registre tenu par le "
                    "délégué à la protection des données.")),
        ],
        changes=("Création de l'instruction.", "Ajout du registre des demandes."),
        state="draft", age=150,
    ),
]

GOVERNANCE_RULES = [
    gov(
        "GOV-001", "Charte de déontologie des agents municipaux", "juridique",
        "Rappeler les obligations de dignité, d'impartialité, d'intégrité, de probité, de "
        "neutralité et de laïcité qui s'imposent à chaque agent.",
        [
            h2("Nos obligations"),
            ul("**Neutralité et laïcité** : aucun signe d'appartenance religieuse ou politique "
               "dans l'exercice des fonctions.",
               "**Discrétion professionnelle** : les informations sur les usagers ne sortent pas "
               "du service.",
               "**Probité** : aucun cadeau d'une valeur supérieure à 50 € ; les invitations sont "
               "déclarées au responsable.",
               "**Prévention des conflits d'intérêts** : se déporter de tout dossier qui concerne "
               "un proche."),
            note("Le référent déontologue du centre de gestion peut être consulté de façon "
                 "confidentielle par tout agent."),
        ],
        age=600, review=36,
    ),
    gov(
        "GOV-002", "Délégations de signature et circuits de validation", "juridique",
        "Dire qui signe quoi au nom du maire et par quel circuit passent les actes avant "
        "signature.",
        [
            table(
                ("Acte", "Signataire", "Visa préalable"),
                ("Courrier courant d'un service", "Directeur", "Responsable de service"),
                ("Bon de commande < 40 000 € HT", "Directeur", "Finances (crédits)"),
                ("Marché ≥ 40 000 € HT", "Maire ou adjoint délégué", "Marchés publics"),
                ("Arrêté individuel (RH)", "Maire", "Ressources humaines"),
                ("Acte d'état civil", "Officier d'état civil délégué", "—"),
            ),
            warn("Une délégation de signature cesse avec le départ du délégataire : le service "
                 "juridique est prévenu de tout changement d'affectation."),
        ],
        age=250,
    ),
]


# --- The loader ------------------------------------------------------------------------
MODELS = {
    "process": ProcessSheetPage,
    "procedure": ProcedurePage,
    "instruction": InstructionPage,
    "form": FormTemplatePage,
    "governance": GovernanceRulePage,
}
DEMO_LOGINS = [username for username, *_rest in DEMO_USERS]
# Loggers that report each publication or task while loading; kombu warns that the
# in-memory broker of eager Celery has no hostname.
QUIET_LOGGERS = {"wagtail": logging.WARNING, "django_tasks": logging.WARNING,
                 "celery": logging.WARNING, "kombu": logging.ERROR}


def load_demo(stdout=None) -> dict:
    """Load the demo data; return the number of rows created, by kind. Only with DEBUG on.

    E-mails are not sent while loading (the approval and acknowledgement notifications
    would go to the demo addresses) and Wagtail's reference index is rebuilt once per
    new object at the end rather than on each of its saves.
    """
    if not settings.DEBUG:
        raise DemoRefused(
            "The demo data (users with a known password) is loaded only when DEBUG is on."
        )

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    started = timezone.now()
    loader = _Loader(write)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        _quiet_logs(),
        disable_reference_index_auto_update(),
    ):
        with transaction.atomic():
            loader.run()
    seconds = (timezone.now() - started).total_seconds()
    created = dict(loader.created)
    if any(created.values()):
        write(
            "Created: " + ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
            + f" in {seconds:.1f} s."
        )
    else:
        write("The demo data is already loaded: nothing to create.")
    write("")
    write(f"Demo logins (password « {PASSWORD} ») :")
    for username, first, last, role, service, _job in DEMO_USERS:
        write(f"  {username:<10} {first} {last} — {role} ({loader.service_names[service]})")
    return created


@contextmanager
def _quiet_logs():
    """Wagtail logs each publication and django-tasks each task: not while loading."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger, level in zip(loggers, QUIET_LOGGERS.values(), strict=True):
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _username(first, last):
    return f"{slugify(first)}.{slugify(last)}"


class _Loader:
    def __init__(self, write):
        self.write = write
        self.created = {"services": 0, "sites": 0, "users": 0, "documents": 0, "versions": 0,
                        "readings acknowledged": 0}
        self.now = timezone.now()
        self.service_names = {}
        self._password = None
        self._pages = {}
        self.new_objects = []  # for the reference index

    def run(self):
        self.write("Services, sites and people...")
        self.load_organisation()
        self.load_people()
        self.write("Documents, through the approval workflow...")
        self.load_documents()
        for obj in self.new_objects:  # as saved last (pages: their published version)
            obj = type(obj).objects.get(pk=obj.pk)
            ReferenceIndex.create_or_update_for_object(obj)

    # --- organisation -------------------------------------------------------------
    def load_organisation(self):
        self.services = {}
        for code, name, _title in DIRECTIONS:
            self.services[code] = self._service(code, name, Service.Kind.DIRECTION, None)
        for code, name, direction, _pilot, _agent in SERVICES:
            self.services[code] = self._service(
                code, name, Service.Kind.SERVICE, self.services[direction]
            )
        self.direction_of = {code: direction for code, _n, direction, *_ in SERVICES}
        self.direction_of.update({code: code for code, *_ in DIRECTIONS})
        self.service_names = {code: s.name for code, s in self.services.items()}
        for name, address, codes in SITES:
            site, created = Site.objects.get_or_create(name=name, defaults={"address": address})
            if created:
                site.services.set([self.services[c] for c in codes])
                self.created["sites"] += 1

    def _service(self, code, name, kind, parent):
        service = Service.objects.filter(code=code).first()
        if service is None:
            service = Service(code=code, name=name, kind=kind, parent=parent,
                              email=f"{code}@{EMAIL_DOMAIN}")
            service.full_clean()
            service.save()
            self.created["services"] += 1
        return service

    # --- people -------------------------------------------------------------------
    def load_people(self):
        """The five demo logins, a director per direction (pilot of its services' processes),
        and in each service a pilot and two to four agents. Names come from fixed lists
        drawn with a fixed seed: the same people at every run."""
        self.groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL)}
        rng = random.Random(SEED)
        taken = {(first, last) for _u, first, last, *_ in DEMO_USERS}

        def person():
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in taken:
                    taken.add((first, last))
                    return first, last

        self.users = {}
        for username, first, last, role, service, job in DEMO_USERS:
            self.users[username] = self._user(username, first, last, service, job, [role])
        self.director_of, self.pilot_of, self.writers_of = {}, {}, {}
        for code, _name, title in DIRECTIONS:
            first, last = person()
            self.director_of[code] = self._user(
                _username(first, last), first, last, code, title, [roles.PILOT, roles.DIRECTION]
            )
        for code, _name, _direction, pilot_title, agent_title in SERVICES:
            if code == "accueil":
                self.pilot_of[code] = self.users["pilote"]
            else:
                first, last = person()
                self.pilot_of[code] = self._user(
                    _username(first, last), first, last, code, pilot_title, [roles.PILOT]
                )
            count = rng.randint(2, 4) - (1 if code == "accueil" else 0)
            self.writers_of[code] = []
            for _i in range(count):
                first, last = person()
                self.writers_of[code].append(self._user(
                    _username(first, last), first, last, code, agent_title, [roles.AGENT]
                ))

    def _user(self, username, first, last, service_code, job_title, role_names):
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        if self._password is None:
            self._password = make_password(PASSWORD)  # hashed once: it is slow on purpose
        user = User(
            username=username, first_name=first, last_name=last,
            email=f"{username}@{EMAIL_DOMAIN}", service=self.services[service_code],
            job_title=job_title, password=self._password,
        )
        user.full_clean()
        user.save()
        user.groups.set([self.groups[name] for name in role_names])
        self.created["users"] += 1
        return user

    # --- documents ----------------------------------------------------------------
    def load_documents(self):
        library = LibraryPage.objects.first()
        if library is None:
            raise DemoRefused("No document library: run `manage.py migrate` first.")
        self.library_id = library.pk
        self.workflow = library.get_workflow()
        self.quality = self.users["qualite"]
        every = PROCESS_SHEETS + DOCUMENTS + GOVERNANCE_RULES
        existing = set(
            ControlledDocumentPage.objects.filter(
                reference__in=[d.reference for d in every]
            ).values_list("reference", flat=True)
        )
        # Process sheets interact with one another: every new sheet exists before any is
        # saved as a revision, so that each first version carries its interactions.
        new_sheets = [
            (doc, self._new_page(doc, self.library_id))
            for doc in PROCESS_SHEETS if doc.reference not in existing
        ]
        for doc, page in new_sheets:
            page.interacting_processes.set([self._page(ref) for ref in doc.interacts])
            self._versions(doc, page)
        for doc in DOCUMENTS + GOVERNANCE_RULES:
            if doc.reference in existing:
                continue
            parent_id = self._page(doc.parent).pk if doc.parent else self.library_id
            self._versions(doc, self._new_page(doc, parent_id))

    def _page(self, reference):
        if reference not in self._pages:
            page = ControlledDocumentPage.objects.filter(reference=reference).first()
            if page is None:
                raise LookupError(f"{reference} is used before it is created: reorder the data.")
            self._pages[reference] = page
        return self._pages[reference]

    def _people(self, doc):
        """(author, verifier) of a document: a writer of the owner service, verified by its
        pilot; or the pilot, verified by the director (nobody verifies their own work)."""
        pilot = self.pilot_of.get(doc.owner) or self.director_of[doc.owner]
        if doc.author == "pilot" or not self.writers_of.get(doc.owner):
            return pilot, self.director_of[self.direction_of[doc.owner]]
        writers = self.writers_of[doc.owner]
        return writers[sum(map(ord, doc.reference)) % len(writers)], pilot

    def _body(self, blocks, version):
        body = []
        for block in blocks:
            kind = block[0]
            if kind == "_since":
                if version >= block[1]:
                    body += self._body(block[2], version)
            elif kind == "_upto":
                if version <= block[1]:
                    body += self._body(block[2], version)
            elif kind == "_link":
                target = self._page(block[1])
                body.append(("document_link", {"page": target, "label": block[2]}))
            else:
                body.append((kind, copy.deepcopy(block[1])))
        return body

    def _new_page(self, doc, parent_id):
        """The document as a draft page, not yet saved as a revision."""
        author, _verifier = self._people(doc)
        model = MODELS[doc.kind]
        fields = {}
        if doc.kind == "process":
            pilot = self.quality if doc.owner == "qualite" else self.pilot_of[doc.owner]
            fields = {**doc.sheet, "pilot": pilot}
        if doc.kind == "form":
            fields["attachment"] = self._attachment(doc, author)
        page = model(
            title=doc.title, slug=slugify(doc.title)[:100], reference=doc.reference,
            summary=doc.summary, body=self._body(doc.body, 1),
            owner_service=self.services[doc.owner], author=author,
            change_summary=doc.changes[0], review_period_months=doc.review, live=False,
            **fields,
        )
        Page.objects.get(pk=parent_id).add_child(instance=page)
        applies = list(self.services.values()) if doc.applies == ALL else [
            self.services[code] for code in doc.applies
        ]
        page.applies_to_services.set(applies)
        self._pages[doc.reference] = page
        self.new_objects.append(page)
        self.created["documents"] += 1
        return page

    def _versions(self, doc, page):
        """Each version in turn: saved by its author, submitted, verified, approved (which
        publishes it and asks its readers to acknowledge it). The last one stops at the
        document's state."""
        author, verifier = self._people(doc)
        rng = random.Random(f"{SEED}-{doc.reference}")
        page.save_revision(user=author)
        count = len(doc.changes)
        for number in range(1, count + 1):
            last = number == count
            if number > 1:
                draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
                draft.body = self._body(doc.body, number)
                draft.change_summary = doc.changes[number - 1]
                draft.save_revision(user=author)
            if last and doc.state == "draft":
                break
            self.workflow.start(Page.objects.get(pk=page.pk).specific, author)
            if last and doc.state == "review":
                break
            self._approve(page, verifier)
            if last and doc.state == "verified":
                break
            self._approve(page, self.quality)
            self.created["versions"] += 1
            if not last:
                self._acknowledge(page, rng, lambda _user: 0.9)
        self._acknowledge(page, rng, lambda user: self._reading_rate(user, doc.age))
        self._backdate(doc, page, rng)

    def _approve(self, page, user):
        page = Page.objects.get(pk=page.pk).specific
        state = page.current_workflow_task_state
        state.task.specific.on_action(state, user, "approve", comment="")

    @staticmethod
    def _reading_rate(user, age):
        """How likely a reader has acknowledged a version published `age` days ago. The
        demo agent is behind on their reading; so are, less, the newest documents."""
        if user.username == "agent":
            return 0.7 if age >= 150 else 0.0
        if age >= 90:
            return 0.92
        return 0.6 if age >= 30 else 0.3

    def _acknowledge(self, page, rng, rate):
        page = ControlledDocumentPage.objects.get(pk=page.pk)
        if not page.live:
            return
        pending = (
            Acknowledgement.objects.pending()
            .filter(version__page=page, version__number=page.version)
            .select_related("user")
            .order_by("user_id")
        )
        for ack in pending:
            if rng.random() < rate(ack.user):
                services.document_acknowledge(page=page, user=ack.user)
                self.created["readings acknowledged"] += 1

    def _backdate(self, doc, page, rng):
        """Simulate the time that has passed: the last version was published `age` days
        ago, each earlier one about a year before the next, and readers acknowledged them
        within a few weeks. The next review date follows from the last approval."""
        versions = list(DocumentVersion.objects.filter(page_id=page.pk).order_by("-number"))
        when = self.now - timedelta(days=doc.age, hours=rng.randint(0, 6))
        dates = {}
        for version in versions:
            dates[version.pk] = when
            when -= timedelta(days=rng.randint(300, 420))
        for version in versions:
            published = dates[version.pk]
            DocumentVersion.objects.filter(pk=version.pk).update(
                approved_at=published, published_at=published
            )
            acks = list(Acknowledgement.objects.filter(version=version))
            for ack in acks:
                ack.requested_at = published
                if ack.acknowledged_at:
                    ack.acknowledged_at = min(
                        published + timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 9)),
                        self.now,
                    )
            Acknowledgement.objects.bulk_update(acks, ["requested_at", "acknowledged_at"])
        if versions:
            approved = dates[versions[0].pk]
            ControlledDocumentPage.objects.filter(pk=page.pk).update(
                approved_at=approved,
                next_review_date=timezone.localdate(approved)
                + relativedelta(months=doc.review),
            )

    # --- attached forms -----------------------------------------------------------
    def _attachment(self, doc, author):
        """A blank form to download: a one-page PDF with the form's fields."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
        pdf.setTitle(f"{doc.reference} — {doc.title}")
        width, height = A4
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(50, height - 50, "Ville de Belleville-sur-Loire")
        pdf.setFont("Helvetica", 9)
        pdf.drawRightString(width - 50, height - 50, f"{doc.reference} — version 1")
        pdf.setFont("Helvetica-Bold", 15)
        pdf.drawString(50, height - 95, doc.title)
        y = height - 140
        wide = ("Description", "Objet", "Analyse", "Action", "Solution", "Correction", "Avis")
        for label in doc.form_fields:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(50, y, f"{label} :")
            lines = 3 if label.startswith(wide) else 1
            for _i in range(lines):
                y -= 22
                pdf.line(50, y, width - 50, y)
            y -= 26
        pdf.setFont("Helvetica-Oblique", 8)
        pdf.drawString(50, 40, "Document maîtrisé : vérifiez la version en vigueur sur l'intranet.")
        pdf.showPage()
        pdf.save()
        content = buffer.getvalue()
        document = get_document_model()(title=doc.title, uploaded_by_user=author)
        document.file.save(f"{doc.reference.lower()}.pdf", ContentFile(content), save=False)
        document.file_size = len(content)
        document.save()
        self.new_objects.append(document)
        return document
