"""The demo's quality policy (ISO 9001 §5.2) and QMS scope (§4.3).

The scope covers the 18 certified services of the commune: every service except the
four in NOT_CERTIFIED, the same four as the certification demo (sports prepares
its ISO 9001).
"""

from .notation import ALL, Doc, h2, p, ul
from .organisation import SERVICES, SITES

#: The services outside the certified scope (the other 18 are certified).
NOT_CERTIFIED = ("juridique", "police", "elections", "sports")
CERTIFIED = tuple(code for code, *_rest in SERVICES if code not in NOT_CERTIFIED)
SCOPE_SITES = tuple(
    name for name, _address, codes in SITES if any(code in CERTIFIED for code in codes)
)

MAYOR = ("Anne-Marie Vasseur", "Maire de Belleville-sur-Loire")

COMMITMENTS = [
    ("Répondre à chaque usager dans les délais que nous affichons",
     "Accueil physique en moins de 10 minutes, réponse aux courriers et courriels en moins de "
     "10 jours ouvrés, rappel téléphonique sous 48 heures (engagements Qualivilles)."),
    ("Respecter les exigences légales et réglementaires",
     "Veille réglementaire partagée, évaluation périodique de la conformité de chaque service, "
     "en particulier pour la station d'épuration, la restauration scolaire et l'état civil."),
    ("Écouter les usagers et en tenir compte",
     "Enquête de satisfaction annuelle, traitement de chaque réclamation, comité d'usagers deux "
     "fois par an ; les résultats sont publiés sur le site de la ville."),
    ("Améliorer continuellement nos services",
     "Audits internes, revue de direction annuelle, actions correctives suivies jusqu'à leur "
     "efficacité, idées d'amélioration des agents examinées chaque trimestre."),
    ("Prévenir les pollutions et préserver les ressources",
     "Réduction des consommations d'énergie et d'eau des bâtiments, gestion différenciée des "
     "espaces verts sans produits phytosanitaires, rejets de la station d'épuration conformes."),
    ("Donner aux agents les moyens de bien servir",
     "Formation, documents à jour sur l'intranet, écoute des propositions des agents et "
     "reconnaissance de leur contribution."),
]

POLICY = Doc(
    "POL-001", "policy", "Politique qualité et environnement de la ville", "qualite",
    "Les engagements de la municipalité envers les usagers, signés par le maire : ce que "
    "chaque service et chaque agent s'attache à tenir.",
    [
        h2("Notre ambition"),
        p("Belleville-sur-Loire veut offrir à chaque habitant un service public **accessible, "
          "fiable et économe** : des réponses rapides, des informations exactes, des "
          "équipements bien entretenus et un environnement préservé."),
        h2("Comment nous la faisons vivre"),
        ul("Chaque direction décline la politique en objectifs mesurables, revus chaque année "
           "en revue de direction.",
           "Chaque agent prend connaissance de la politique et confirme sa lecture sur "
           "l'intranet.",
           "La politique est affichée dans les lieux d'accueil et publiée sur le site de la "
           "ville."),
    ],
    applies=ALL,
    changes=("Première politique qualité de la ville.",
             "Politique étendue à l'environnement (ISO 14001) et engagements d'accueil "
             "alignés sur le référentiel Qualivilles."),
    author="pilot", age=200, review=12,
    sheet={"commitments": COMMITMENTS, "standards": ["iso-9001", "iso-14001", "qualivilles"],
           "signatory": MAYOR},
    reading_rate=0.8,
)

SCOPE = Doc(
    "DOM-001", "scope", "Domaine d'application du système de management", "qualite",
    "Les services, sites et activités couverts par le système de management de la qualité "
    "et de l'environnement de la ville, et les exigences qui ne s'appliquent pas.",
    [
        h2("Services hors du domaine"),
        p("Les affaires juridiques, la police municipale, les élections et les sports "
          "appliquent les procédures communes mais ne sont pas encore certifiés ; les sports "
          "préparent leur certification ISO 9001, les autres entreront dans le domaine au "
          "prochain cycle."),
    ],
    applies=CERTIFIED,
    author="pilot", age=300, review=24,
    sheet={
        "services": CERTIFIED,
        "sites": SCOPE_SITES,
        "standards": ["iso-9001", "iso-14001", "qualivilles"],
        "activities": (
            "Accueil et information des usagers, état civil, élections et recensement ; "
            "propreté urbaine, espaces verts, voirie, bâtiments et assainissement (station "
            "d'épuration des Prés-Bas, ISO 14001) ; commande publique, finances et ressources "
            "humaines ; action sociale et petite enfance ; restauration et affaires scolaires, "
            "médiathèque ; police municipale ; pilotage par la mission qualité."
        ),
        "exclusions": [
            ("8.3", "Conception et développement des produits et services",
             "Les services rendus par la ville sont définis par la réglementation (code "
             "général des collectivités territoriales, code civil, code de l'environnement) "
             "et par les délibérations du conseil municipal : la ville ne conçoit pas de "
             "nouveaux produits ou services au sens de l'exigence 8.3. Les projets "
             "d'aménagement sont conçus par des maîtres d'œuvre externes, maîtrisés comme "
             "prestataires (8.4)."),
        ],
        "boundaries": (
            "Hors domaine : la collecte des déchets (compétence de la communauté de communes) "
            "et la distribution d'eau potable (délégation de service public) ; leurs interfaces "
            "avec les services de la ville sont maîtrisées par les conventions et le suivi du "
            "délégataire. Le CCAS applique le système de la ville pour l'action sociale."
        ),
    },
    reading_rate=0.9,
)

GOVERNANCE_DOCUMENTS = [POLICY, SCOPE]
