"""The reference criteria shipped with the product: ISO 9001:2015 and ISO 14001:2015
clauses 4.1 to 10.3 (French titles), and the main Qualivilles and Services Publics+
commitments, with a few checklist questions. The quality engineer edits them afterwards in
the back office; loading is idempotent (rows found by standard code and reference)."""

from django.db import migrations

ISO_9001 = [
    ("4.1", "Compréhension de l'organisme et de son contexte",
     "Les enjeux internes et externes sont-ils identifiés et revus ?\n"
     "La pertinence du changement climatique a-t-elle été déterminée ?"),
    ("4.2", "Compréhension des besoins et attentes des parties intéressées",
     "Le registre des parties intéressées et de leurs exigences est-il à jour ?"),
    ("4.3", "Détermination du domaine d'application du système de management de la qualité",
     "Le périmètre (services, sites) et les exclusions justifiées sont-ils documentés ?"),
    ("4.4", "Système de management de la qualité et ses processus",
     "Chaque processus a-t-il une fiche d'identité, un pilote, des indicateurs ?"),
    ("5.1", "Leadership et engagement",
     "La direction démontre-t-elle son engagement (revue, ressources, communication) ?"),
    ("5.2", "Politique qualité",
     "La politique qualité est-elle approuvée, communiquée et comprise ?"),
    ("5.3", "Rôles, responsabilités et autorités au sein de l'organisme",
     "Les rôles et autorités (pilotes, responsable qualité) sont-ils attribués ?"),
    ("6.1", "Actions à mettre en œuvre face aux risques et opportunités",
     "Les risques et opportunités sont-ils évalués et traités ?\n"
     "L'efficacité des actions est-elle évaluée ?"),
    ("6.2", "Objectifs qualité et planification des actions pour les atteindre",
     "Les objectifs sont-ils mesurables, suivis, avec responsables et échéances ?"),
    ("6.3", "Planification des modifications",
     "Les modifications du système sont-elles planifiées et leurs impacts analysés ?"),
    ("7.1", "Ressources",
     "Les ressources (personnes, infrastructures, environnement) sont-elles adaptées ?"),
    ("7.1.5", "Ressources pour la surveillance et la mesure",
     "Les moyens de mesure (compteurs, enquêtes, outils de suivi) sont-ils adaptés et "
     "vérifiés ?"),
    ("7.1.6", "Connaissances organisationnelles", ""),
    ("7.2", "Compétences",
     "Les compétences nécessaires sont-elles définies et les preuves conservées ?"),
    ("7.3", "Sensibilisation",
     "Les agents connaissent-ils la politique, les objectifs et leur contribution ?"),
    ("7.4", "Communication",
     "Qui communique quoi, quand, à qui et comment est-il défini ?"),
    ("7.5", "Informations documentées", ""),
    ("7.5.2", "Création et mise à jour des informations documentées",
     "Les documents sont-ils identifiés, revus et approuvés ?"),
    ("7.5.3", "Maîtrise des informations documentées",
     "La version en vigueur est-elle disponible au poste de travail ?\n"
     "Les versions obsolètes sont-elles identifiées ?\n"
     "Les durées de conservation sont-elles définies ?"),
    ("8.1", "Planification et maîtrise opérationnelles",
     "Les critères des processus sont-ils définis et appliqués ?"),
    ("8.2", "Exigences relatives aux produits et services", ""),
    ("8.2.1", "Communication avec les clients",
     "Les réclamations et demandes des usagers sont-elles enregistrées et traitées ?"),
    ("8.3", "Conception et développement de produits et services", ""),
    ("8.4", "Maîtrise des processus, produits et services fournis par des prestataires externes",
     "Les prestataires sont-ils évalués et réévalués ?"),
    ("8.5", "Production et prestation de service",
     "Les prestations sont-elles réalisées dans des conditions maîtrisées ?"),
    ("8.6", "Libération des produits et services", ""),
    ("8.7", "Maîtrise des éléments de sortie non conformes",
     "Les sorties non conformes sont-elles identifiées, traitées et enregistrées ?"),
    ("9.1", "Surveillance, mesure, analyse et évaluation",
     "Les indicateurs sont-ils mesurés, analysés et exploités ?"),
    ("9.1.2", "Satisfaction du client",
     "La satisfaction des usagers est-elle mesurée (enquêtes, réclamations) ?"),
    ("9.1.3", "Analyse et évaluation", ""),
    ("9.2", "Audit interne",
     "Le programme d'audit est-il réalisé ?\nLes auditeurs sont-ils indépendants ?"),
    ("9.3", "Revue de direction",
     "La revue de direction traite-t-elle toutes les données d'entrée ?"),
    ("10.1", "Amélioration — Généralités", ""),
    ("10.2", "Non-conformité et action corrective",
     "Les causes des non-conformités sont-elles analysées ?\n"
     "L'efficacité des actions correctives est-elle vérifiée ?"),
    ("10.3", "Amélioration continue", ""),
]

ISO_14001 = [
    ("4.1", "Compréhension de l'organisme et de son contexte", ""),
    ("4.2", "Compréhension des besoins et attentes des parties intéressées", ""),
    ("4.3", "Détermination du domaine d'application du système de management environnemental",
     ""),
    ("4.4", "Système de management environnemental", ""),
    ("5.1", "Leadership et engagement", ""),
    ("5.2", "Politique environnementale",
     "La politique inclut-elle la protection de l'environnement et la conformité ?"),
    ("5.3", "Rôles, responsabilités et autorités au sein de l'organisme", ""),
    ("6.1", "Actions à mettre en œuvre face aux risques et opportunités", ""),
    ("6.1.2", "Aspects environnementaux",
     "Les aspects environnementaux significatifs sont-ils identifiés (énergie, eau, "
     "déchets, éclairage public, flotte) ?"),
    ("6.1.3", "Obligations de conformité",
     "La veille réglementaire est-elle tenue à jour ?"),
    ("6.1.4", "Planification d'actions", ""),
    ("6.2", "Objectifs environnementaux et planification des actions pour les atteindre", ""),
    ("7.1", "Ressources", ""),
    ("7.2", "Compétences", ""),
    ("7.3", "Sensibilisation", ""),
    ("7.4", "Communication", ""),
    ("7.5", "Informations documentées", ""),
    ("8.1", "Maîtrise et planification opérationnelles", ""),
    ("8.2", "Préparation et réponse aux situations d'urgence",
     "Les situations d'urgence sont-elles identifiées et les réponses testées ?"),
    ("9.1", "Surveillance, mesure, analyse et évaluation", ""),
    ("9.1.2", "Évaluation de la conformité",
     "La conformité est-elle évaluée à la fréquence prévue et les résultats conservés ?"),
    ("9.2", "Audit interne", ""),
    ("9.3", "Revue de direction", ""),
    ("10.1", "Amélioration — Généralités", ""),
    ("10.2", "Non-conformité et action corrective", ""),
    ("10.3", "Amélioration continue", ""),
]

QUALIVILLES = [
    ("Engagement 1", "Un accueil courtois et attentif",
     "L'agent se présente-t-il et adopte-t-il une attitude courtoise ?"),
    ("Engagement 2", "Des horaires d'ouverture adaptés et respectés", ""),
    ("Engagement 3", "Une orientation vers le bon interlocuteur", ""),
    ("Engagement 4", "Une réponse aux courriers dans un délai annoncé",
     "Le délai de réponse aux courriers est-il mesuré et respecté ?"),
    ("Engagement 5", "Une réponse téléphonique rapide", ""),
    ("Engagement 6", "Des actes d'état civil délivrés dans les délais", ""),
    ("Engagement 7", "Le traitement systématique des réclamations",
     "Chaque réclamation reçoit-elle une réponse dans le délai annoncé ?"),
    ("Engagement 8", "La mesure de la satisfaction des usagers", ""),
]

SERVICES_PUBLICS_PLUS = [
    ("Engagement 1", "Courtoisie, bienveillance et droit à l'erreur", ""),
    ("Engagement 2", "Facilité de contact", ""),
    ("Engagement 3", "Accompagnement adapté à chacun", ""),
    ("Engagement 4", "Délais annoncés et respectés",
     "Les délais de traitement sont-ils annoncés et mesurés ?"),
    ("Engagement 5", "Information claire et accessible", ""),
    ("Engagement 6", "Publication des résultats de qualité de service",
     "Les résultats sont-ils publiés au moins une fois par an ?"),
    ("Engagement 7", "Écoute des usagers pour s'améliorer", ""),
]

STANDARDS = [
    ("iso-9001", "ISO 9001", "standard", "2015 + A1:2024", ISO_9001),
    ("iso-14001", "ISO 14001", "standard", "2015 + A1:2024", ISO_14001),
    ("qualivilles", "Qualivilles", "label", "", QUALIVILLES),
    ("services-publics-plus", "Services Publics+", "label", "2023", SERVICES_PUBLICS_PLUS),
]


def forward(apps, schema_editor):
    Standard = apps.get_model("audits", "Standard")
    Criterion = apps.get_model("audits", "Criterion")
    for code, name, kind, version, clauses in STANDARDS:
        standard, _created = Standard.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "version": version})
        for order, (reference, title, questions) in enumerate(clauses, start=1):
            Criterion.objects.get_or_create(
                standard=standard, reference=reference,
                defaults={"title": title, "questions": questions, "order": order * 10})


def backward(apps, schema_editor):
    """Leave the criteria: audits may refer to them."""


class Migration(migrations.Migration):
    dependencies = [("audits", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
