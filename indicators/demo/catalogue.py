"""What the demo commune measures: its municipal programme, the objectives of its services
and about 120 indicators, each with the shape of its three years of values (level at the
start of 2024 and at the end of 2026, seasonality, noise), its yearly targets and its
thresholds. Read by indicators.demo."""

from dataclasses import dataclass

# --- Applications that feed indicators through the API ---------------------------------
TEL = "Logiciel de téléphonie"
EC = "Logiciel d'état civil"
GRU = "Gestion des demandes usagers"
SIRH = "SIRH – gestion des ressources humaines"
SUP = "Supervision de la station d'épuration"
GTB = "Gestion technique des bâtiments"
RES = "Logiciel de la cuisine centrale"
FIN = "Logiciel de gestion financière"
FAM = "Portail famille"
APPLICATIONS = {
    TEL: "Autocommutateur et statistiques d'appels du standard et du guichet unique.",
    EC: "Logiciel métier de l'état civil (actes, mentions, demandes COMEDEC).",
    GRU: "Gestion de la relation usagers : demandes, signalements et réclamations, au "
         "guichet, par téléphone et en ligne.",
    SIRH: "Système d'information des ressources humaines : paie, absences, formation.",
    SUP: "Supervision et autosurveillance de la station d'épuration des Prés-Bas.",
    GTB: "Gestion technique centralisée et télérelève des compteurs des bâtiments.",
    RES: "Gestion de production, des achats et des pesées de la cuisine centrale.",
    FIN: "Logiciel de gestion financière et comptable (mandats, titres, délais).",
    FAM: "Portail famille : inscriptions scolaires, périscolaires et en crèche.",
}

# --- The municipal programme -----------------------------------------------------------
PROGRAMME = (
    "Programme municipal 2020-2026", 2020, 2026,
    "Le projet de mandat de l'équipe municipale, décliné en trois axes et en objectifs "
    "stratégiques confiés aux responsables de service.",
)
# code, title, description
AXES = [
    ("AXE-1", "Une ville proche de ses habitants et attentive à chacun",
     "Un service public simple, accessible et réactif, qui accompagne les familles et "
     "protège les plus fragiles."),
    ("AXE-2", "Une ville durable, propre et sûre",
     "Sobriété énergétique, réduction des déchets, préservation de l'eau et de la "
     "biodiversité, espace public entretenu et sûr."),
    ("AXE-3", "Une administration efficace, responsable et attentive à ses agents",
     "Des finances maîtrisées, une commande publique responsable, des agents en bonne santé "
     "et formés, un pilotage par la qualité."),
]
# code, axis, title, service (its head owns it), processes
STRATEGIC_OBJECTIVES = [
    ("OS-1.1", "AXE-1", "Simplifier les démarches et développer les services en ligne", "dsi",
     ["PRC-R01", "PRC-S04"]),
    ("OS-1.2", "AXE-1", "Offrir un accueil de qualité, sur place comme au téléphone",
     "accueil", ["PRC-R01"]),
    ("OS-1.3", "AXE-1", "Répondre vite et bien aux demandes et réclamations des usagers",
     "qualite", ["PRC-R04"]),
    ("OS-1.4", "AXE-1", "Accompagner les familles, de la crèche à l'école", "scolaire",
     ["PRC-R05"]),
    ("OS-1.5", "AXE-1", "Renforcer les solidarités envers les plus fragiles", "ccas", []),
    ("OS-2.1", "AXE-2", "Réduire de 20 % les consommations d'énergie du patrimoine communal",
     "batiments", []),
    ("OS-2.2", "AXE-2", "Réduire et valoriser les déchets, lutter contre le gaspillage",
     "proprete", ["PRC-R03", "PRC-R05"]),
    ("OS-2.3", "AXE-2", "Préserver l'eau, les sols et la biodiversité", "espaces-verts",
     ["PRC-R06"]),
    ("OS-2.4", "AXE-2", "Garantir un espace public sûr et bien entretenu", "voirie",
     ["PRC-R03", "PRC-R04"]),
    ("OS-3.1", "AXE-3", "Prendre soin de la santé et des compétences des agents", "rh",
     ["PRC-S01"]),
    ("OS-3.2", "AXE-3", "Maîtriser les finances et payer les fournisseurs à temps", "finances",
     ["PRC-S03"]),
    ("OS-3.3", "AXE-3", "Acheter mieux : une commande publique efficace et responsable",
     "marches", ["PRC-S02"]),
    ("OS-3.4", "AXE-3", "Piloter les services par la qualité et l'amélioration continue",
     "qualite", ["PRC-M01"]),
]

# --- The services: code abbreviation, their process, two activities → objectives -------
# service: (abbreviation, process or "", [(activity, yearly objective), (…, …)])
SERVICES = {
    "qualite": ("QUA", "PRC-M01", [
        ("Pilotage du système de management de la qualité",
         "Réaliser tout le programme d'audit et solder les actions dans les délais"),
        ("Contrôle de gestion", "Publier les tableaux de bord des services dans le mois"),
    ]),
    "communication": ("COM", "PRC-M02", [
        ("Information des habitants", "Mettre en ligne toute information validée sous 2 jours"),
        ("Communication numérique", "Développer l'audience du site et de la lettre d'information"),
    ]),
    "juridique": ("JUR", "", [
        ("Préparation des assemblées",
         "Transmettre les délibérations au contrôle de légalité sous 8 jours"),
        ("Conseil juridique aux services", "Répondre aux demandes d'avis sous 10 jours"),
    ]),
    "police": ("POL", "", [
        ("Tranquillité publique", "Assurer une présence quotidienne de proximité"),
        ("Sécurité aux abords des écoles", "Couvrir toutes les entrées et sorties d'école"),
    ]),
    "accueil": ("ACC", "PRC-R01", [
        ("Accueil physique et téléphonique",
         "Décrocher plus de 92 % des appels et recevoir sans attente"),
        ("Traitement des demandes et réclamations",
         "Répondre aux demandes écrites et aux réclamations en 15 jours"),
    ]),
    "etat-civil": ("EC", "PRC-R02", [
        ("Délivrance des actes", "Délivrer les copies d'actes en 3 jours ouvrés"),
        ("Recueil des demandes de titres d'identité",
         "Proposer un rendez-vous de titre d'identité sous 15 jours"),
    ]),
    "elections": ("ELE", "PRC-R02", [
        ("Tenue des listes électorales", "Traiter les inscriptions dans le délai légal"),
        ("Recensement citoyen", "Délivrer les attestations de recensement en 48 heures"),
    ]),
    "proprete": ("PRO", "PRC-R03", [
        ("Nettoiement des voies", "Respecter le plan de nettoiement dans tous les quartiers"),
        ("Déchets et dépôts sauvages", "Enlever les dépôts sauvages en moins de 48 heures"),
    ]),
    "espaces-verts": ("EV", "", [
        ("Entretien des parcs et jardins", "Étendre la gestion différenciée des espaces verts"),
        ("Patrimoine arboré", "Planter chaque année plus d'arbres qu'on n'en abat"),
    ]),
    "voirie": ("VOI", "", [
        ("Entretien de la voirie", "Traiter les signalements de voirie sous 5 jours"),
        ("Éclairage public", "Réparer les points lumineux en panne sous 72 heures"),
    ]),
    "step": ("STEP", "PRC-R06", [
        ("Traitement des eaux usées", "Respecter toutes les normes de rejet"),
        ("Exploitation des ouvrages", "Réduire l'énergie consommée par mètre cube traité"),
    ]),
    "batiments": ("BAT", "", [
        ("Maintenance du patrimoine bâti", "Traiter les demandes d'intervention sous 8 jours"),
        ("Énergie des bâtiments", "Réduire la consommation d'énergie (décret tertiaire)"),
    ]),
    "marches": ("MAR", "PRC-S02", [
        ("Passation des marchés", "Réduire les délais de passation des marchés"),
        ("Achats responsables", "Intégrer des clauses environnementales et sociales"),
    ]),
    "finances": ("FIN", "PRC-S03", [
        ("Exécution budgétaire", "Payer les fournisseurs en moins de 20 jours"),
        ("Préparation budgétaire", "Fiabiliser les prévisions et exécuter le budget voté"),
    ]),
    "rh": ("RH", "PRC-S01", [
        ("Carrières et paie", "Fiabiliser la paie et raccourcir les recrutements"),
        ("Santé et sécurité au travail", "Réduire l'absentéisme et les accidents du travail"),
    ]),
    "dsi": ("DSI", "PRC-S04", [
        ("Support aux utilisateurs", "Résoudre les incidents en moins de 8 heures ouvrées"),
        ("Exploitation et sécurité", "Garantir la disponibilité et la sécurité des applications"),
    ]),
    "ccas": ("CCAS", "", [
        ("Aides sociales facultatives", "Instruire les demandes d'aide sous 10 jours"),
        ("Accompagnement des personnes âgées", "Garder le lien avec les personnes vulnérables"),
    ]),
    "petite-enfance": ("PE", "", [
        ("Accueil en crèche", "Optimiser l'occupation des crèches municipales"),
        ("Relations avec les familles", "Répondre aux demandes de place en 30 jours"),
    ]),
    "restauration": ("RES", "PRC-R05", [
        ("Production des repas", "Servir des repas sûrs, bio et de qualité (EGalim)"),
        ("Lutte contre le gaspillage", "Réduire le gaspillage alimentaire de 25 %"),
    ]),
    "scolaire": ("SCO", "", [
        ("Inscriptions scolaires et périscolaires", "Inscrire en ligne et sans attente"),
        ("Accueil périscolaire", "Garantir le taux d'encadrement réglementaire"),
    ]),
    "bibliotheque": ("MED", "", [
        ("Prêt et accueil du public", "Développer la fréquentation de la médiathèque"),
        ("Action culturelle et éducative", "Accueillir toutes les classes de la commune"),
    ]),
    "sports": ("SPO", "", [
        ("Équipements sportifs", "Optimiser l'occupation des gymnases"),
        ("Piscine municipale", "Faire de chaque élève de CM2 un nageur"),
    ]),
}

# --- Seasonality: a factor per month (January … December), times the amplitude --------
SEASONS = {
    "": [0] * 12,
    # heating and lighting: high in winter
    "winter": [1, .85, .55, .15, -.35, -.75, -.95, -.9, -.5, 0, .5, .9],
    # activity that slows down in summer (staff and users on holiday)
    "summer_dip": [0, 0, .1, 0, 0, -.2, -.6, -1, .1, .1, 0, -.2],
    # outdoor activity: parks, swimming pool, patrols
    "summer_peak": [-.6, -.5, -.3, 0, .3, .6, 1, 1, .4, 0, -.4, -.6],
    # flu and winter illnesses
    "flu": [1, .8, .3, 0, -.3, -.5, -.7, -.6, -.2, .1, .5, .8],
    # school holidays
    "school": [0, -.15, 0, -.15, -.05, 0, -.8, -1, .05, -.15, -.05, -.2],
    # rain and groundwater: wet winters
    "rain": [.6, .5, .3, .1, 0, -.3, -.6, -.6, -.2, .2, .5, .6],
    # falling leaves
    "leaves": [0, -.2, -.2, -.2, -.1, -.1, -.1, -.1, .1, .6, 1, .4],
    # identity cards before the summer holidays and the exams
    "passports": [-.3, -.2, .2, .6, 1, .8, .2, -.4, -.4, -.3, -.3, -.4],
    # year-end closing of the accounts
    "year_end": [.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, .3, 1],
}

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half_yearly", "yearly"
M, T, S, A = MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY
UP, DOWN = "higher", "lower"


@dataclass(frozen=True)
class Spec:
    """One indicator and the shape of its values."""

    service: str
    title: str
    unit: str
    frequency: str
    direction: str
    start: float  # level in January 2024
    end: float  # level in December 2026 (a straight trend in between)
    targets: tuple  # target for 2024, 2025, 2026 (the last one goes on)
    alert: float | None
    critical: float | None
    season: str = ""
    amp: float = 0.0  # seasonal amplitude, in the unit (negative: inverted profile)
    noise: float | None = None  # standard deviation, in the unit (default 2.5 % of level)
    decimals: int = 1
    feed: str = ""  # the feeding application: values come through the API
    imported: bool = False  # values come from a spreadsheet import
    process: str = ""  # "" → the service's process; "-" → none
    strategic: str = ""  # strategic objective code
    objective: int = 0  # 1 or 2: the service objective it serves
    category: str = ""
    late: int = 0  # the latest periods not entered yet
    gaps: float = 0.02  # probability of a missing value, for manual entries
    since: int = 2024
    archived_after: int | None = None  # archived, its last value in that year
    published: bool = False
    formula: str = ""


def ind(service, title, unit, frequency, direction, levels, targets, thresholds, **extra):
    if not isinstance(targets, tuple):
        targets = (targets,)
    return Spec(service, title, unit, frequency, direction, *levels, targets, *thresholds,
                **extra)


INDICATORS = [
    # --- Accueil – Guichet unique ------------------------------------------------------
    ind("accueil", "Taux d'appels décrochés", "%", M, UP, (86.5, 93), (90, 92, 93), (88, 84),
        season="summer_dip", amp=4, noise=1.2, feed=TEL, strategic="OS-1.2", objective=1,
        published=True, formula="Appels décrochés / appels reçus × 100 (standard et guichet "
        "unique, hors appels abandonnés en moins de 5 secondes)."),
    ind("accueil", "Temps d'attente moyen au téléphone", "secondes", M, DOWN, (78, 50),
        (70, 60, 50), (75, 95), season="summer_dip", amp=-18, noise=5, decimals=0, feed=TEL,
        strategic="OS-1.2", objective=1,
        formula="Somme des durées d'attente avant décroché / appels décrochés."),
    ind("accueil", "Part des usagers reçus en moins de 10 minutes", "%", M, UP, (81, 89), 85,
        (80, 75), season="passports", amp=-5, noise=1.5, imported=True, strategic="OS-1.2",
        objective=1, published=True,
        formula="Tickets appelés moins de 10 minutes après leur édition / tickets édités × 100."),
    ind("accueil", "Délai moyen de réponse aux courriels", "jours ouvrés", M, DOWN, (6.5, 3.6),
        (5, 5, 4), (6, 8), season="summer_dip", amp=-1.5, noise=0.4, objective=2, late=1),
    ind("accueil", "Taux de satisfaction des usagers de l'accueil", "%", T, UP, (86, 91),
        (88, 90, 90), (85, 80), noise=1, imported=True, strategic="OS-1.2", objective=1,
        published=True, formula="Usagers satisfaits ou très satisfaits / répondants × 100 "
        "(enquête en continu au guichet)."),
    ind("accueil", "Part des démarches réalisées en ligne", "%", M, UP, (28, 47), (30, 38, 45),
        (None, 25), noise=1.2, feed=GRU, strategic="OS-1.1", objective=2, published=True,
        formula="Demandes déposées en ligne / demandes reçues tous canaux × 100."),
    ind("accueil", "Taux de réclamations pour 1 000 demandes", "‰", M, DOWN, (4.3, 2.8),
        (4, 3.5, 3), (4.5, 6), noise=0.35, decimals=2, feed=GRU, process="PRC-R04",
        strategic="OS-1.3", objective=2, published=True,
        formula="Réclamations enregistrées / demandes reçues × 1 000."),
    ind("accueil", "Délai moyen de traitement des demandes des usagers", "jours", M, DOWN,
        (12.5, 8.2), (12, 10, 8), (None, 15), season="summer_dip", amp=-2.5, noise=0.7,
        feed=GRU, process="PRC-R04", strategic="OS-1.3", objective=2, published=True,
        formula="Somme des durées entre réception et réponse / demandes clôturées."),
    ind("accueil", "Part des réclamations traitées en 15 jours", "%", M, UP, (77, 90),
        (80, 85, 90), (None, 70), noise=3, feed=GRU, process="PRC-R04", strategic="OS-1.3",
        objective=2),
    ind("accueil", "Taux de rendez-vous honorés", "%", M, UP, (86, 90), 90, (86, 80), noise=1.5,
        objective=1),
    ind("accueil", "Nombre de formulaires papier déposés au guichet", "formulaires", M, DOWN,
        (620, 540), 600, (None, 750), noise=30, decimals=0, archived_after=2024),
    # --- État civil ----------------------------------------------------------------------
    ind("etat-civil", "Délai de délivrance des actes d'état civil", "jours ouvrés", M, DOWN,
        (3.7, 2.0), (3, 3, 2.5), (3.5, 5), noise=0.3, feed=EC, strategic="OS-1.3", objective=1,
        published=True, formula="Somme des délais entre réception de la demande écrite et "
        "envoi de l'acte / demandes traitées."),
    ind("etat-civil", "Part des demandes d'actes reçues par COMEDEC", "%", M, UP, (55, 71),
        (55, 60, 65), (None, 50), noise=1.5, feed=EC, strategic="OS-1.1", objective=1),
    ind("etat-civil", "Taux d'actes sans erreur relevée", "%", T, UP, (99.3, 99.7), 99.5,
        (99.2, 98.5), noise=0.12, decimals=2, objective=1),
    ind("etat-civil", "Délai d'obtention d'un rendez-vous pour un titre d'identité", "jours", M,
        DOWN, (38, 16), (30, 20, 15), (None, 45), season="passports", amp=12, noise=2.5,
        decimals=0, strategic="OS-1.1", objective=2, published=True),
    ind("etat-civil", "Taux de dossiers de mariage complets au premier dépôt", "%", T, UP,
        (72, 81), 80, (75, 65), noise=2.5, late=1, objective=1),
    ind("etat-civil", "Délai d'apposition des mentions marginales", "jours", M, DOWN, (6, 3.5),
        (5, 4, 3), (6, 10), noise=0.6, feed=EC, objective=1),
    # --- Élections et recensement -----------------------------------------------------------
    ind("elections", "Délai de traitement des inscriptions sur les listes électorales", "jours",
        M, DOWN, (6, 3.5), (5, 5, 4), (6, 10), noise=0.8, objective=1),
    ind("elections", "Taux d'attestations de recensement délivrées en 48 heures", "%", T, UP,
        (92, 97), 95, (90, 85), noise=1.5, objective=2),
    ind("elections", "Erreurs relevées par l'INSEE sur les listes électorales", "‰", T, DOWN,
        (2.1, 1.2), (2, 1.5, 1.5), (2.5, 4), noise=0.25, decimals=2, objective=1),
    ind("elections", "Part des procurations établies en ligne", "%", S, UP, (35, 62),
        (40, 50, 60), (None, 30), noise=3, strategic="OS-1.1"),
    # --- Mission qualité -----------------------------------------------------------------
    ind("qualite", "Taux de réalisation du programme d'audit interne", "%", T, UP, (72, 96),
        100, (90, 75), noise=4, strategic="OS-3.4", objective=1, formula="Audits réalisés / "
        "audits planifiés à date × 100."),
    ind("qualite", "Part des actions correctives soldées dans les délais", "%", T, UP, (68, 83),
        80, (75, 60), noise=3, strategic="OS-3.4", objective=1),
    ind("qualite", "Taux de lecture des documents qualité", "%", T, UP, (84, 92), 90, (85, 75),
        noise=1.5, strategic="OS-3.4"),
    ind("qualite", "Taux de satisfaction global des usagers", "%", A, UP, (84, 88),
        (85, 86, 88), (82, 78), noise=0.8, imported=True, strategic="OS-1.2", published=True,
        formula="Répondants satisfaits ou très satisfaits / répondants × 100 (enquête annuelle "
        "auprès de 800 habitants)."),
    ind("qualite", "Part des indicateurs renseignés dans les délais", "%", M, UP, (81, 89), 95,
        (90, 80), noise=2.5, objective=2),
    ind("qualite", "Non-conformités ouvertes depuis plus de six mois", "non-conformités", T,
        DOWN, (14, 7), (12, 10, 8), (12, 16), noise=1.2, decimals=0, objective=1),
    # --- Communication -------------------------------------------------------------------
    ind("communication", "Délai de mise en ligne d'une information validée", "jours ouvrés", M,
        DOWN, (2.8, 1.6), 2, (2.5, 4), noise=0.3, objective=1),
    ind("communication", "Visites mensuelles du site internet", "visites", M, UP,
        (21000, 29500), (22000, 25000, 28000), (None, 18000), season="summer_dip", amp=3500,
        noise=900, decimals=0, objective=2, strategic="OS-1.1"),
    ind("communication", "Part des pages du site vérifiées dans l'année", "%", S, UP, (60, 92),
        100, (90, 70), noise=3, late=1, objective=1),
    ind("communication", "Abonnés à la lettre d'information", "abonnés", T, UP, (3100, 4600),
        (3200, 3800, 4500), (None, 3000), noise=40, decimals=0, objective=2),
    ind("communication", "Conformité du site au référentiel d'accessibilité (RGAA)", "%", A, UP,
        (62, 78), (65, 75, 85), (None, 50), noise=1.5, objective=1),
    # --- Affaires juridiques ----------------------------------------------------------------
    ind("juridique", "Délai de transmission des délibérations au contrôle de légalité", "jours",
        T, DOWN, (9, 5), (10, 8, 6), (10, 15), noise=0.8, objective=1),
    ind("juridique", "Délai de réponse aux demandes d'avis juridique", "jours", M, DOWN, (14, 9),
        (12, 10, 10), (12, 20), noise=1.5, gaps=0.08, objective=2),
    ind("juridique", "Taux de contentieux gagnés par la commune", "%", A, UP, (75, 82), 75,
        (70, 60), noise=3),
    ind("juridique", "Part des actes publiés en ligne dans la journée", "%", T, UP, (70, 96),
        (80, 90, 95), (None, 60), noise=2, strategic="OS-1.1"),
    ind("juridique", "Part des arrêtés du maire signés électroniquement", "%", T, UP, (55, 95),
        (60, 80, 95), (None, 50), noise=2.5, since=2025),
    # --- Police municipale ------------------------------------------------------------------
    ind("police", "Heures de patrouille pédestre", "heures", M, UP, (340, 268), (320, 350, 380),
        (300, 260), season="summer_peak", amp=30, noise=12, decimals=0, strategic="OS-2.4",
        objective=1),
    ind("police", "Délai moyen d'intervention sur appel", "minutes", M, DOWN, (14, 11), 12,
        (15, 20), noise=0.8, strategic="OS-2.4", objective=1, published=True),
    ind("police", "Taux de couverture des sorties d'école", "%", M, UP, (93, 98), 100, (95, 90),
        noise=1.5, objective=2),
    ind("police", "Part des signalements de tranquillité traités sous 48 heures", "%", M, UP,
        (80, 88), 85, (80, 70), noise=2.5, feed=GRU, objective=1),
    ind("police", "Taux de restitution des objets trouvés", "%", T, UP, (38, 46), 40, (35, 30),
        noise=2.5),
    # --- Propreté urbaine ------------------------------------------------------------------
    ind("proprete", "Tonnage de déchets collectés sur la voie publique", "t", M, DOWN, (58, 50),
        (58, 55, 52), (60, 66), season="leaves", amp=14, noise=2.5, strategic="OS-2.2",
        objective=2, published=True, formula="Pesées des bennes de balayage, des corbeilles "
        "et des dépôts sauvages (tickets de l'exutoire)."),
    ind("proprete", "Dépôts sauvages signalés", "signalements", M, DOWN, (95, 70), (90, 80, 70),
        (95, 120), season="summer_peak", amp=20, noise=7, decimals=0, feed=GRU,
        strategic="OS-2.2", objective=2),
    ind("proprete", "Délai moyen d'enlèvement des dépôts sauvages", "jours", M, DOWN, (3.2, 1.8),
        2, (3, 5), noise=0.3, feed=GRU, objective=2, published=True),
    ind("proprete", "Taux de réalisation du plan de nettoiement", "%", M, UP, (88, 94), 95,
        (90, 85), season="summer_dip", amp=5, noise=1.5, strategic="OS-2.4", objective=1),
    ind("proprete", "Taux de tags effacés sous 72 heures", "%", M, UP, (70, 86), (75, 80, 85),
        (None, 60), noise=4, late=2, objective=1),
    ind("proprete", "Taux de corbeilles vidées selon le planning", "%", M, UP, (91, 96), 95,
        (92, 88), season="summer_dip", amp=3, noise=1.2, objective=1),
    # --- Espaces verts ---------------------------------------------------------------------
    ind("espaces-verts", "Consommation d'eau d'arrosage", "m³", A, DOWN, (19000, 15000),
        (19000, 17000, 15000), (20000, 23000), noise=600, decimals=0, strategic="OS-2.3",
        objective=1),
    ind("espaces-verts", "Solde des plantations d'arbres", "arbres", A, UP, (40, 95),
        (50, 80, 100), (None, 0), noise=8, decimals=0, strategic="OS-2.3", objective=2,
        formula="Arbres plantés − arbres abattus dans l'année."),
    ind("espaces-verts", "Part des surfaces en gestion différenciée", "%", A, UP, (35, 52),
        (35, 45, 55), (None, 30), noise=1, strategic="OS-2.3", objective=1),
    ind("espaces-verts", "Conformité des contrôles des aires de jeux", "%", T, UP, (91, 97), 95,
        (92, 85), noise=1.5, objective=1),
    ind("espaces-verts", "Délai de traitement des demandes d'élagage", "jours", M, DOWN,
        (22, 37), 20, (25, 35), noise=2, feed=GRU, gaps=0.05, objective=2),
    ind("espaces-verts", "Satisfaction des habitants sur l'entretien des parcs", "%", A, UP,
        (74, 80), 80, (75, 70), noise=1, imported=True),
    # --- Voirie et réseaux -----------------------------------------------------------------
    ind("voirie", "Délai moyen de traitement des signalements de voirie", "jours", M, DOWN,
        (8, 5.4), (7, 6, 5), (8, 12), season="winter", amp=1.5, noise=0.5, feed=GRU,
        strategic="OS-2.4", objective=1, published=True),
    ind("voirie", "Part des nids-de-poule rebouchés sous 5 jours", "%", M, UP, (74, 86),
        (80, 85, 85), (75, 65), season="winter", amp=-6, noise=2.5, feed=GRU,
        strategic="OS-2.4", objective=1),
    ind("voirie", "Consommation d'énergie de l'éclairage public", "MWh", T, DOWN, (350, 235),
        (340, 300, 260), (None, 380), season="winter", amp=90, noise=8, decimals=0,
        strategic="OS-2.1", objective=2, formula="Relevés trimestriels des compteurs "
        "d'éclairage public (télérelève du fournisseur)."),
    ind("voirie", "Taux de points lumineux réparés sous 72 heures", "%", M, UP, (82, 91), 90,
        (85, 75), noise=2, feed=GRU, objective=2),
    ind("voirie", "Part du linéaire de voirie en bon état", "%", A, UP, (61, 66), (62, 64, 66),
        (None, 55), noise=0.5),
    # --- Station d'épuration ---------------------------------------------------------------
    ind("step", "Taux de conformité des rejets", "%", M, UP, (97.5, 99.6), 100, (98, 95),
        noise=0.8, feed=SUP, strategic="OS-2.3", objective=1, published=True,
        formula="Bilans d'autosurveillance conformes / bilans réalisés × 100."),
    ind("step", "Rendement épuratoire sur la DBO5", "%", M, UP, (95.5, 97.2), 96, (95, 93),
        season="winter", amp=-0.6, noise=0.4, feed=SUP, objective=1),
    ind("step", "Part d'eaux claires parasites dans les volumes traités", "%", M, DOWN, (28, 22),
        (27, 25, 22), (30, 35), season="rain", amp=8, noise=1.5, feed=SUP, strategic="OS-2.3"),
    ind("step", "Énergie consommée par mètre cube traité", "kWh/m³", M, DOWN, (0.62, 0.51),
        (0.6, 0.56, 0.52), (0.62, 0.7), noise=0.015, decimals=3, feed=SUP, strategic="OS-2.1",
        objective=2),
    ind("step", "Taux de valorisation agricole des boues", "%", A, UP, (92, 100), 95, (90, 80),
        noise=1.5, objective=1),
    ind("step", "Déversements du réseau par temps de pluie", "événements", T, DOWN, (4, 2),
        (4, 3, 2), (4, 6), season="rain", amp=2, noise=0.8, decimals=0, objective=1),
    # --- Bâtiments -------------------------------------------------------------------------
    ind("batiments", "Consommation d'énergie des bâtiments communaux (12 mois glissants)",
        "MWh", M, DOWN, (5400, 4600), (5300, 5000, 4700), (None, 5600), noise=25, decimals=0,
        feed=GTB, strategic="OS-2.1", objective=2, published=True,
        formula="Somme sur les douze derniers mois des consommations de chauffage et "
        "d'électricité des 48 bâtiments communaux."),
    ind("batiments", "Consommation de chauffage rapportée aux degrés-jours", "kWh/DJU", M, DOWN,
        (1650, 1420), (1600, 1500, 1450), (1600, 1750), noise=35, decimals=0, feed=GTB,
        strategic="OS-2.1", objective=2,
        formula="Consommation de chauffage du mois / degrés-jours unifiés du mois."),
    ind("batiments", "Consommation d'électricité des bâtiments", "MWh", M, DOWN, (165, 142),
        (160, 150, 140), (None, 210), season="winter", amp=35, noise=5, decimals=0, feed=GTB,
        objective=2),
    ind("batiments", "Délai moyen de traitement des demandes d'intervention", "jours", M, DOWN,
        (11, 7.5), (10, 9, 8), (12, 18), season="summer_dip", amp=-2, noise=0.8, feed=GRU,
        objective=1),
    ind("batiments", "Contrôles réglementaires réalisés dans les délais", "%", T, UP, (88, 96),
        100, (95, 85), noise=1.5, objective=1),
    ind("batiments", "Consommation d'eau des bâtiments", "m³", T, DOWN, (4200, 3700),
        (4200, 4000, 3800), (None, 4800), season="summer_peak", amp=500, noise=120,
        decimals=0, feed=GTB, strategic="OS-2.3"),
    # --- Marchés publics et achats ---------------------------------------------------------
    ind("marches", "Délai moyen de passation des marchés en procédure adaptée", "jours", T,
        DOWN, (68, 52), (65, 60, 55), (70, 85), noise=3, strategic="OS-3.3", objective=1),
    ind("marches", "Part des marchés comportant une clause environnementale", "%", S, UP,
        (38, 64), (40, 50, 60), (None, 35), noise=3, strategic="OS-3.3", objective=2),
    ind("marches", "Part des marchés comportant une clause sociale", "%", S, UP, (12, 19),
        (15, 20, 25), (None, 10), noise=2, strategic="OS-3.3", objective=2),
    ind("marches", "Taux de consultations infructueuses", "%", S, DOWN, (9, 6), 8, (10, 15),
        noise=1.2),
    ind("marches", "Part des achats réalisés auprès de PME locales", "%", A, UP, (31, 37), 35,
        (30, 25), noise=1, strategic="OS-3.3"),
    # --- Finances --------------------------------------------------------------------------
    ind("finances", "Délai global de paiement des factures", "jours", M, DOWN, (24, 17),
        (25, 20, 18), (22, 30), season="year_end", amp=6, noise=1.2, feed=FIN,
        strategic="OS-3.2", objective=1, published=True, formula="Délai moyen entre la "
        "réception de la facture et son paiement par le comptable public (part ordonnateur "
        "et comptable)."),
    ind("finances", "Taux d'exécution des dépenses d'investissement", "%", A, UP, (64, 74),
        (65, 70, 75), (None, 55), noise=2, strategic="OS-3.2", objective=2),
    ind("finances", "Taux de rejet des mandats par la trésorerie", "%", M, DOWN, (2.4, 1.3),
        (2, 1.5, 1.5), (2.5, 4), noise=0.25, decimals=2, feed=FIN, objective=1),
    ind("finances", "Taux d'exécution des dépenses de fonctionnement", "%", A, UP, (96, 97.5),
        97, (95, 92), noise=0.5, objective=2),
    ind("finances", "Capacité de désendettement", "années", A, DOWN, (6.8, 5.4), (7, 6, 6),
        (8, 10), noise=0.2, strategic="OS-3.2", formula="Encours de la dette au 31 décembre / "
        "épargne brute de l'exercice."),
    ind("finances", "Taux de réalisation des recettes de fonctionnement", "%", A, UP,
        (99, 101), 98, (96, 93), noise=0.6, objective=2),
    # --- Ressources humaines ---------------------------------------------------------------
    ind("rh", "Taux d'absentéisme", "%", M, DOWN, (8.9, 7.6), (8.5, 8, 7.5), (9, 10.5),
        season="flu", amp=1.4, noise=0.35, feed=SIRH, strategic="OS-3.1", objective=2,
        published=True, formula="Jours d'absence (maladie ordinaire, longue maladie, accident "
        "du travail) / jours travaillés théoriques × 100."),
    ind("rh", "Accidents du travail avec arrêt", "accidents", T, DOWN, (9, 6), (9, 8, 6),
        (10, 14), noise=1.5, decimals=0, feed=SIRH, strategic="OS-3.1", objective=2),
    ind("rh", "Part des agents formés dans l'année", "%", S, UP, (52, 64), (55, 60, 65),
        (None, 45), noise=2, feed=SIRH, strategic="OS-3.1"),
    ind("rh", "Taux d'erreurs de paie", "%", M, DOWN, (0.6, 0.25), (0.5, 0.4, 0.3), (0.6, 1),
        noise=0.06, decimals=2, feed=SIRH, objective=1),
    ind("rh", "Délai moyen de recrutement", "jours", T, DOWN, (78, 66), (75, 70, 60), (85, 100),
        noise=4, decimals=0, objective=1),
    ind("rh", "Taux de réalisation des entretiens professionnels", "%", A, UP, (82, 94), 95,
        (90, 80), noise=1.5, strategic="OS-3.1"),
    ind("rh", "Taux d'absentéisme pour maladie ordinaire (ancien calcul)", "%", M, DOWN,
        (5.8, 5.2), 5.5, (6, 7), season="flu", amp=1, noise=0.3, archived_after=2024),
    # --- Systèmes d'information ------------------------------------------------------------
    ind("dsi", "Délai moyen de résolution des incidents", "heures ouvrées", M, DOWN, (9.5, 6.8),
        (9, 8, 7), (10, 14), noise=0.7, objective=1),
    ind("dsi", "Taux de disponibilité des applications métier", "%", M, UP, (99.2, 99.7), 99.5,
        (99.3, 98.5), noise=0.15, decimals=2, objective=2),
    ind("dsi", "Taux de sauvegardes réussies", "%", M, UP, (98.8, 99.8), 100, (99, 97),
        noise=0.4, objective=2),
    ind("dsi", "Satisfaction des utilisateurs du support informatique", "%", S, UP, (78, 86), 85,
        (80, 70), noise=2, imported=True, objective=1),
    ind("dsi", "Part des agents sensibilisés à la cybersécurité", "%", S, UP, (20, 71),
        (30, 50, 75), (None, 20), noise=3, objective=2, strategic="OS-3.1"),
    ind("dsi", "Délai de création des comptes des nouveaux agents", "jours", M, DOWN, (4, 1.5),
        (3, 2, 2), (3, 5), noise=0.4, since=2025, objective=1),
    # --- CCAS – Action sociale ------------------------------------------------------------
    ind("ccas", "Délai moyen d'instruction des demandes d'aide facultative", "jours", M, DOWN,
        (14, 9), (12, 10, 10), (14, 20), noise=1.2, strategic="OS-1.5", objective=1,
        published=True),
    ind("ccas", "Part des personnes inscrites au registre canicule contactées", "%", A, UP,
        (88, 100), 100, (95, 85), noise=2, strategic="OS-1.5", objective=2),
    ind("ccas", "Délai du premier rendez-vous avec un travailleur social", "jours", M, DOWN,
        (9, 6), (8, 7, 6), (10, 15), noise=0.8, late=1, strategic="OS-1.5", objective=1),
    ind("ccas", "Satisfaction des bénéficiaires du portage de repas", "%", A, UP, (89, 93), 90,
        (85, 80), noise=1, imported=True, objective=2),
    ind("ccas", "Dossiers d'aide complets au premier dépôt", "%", T, UP, (64, 75), 75, (70, 60),
        noise=2.5, objective=1),
    # --- Petite enfance --------------------------------------------------------------------
    ind("petite-enfance", "Taux d'occupation des crèches municipales", "%", M, UP, (72, 79),
        (75, 77, 78), (72, 68), season="school", amp=15, noise=1.5, strategic="OS-1.4",
        objective=1, published=True, formula="Heures facturées / heures d'ouverture × places "
        "agréées × 100."),
    ind("petite-enfance", "Délai de réponse aux demandes de place en crèche", "jours", T, DOWN,
        (45, 30), (45, 40, 30), (50, 60), noise=3, decimals=0, strategic="OS-1.4", objective=2),
    ind("petite-enfance", "Taux de satisfaction des familles", "%", A, UP, (88, 92), 90,
        (85, 80), noise=1, imported=True, objective=2),
    ind("petite-enfance", "Taux d'absentéisme des agents des crèches", "%", M, DOWN, (10.2, 13.4),
        (10, 9, 8), (11, 13), season="flu", amp=2, noise=0.6, feed=SIRH, late=1),
    # --- Restauration scolaire ------------------------------------------------------------
    ind("restauration", "Part de produits bio dans les achats alimentaires", "%", T, UP,
        (18, 27), (20, 20, 25), (None, 15), noise=1.2, feed=RES, strategic="OS-1.4",
        objective=1, published=True, formula="Achats de produits bio (€ HT) / achats "
        "alimentaires (€ HT) × 100 (loi EGalim)."),
    ind("restauration", "Part de produits durables et de qualité (EGalim)", "%", T, UP,
        (38, 49), 50, (45, 35), noise=1.5, feed=RES, objective=1),
    ind("restauration", "Gaspillage alimentaire par repas servi", "g", M, DOWN, (115, 82),
        (110, 95, 85), (120, 140), noise=5, decimals=0, feed=RES, strategic="OS-2.2",
        objective=2, published=True, formula="Pesée des restes des plateaux et des plats "
        "non servis / repas servis."),
    ind("restauration", "Conformité des analyses microbiologiques", "%", T, UP, (97, 99), 100,
        (98, 95), noise=1, objective=1),
    ind("restauration", "Satisfaction des enfants sur les repas", "%", S, UP, (68, 74), 75,
        (70, 60), noise=2, objective=1),
    ind("restauration", "Coût alimentaire par repas", "€", T, DOWN, (2.05, 2.36),
        (2.1, 2.2, 2.25), (2.3, 2.5), noise=0.03, decimals=2, feed=RES),
    # --- Affaires scolaires ----------------------------------------------------------------
    ind("scolaire", "Part des inscriptions périscolaires réalisées en ligne", "%", T, UP,
        (48, 78), (50, 65, 80), (None, 40), noise=2, feed=FAM, strategic="OS-1.1", objective=1),
    ind("scolaire", "Délai de traitement des demandes de dérogation scolaire", "jours", T, DOWN,
        (21, 14), (20, 15, 15), (25, 30), noise=1.5, decimals=0, objective=1),
    ind("scolaire", "Taux d'encadrement conforme en accueil périscolaire", "%", M, UP, (93, 97),
        100, (95, 90), noise=1.2, strategic="OS-1.4", objective=2),
    ind("scolaire", "Fréquentation de l'accueil périscolaire", "%", M, UP, (54, 60), 55,
        (50, 45), season="school", amp=10, noise=1.5, feed=FAM, strategic="OS-1.4"),
    ind("scolaire", "Délai de confirmation des inscriptions scolaires", "jours", T, DOWN,
        (12, 6), (10, 8, 7), (12, 15), noise=1, decimals=0, feed=FAM, objective=1),
    # --- Médiathèque ---------------------------------------------------------------------
    ind("bibliotheque", "Prêts de documents", "prêts", M, UP, (9800, 10900),
        (10000, 10500, 11000), (None, 8500), season="summer_dip", amp=1800, noise=300,
        decimals=0, objective=1),
    ind("bibliotheque", "Inscrits actifs", "inscrits", T, UP, (4200, 4650), (4300, 4500, 4700),
        (None, 4000), noise=40, decimals=0, objective=1),
    ind("bibliotheque", "Part des classes de la commune accueillies", "%", A, UP, (78, 95),
        (80, 90, 100), (None, 70), noise=2, strategic="OS-1.4", objective=2),
    ind("bibliotheque", "Taux de satisfaction des usagers de la médiathèque", "%", A, UP,
        (90, 93), 90, (85, 80), noise=0.8, imported=True, published=True),
    ind("bibliotheque", "Part des prêts de ressources numériques", "%", T, UP, (6, 11),
        (7, 9, 12), (None, 5), noise=0.5, objective=1, late=1),
    # --- Sports ----------------------------------------------------------------------------
    ind("sports", "Taux d'occupation des gymnases", "%", M, UP, (71, 78), 75, (70, 60),
        season="summer_dip", amp=25, noise=2, objective=1),
    ind("sports", "Entrées à la piscine municipale", "entrées", M, UP, (7200, 8100),
        (7000, 7500, 8000), (None, 6000), season="summer_peak", amp=3500, noise=250,
        decimals=0, objective=2, published=True),
    ind("sports", "Part des élèves de CM2 sachant nager", "%", A, UP, (72, 81), (75, 80, 85),
        (None, 65), noise=1.5, strategic="OS-1.4", objective=2),
    ind("sports", "Délai de réponse aux demandes de réservation d'équipements", "jours", M,
        DOWN, (7, 4), 5, (7, 10), noise=0.6, objective=1, late=2),
    ind("sports", "Consommation d'énergie du centre aquatique", "MWh", M, DOWN, (210, 175),
        (205, 195, 180), (None, 240), season="winter", amp=35, noise=6, decimals=0, feed=GTB,
        strategic="OS-2.1"),
]

# A few values corrected after a check of the source data: the first value stays in the
# history of the measurement, with the reason of the correction.
CORRECTIONS = [
    ("accueil", "Taux de rendez-vous honorés", "2025-03", 1.5),
    ("rh", "Délai moyen de recrutement", "2025-T2", -6),
    ("proprete", "Tonnage de déchets collectés sur la voie publique", "2025-11", 4.2),
    ("finances", "Délai global de paiement des factures", "2025-06", -1.4),
]
CORRECTION_REASON = "Valeur corrigée après contrôle des données sources."
