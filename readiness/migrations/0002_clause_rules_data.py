"""The clause rules shipped with the product: for each clause of ISO 9001 and ISO 14001
(4.1 to 10.3) and each Qualivilles and Services Publics+ commitment (audits migration
0002), the evidence kinds (qms.evidence) that show it is met and what the auditor expects
to see. The quality engineer edits them afterwards in the back office; loading is
idempotent (an existing rule is left as edited)."""

from django.db import migrations

CONTEXT = ["context"]
DOCS = ["document_control"]

ISO_9001 = {
    "4.1": (CONTEXT, "Les enjeux internes et externes du service, identifiés et revus depuis "
                     "moins d'un an (registre du contexte)."),
    "4.2": (CONTEXT, "Le registre des parties intéressées et de leurs attentes, revu depuis "
                     "moins d'un an."),
    "4.3": (["qms_scope"], "Le domaine d'application publié, couvrant le service, avec ses "
                           "exclusions justifiées."),
    "4.4": (["process_sheets"], "Une fiche d'identité publiée pour chaque processus actif "
                                "du service : pilote, entrées, sorties, indicateurs."),
    "5.1": (["management_review", "quality_policy"],
            "Une revue de direction validée depuis moins d'un an et une politique qualité "
            "signée : l'engagement de la direction."),
    "5.2": (["quality_policy"], "La politique qualité publiée, revue à temps, et la preuve "
                                "que les agents l'ont lue."),
    "5.3": (["roles"], "Un pilote pour chaque processus et un responsable du service."),
    "6.1": (["risks", "improvement_actions"],
            "Les fiches de maîtrise des risques revues depuis moins d'un an et leurs actions "
            "de traitement à l'heure."),
    "6.2": (["objectives"], "Des objectifs de service mesurables, avec indicateur, "
                            "responsable, cible et échéance."),
    "6.3": ([], "Les modifications du système planifiées : un document ou une décision "
                "qui le montre."),
    "7.1": ([], "Les ressources du service (effectifs, locaux, outils) : un document ou "
                "une déclaration."),
    "7.1.5": (["measuring_resources"], "Les moyens de mesure (compteurs, gestion de file "
                                       "d'attente, outils d'enquête) vérifiés à temps."),
    "7.1.6": ([], "Les connaissances du service conservées (procédures, retours "
                  "d'expérience) : rattacher un document."),
    "7.2": (["competence"], "Les compétences requises par poste, les formations suivies et "
                            "l'évaluation de leur efficacité."),
    "7.3": (["awareness"], "Les accusés de lecture des agents sur les documents qu'ils "
                           "doivent connaître."),
    "7.4": ([], "Le plan de communication : qui communique quoi, quand et à qui."),
    "7.5": (DOCS, "Les documents du service publiés, approuvés et revus à temps."),
    "7.5.2": (DOCS, "Chaque document identifié, revu et approuvé avant publication."),
    "7.5.3": (DOCS, "La version en vigueur disponible, les versions obsolètes identifiées."),
    "8.1": (["process_sheets"], "Les critères de réalisation des processus définis dans "
                                "leurs fiches."),
    "8.2": (["feedback"], "Les exigences des usagers connues : demandes, réclamations, "
                          "engagements publiés."),
    "8.2.1": (["feedback"], "Les réclamations enregistrées et traitées dans les délais, "
                            "les engagements de service publiés."),
    "8.3": ([], "Conception et développement : le plus souvent non applicable à un service "
                "municipal, à justifier."),
    "8.4": (["providers"], "Les prestataires du service évalués dans leur intervalle, avec "
                           "critères et notes."),
    "8.5": (["process_sheets"], "Les prestations réalisées dans des conditions maîtrisées, "
                                "décrites par les fiches et procédures."),
    "8.6": ([], "La libération des prestations : les contrôles avant délivrance."),
    "8.7": (["nonconformities"], "Les non-conformités enregistrées, analysées et traitées."),
    "9.1": (["indicators"], "Chaque indicateur actif renseigné pour sa dernière période."),
    "9.1.2": (["feedback"], "Une enquête de satisfaction depuis moins d'un an et les "
                            "réclamations exploitées."),
    "9.1.3": (["indicators"], "L'analyse des indicateurs et de leurs tendances."),
    "9.2": (["audits"], "Un audit interne couvrant le service depuis moins d'un an, avec "
                        "son rapport."),
    "9.3": (["management_review"], "Une revue de direction validée depuis moins d'un an."),
    "10.1": (["improvement_actions"], "Des actions d'amélioration menées à terme dans "
                                      "l'année."),
    "10.2": (["nonconformities"], "Les causes des non-conformités analysées et les actions "
                                  "correctives planifiées, à l'heure."),
    "10.3": (["improvement_actions"], "L'amélioration continue : actions réalisées, "
                                      "aucune en retard."),
}

ISO_14001 = {
    "4.1": (CONTEXT, "Les enjeux internes et externes, dont les conditions "
                     "environnementales, revus depuis moins d'un an."),
    "4.2": (CONTEXT, "Les parties intéressées et leurs obligations de conformité, revues "
                     "depuis moins d'un an."),
    "4.3": (["qms_scope"], "Le domaine d'application du système de management "
                           "environnemental publié."),
    "4.4": (["process_sheets"], "Les processus du service décrits par leurs fiches "
                                "publiées."),
    "5.1": (["management_review", "quality_policy"],
            "L'engagement de la direction : revue de direction et politique."),
    "5.2": (["quality_policy"], "La politique environnementale publiée et connue des "
                                "agents."),
    "5.3": (["roles"], "Les rôles et autorités attribués : pilotes et responsable."),
    "6.1": (["risks", "improvement_actions"], "Les risques et opportunités évalués et "
                                              "traités."),
    "6.1.2": (["environmental_aspects"], "Les aspects environnementaux significatifs "
                                         "identifiés et leurs impacts évalués."),
    "6.1.3": (["compliance"], "Les obligations de conformité identifiées dans la veille "
                              "réglementaire."),
    "6.1.4": (["improvement_actions"], "Les actions planifiées face aux aspects, "
                                       "obligations, risques et opportunités."),
    "6.2": (["objectives"], "Des objectifs environnementaux mesurables et suivis."),
    "7.1": ([], "Les ressources nécessaires au système : un document ou une déclaration."),
    "7.2": (["competence"], "Les compétences des agents dont le travail a un impact "
                            "environnemental."),
    "7.3": (["awareness"], "Les agents sensibilisés à la politique et aux aspects "
                           "significatifs."),
    "7.4": ([], "La communication interne et externe sur l'environnement."),
    "7.5": (DOCS, "Les informations documentées maîtrisées."),
    "8.1": (["process_sheets"], "La maîtrise opérationnelle décrite par les fiches et "
                                "procédures."),
    "8.2": ([], "Les situations d'urgence identifiées et les réponses testées : rattacher "
                "le plan d'urgence."),
    "9.1": (["indicators"], "La surveillance et la mesure de la performance "
                            "environnementale."),
    "9.1.2": (["compliance"], "Chaque texte applicable évalué à la fréquence prévue."),
    "9.2": (["audits"], "Un audit interne depuis moins d'un an, avec son rapport."),
    "9.3": (["management_review"], "Une revue de direction validée depuis moins d'un an."),
    "10.1": (["improvement_actions"], "Des actions d'amélioration menées à terme."),
    "10.2": (["nonconformities"], "Les non-conformités traitées et leurs causes "
                                  "analysées."),
    "10.3": (["improvement_actions"], "L'amélioration continue de la performance "
                                      "environnementale."),
}

QUALIVILLES = {
    "Engagement 1": (["feedback"], "Un accueil courtois : enquêtes de satisfaction et "
                                   "réclamations sur l'accueil."),
    "Engagement 2": (["indicators"], "Les horaires respectés : indicateur de respect des "
                                     "horaires d'ouverture."),
    "Engagement 3": (["feedback"], "Une orientation vers le bon interlocuteur : retours "
                                   "des usagers."),
    "Engagement 4": (["indicators"], "Le délai de réponse aux courriers mesuré pour chaque "
                                     "période."),
    "Engagement 5": (["indicators"], "Le délai de décroché téléphonique mesuré."),
    "Engagement 6": (["indicators"], "Les délais de délivrance des actes mesurés."),
    "Engagement 7": (["feedback"], "Chaque réclamation répondue dans le délai annoncé."),
    "Engagement 8": (["feedback", "indicators"], "Une enquête de satisfaction depuis moins "
                                                 "d'un an et ses résultats suivis."),
}

SERVICES_PUBLICS_PLUS = {
    "Engagement 1": (["feedback"], "La courtoisie et la bienveillance mesurées auprès des "
                                   "usagers."),
    "Engagement 2": (["indicators"], "La facilité de contact : délais de décroché et de "
                                     "réponse mesurés."),
    "Engagement 3": (["feedback"], "Un accompagnement adapté : retours et demandes des "
                                   "usagers."),
    "Engagement 4": (["indicators"], "Les délais annoncés, mesurés et respectés."),
    "Engagement 5": (["feedback"], "Une information claire : engagements publiés et avis "
                                   "des usagers."),
    "Engagement 6": (["feedback", "indicators"], "Les résultats de qualité de service "
                                                 "publiés au moins une fois par an."),
    "Engagement 7": (["feedback", "improvement_actions"],
                     "L'écoute des usagers suivie d'actions d'amélioration."),
}

RULES = {
    "iso-9001": ISO_9001,
    "iso-14001": ISO_14001,
    "qualivilles": QUALIVILLES,
    "services-publics-plus": SERVICES_PUBLICS_PLUS,
}


def forward(apps, schema_editor):
    Criterion = apps.get_model("audits", "Criterion")
    ClauseRule = apps.get_model("readiness", "ClauseRule")
    for code, rules in RULES.items():
        criteria = Criterion.objects.filter(standard__code=code, reference__in=list(rules))
        existing = set(ClauseRule.objects.filter(criterion__in=criteria)
                       .values_list("criterion_id", flat=True))
        for criterion in criteria:
            if criterion.pk in existing:
                continue
            kinds, guidance = rules[criterion.reference]
            ClauseRule.objects.create(criterion=criterion, evidence_kinds=list(kinds),
                                      guidance=guidance)


def backward(apps, schema_editor):
    """Leave the rules: the quality engineer may have edited them."""


class Migration(migrations.Migration):
    dependencies = [
        ("readiness", "0001_initial"),
        ("audits", "0002_criteria_data"),
    ]
    operations = [migrations.RunPython(forward, backward)]
