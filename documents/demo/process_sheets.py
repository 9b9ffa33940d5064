"""The demo process sheets (fiches d'identité processus)."""

from .notation import Doc, h2, p


# --- The process sheets (fiches d'identité processus) ----------------------------------
def _sheet(reference, title, family, owner, summary, enjeux, **fields):
    age = fields.pop("age", 180 + sum(map(ord, reference)) % 60)
    changes = fields.pop("changes", ("Création de la fiche.",))
    return Doc(
        reference=reference, kind="process", title=title, owner=owner, summary=summary,
        body=[h2("Enjeux du processus"), p(enjeux)], applies=(owner,), author="pilot",
        sheet={"family": family, **fields}, age=age, changes=changes,
    )


M, R, S = "management", "realisation", "support"
PROCESS_SHEETS = [
    _sheet(
        "PRC-M01", "Pilotage stratégique et amélioration continue", M, "qualite",
        "Décliner le projet d'administration en objectifs, piloter le système de management de "
        "la qualité et conduire l'amélioration continue des services rendus aux usagers.",
        "Tenir les engagements de service pris auprès des usagers (Qualivilles, Services "
        "Publics+) et maintenir la certification ISO 9001 des services de la population.",
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
        criteria_and_methods="Critères :\n"
        "Taux de réalisation du programme d'audit : 100 %\nActions correctives "
        "soldées dans les délais : ≥ 80 %\nTaux de lecture des documents : ≥ 90 %"
        "\nMéthodes : revue trimestrielle des indicateurs en comité qualité, audits internes, "
        "revue de direction annuelle",
        requirements="ISO 9001:2015 (§4 à §10)\nRéférentiel Qualivilles\nRéférentiel Services "
        "Publics+",
    ),
    _sheet(
        "PRC-M02", "Communication interne et externe", M, "communication",
        "Informer les habitants des services et des décisions de la commune, et les agents de la "
        "vie de la collectivité, de façon exacte, accessible et à jour.",
        "Une information fiable évite des déplacements inutiles au guichet et des appels : "
        "horaires, pièces à fournir et démarches en ligne doivent être justes partout.",
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
        criteria_and_methods="Critères :\n"
        "Délai de mise en ligne d'une information validée : 2 jours ouvrés\n"
        "Pages du site vérifiées dans l'année : 100 %"
        "\nMéthodes : circuit de validation avant publication, vérification annuelle des pages "
        "du site",
        requirements="Loi du 7 octobre 2016 (accessibilité numérique, RGAA)\nCGCT art. L2131-1 "
        "(publicité des actes)",
    ),
    _sheet(
        "PRC-R01", "Accueil et orientation des usagers", R, "accueil",
        "Accueillir chaque usager au guichet, au téléphone et par écrit, répondre à sa demande "
        "ou l'orienter vers le bon interlocuteur, dans les délais annoncés.",
        "Le guichet unique est la porte d'entrée de la mairie : 38 000 contacts par an. La "
        "qualité de l'accueil conditionne la satisfaction des usagers pour toutes les démarches.",
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
        criteria_and_methods="Critères :\n"
        "Attente au guichet inférieure à 10 minutes : ≥ 85 % des usagers\nAppels "
        "décrochés : ≥ 90 %\nCourriels traités en 5 jours ouvrés : ≥ 95 %\nSatisfaction : ≥ 8/10"
        "\nMéthodes : mesure continue de l'attente par la borne de tickets, enquête de "
        "satisfaction annuelle, visites mystère",
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
        beneficiaries="Familles, notaires, administrations, usagers nés ou mariés à Belleville",
        inputs="Déclarations des familles et des établissements de santé\nDemandes d'actes "
        "(guichet, courrier, COMEDEC)\nAvis de mention des autres communes",
        activities="Dresser les actes (naissance, reconnaissance, mariage, décès)\nApposer les "
        "mentions\nDélivrer copies et extraits\nInstruire les dossiers de mariage et de PACS\n"
        "Recueillir les demandes de titres d'identité",
        outputs="Actes et registres\nCopies et extraits d'actes\nAvis de mention",
        resources="Service état civil (4 agents), logiciel d'état civil, dispositif de recueil "
        "des titres, registres papier",
        criteria_and_methods="Critères :\n"
        "Délivrance d'un acte demandé au guichet : immédiate\nRéponse aux demandes "
        "écrites : 3 jours ouvrés\nActes sans erreur relevée : ≥ 99,5 %"
        "\nMéthodes : double contrôle des actes avant signature, contrôle par sondage des "
        "copies délivrées",
        requirements="Code civil (art. 34 à 101)\nInstruction générale relative à l'état civil\n"
        "Décret n° 2017-890 (tenue des registres)",
    ),
    _sheet(
        "PRC-R03", "Propreté urbaine", R, "proprete",
        "Maintenir propres les voies, places et espaces publics de la commune, enlever les "
        "dépôts sauvages et assurer la viabilité hivernale.",
        "La propreté est le premier motif de réclamation des habitants ; elle conditionne "
        "l'image de la ville et la sécurité des déplacements piétons.",
        beneficiaries="Habitants, commerçants, piétons et usagers de la voirie",
        inputs="Plan de nettoiement (secteurs et fréquences)\nSignalements des usagers et des "
        "élus\nAlertes météorologiques",
        activities="Balayage manuel et mécanisé\nVidage des corbeilles\nEnlèvement des dépôts "
        "sauvages et des graffitis\nSalage et déneigement",
        outputs="Secteurs nettoyés selon le plan\nSignalements clos\nRapports d'intervention",
        resources="Service propreté (14 agents), 2 balayeuses, 3 bennes, saleuse, logiciel de "
        "gestion des interventions",
        criteria_and_methods="Critères :\n"
        "Respect du plan de nettoiement : ≥ 95 %\nDépôt sauvage enlevé sous 48 h : "
        "≥ 90 %\nIndice de propreté (grille AVPU) : ≥ 3/5"
        "\nMéthodes : contrôle mensuel de propreté selon la grille AVPU, suivi des "
        "interventions dans le logiciel",
        requirements="Code de l'environnement (art. L541-3)\nRèglement sanitaire départemental\n"
        "Code du travail (prévention des risques)",
    ),
    _sheet(
        "PRC-R04", "Gestion des réclamations et demandes des usagers", R, "accueil",
        "Enregistrer chaque réclamation ou demande, y répondre dans les délais annoncés et en "
        "tirer des actions d'amélioration.",
        "Une réclamation bien traitée fidélise l'usager ; analysées ensemble, les réclamations "
        "indiquent où améliorer les services.",
        beneficiaries="Usagers réclamants\nServices concernés\nÉlus",
        inputs="Réclamations reçues au guichet, par téléphone, courriel, courrier, site internet "
        "et réseaux sociaux",
        activities="Enregistrer et accuser réception\nTransmettre au service compétent\nRépondre "
        "à l'usager\nAnalyser les réclamations chaque trimestre",
        outputs="Réponse écrite à l'usager\nBilan trimestriel des réclamations\nActions "
        "correctives",
        resources="Guichet unique, référents réclamations dans chaque service, logiciel de "
        "relation usagers",
        criteria_and_methods="Critères :\n"
        "Accusé de réception sous 2 jours ouvrés : 100 %\nRéponse sous 15 jours "
        "ouvrés : ≥ 90 %"
        "\nMéthodes : suivi hebdomadaire des délais dans le logiciel de relation usagers, bilan"
        " trimestriel",
        requirements="Référentiel Services Publics+ (engagements 5 et 6)\nCRPA (art. L112-3, "
        "accusé de réception)",
    ),
    _sheet(
        "PRC-R05", "Restauration scolaire", R, "restauration",
        "Préparer et servir chaque jour d'école des repas sains, équilibrés et sûrs aux enfants "
        "des écoles de la commune, en liaison chaude depuis la cuisine centrale.",
        "1 450 repas par jour pour des enfants : la sécurité sanitaire ne souffre aucune "
        "exception, et la loi EGalim fixe des objectifs de produits durables.",
        beneficiaries="Enfants des 7 écoles, familles, personnels des écoles",
        inputs="Inscriptions (affaires scolaires)\nMenus validés par la diététicienne\nDenrées "
        "des fournisseurs titulaires des marchés",
        activities="Réception et stockage des denrées\nProduction en liaison chaude\nTransport "
        "vers les offices\nService et surveillance des températures\nGestion des régimes et PAI",
        outputs="Repas servis\nEnregistrements du plan de maîtrise sanitaire\nPlats témoins",
        resources="Cuisine centrale (11 agents), 7 offices, 2 véhicules isothermes, "
        "diététicienne (prestataire)",
        criteria_and_methods="Critères :\n"
        "Enregistrements de températures conformes : 100 %\nProduits durables et de "
        "qualité : ≥ 50 % dont 20 % bio\nSatisfaction des enfants : ≥ 7/10"
        "\nMéthodes : plan de maîtrise sanitaire (HACCP), analyses microbiologiques mensuelles,"
        " commission des menus",
        requirements="Règlement (CE) n° 852/2004\nArrêté du 21 décembre 2009 (règles sanitaires)\n"
        "Loi EGalim du 30 octobre 2018",
    ),
    _sheet(
        "PRC-R06", "Assainissement – traitement des eaux usées", R, "step",
        "Collecter et traiter les eaux usées de la commune à la station d'épuration des "
        "Prés-Bas, dans le respect des normes de rejet dans la Loire.",
        "La station (25 000 équivalents-habitants) rejette dans un milieu sensible : tout "
        "dépassement de norme est déclaré à la police de l'eau.",
        beneficiaries="Habitants raccordés, milieu naturel (Loire), service de police de l'eau",
        inputs="Effluents du réseau de collecte\nArrêté préfectoral d'autorisation\nRésultats du "
        "laboratoire agréé",
        activities="Exploitation et surveillance de la station\nAutosurveillance et "
        "prélèvements\nGestion des boues\nMaintenance des équipements",
        outputs="Eau traitée conforme\nBilans d'autosurveillance (SANDRE)\nBoues valorisées en "
        "épandage",
        resources="Station d'épuration (5 agents), laboratoire agréé sous contrat, supervision, "
        "astreinte",
        criteria_and_methods="Critères :\n"
        "Conformité des bilans 24 h : 100 %\nDisponibilité des équipements "
        "critiques : ≥ 98 %"
        "\nMéthodes : autosurveillance réglementaire, bilans 24 h, contrôles inopinés de la "
        "police de l'eau",
        requirements="Arrêté du 21 juillet 2015 modifié\nArrêté préfectoral d'autorisation de la "
        "station\nISO 14001:2015",
    ),
    _sheet(
        "PRC-S01", "Gestion des ressources humaines", S, "rh",
        "Recruter, gérer la carrière, la rémunération, le temps de travail et la formation des "
        "agents, et prévenir les risques professionnels.",
        "Les compétences des 420 agents sont la première ressource des services ; chaque "
        "départ non anticipé fragilise un service rendu à la population.",
        beneficiaries="Agents municipaux, encadrants, candidats",
        inputs="Besoins des services, budget du personnel, statut de la fonction publique "
        "territoriale, décisions du centre de gestion",
        activities="Recrutement et intégration\nCarrière et paie\nTemps de travail et absences\n"
        "Formation\nSanté et sécurité au travail",
        outputs="Agents recrutés et intégrés\nPaie mensuelle\nPlan de formation\nDocument "
        "unique d'évaluation des risques",
        resources="Service RH (6 agents), logiciel SIRH, centre de gestion, CNFPT",
        criteria_and_methods="Critères :\n"
        "Postes pourvus dans les 3 mois : ≥ 75 %\nPaie sans erreur : ≥ 99 %\nAgents "
        "formés dans l'année : ≥ 60 %"
        "\nMéthodes : tableau de bord RH mensuel, entretiens professionnels annuels",
        requirements="Code général de la fonction publique\nDécret n° 85-1250 (congés annuels)\n"
        "Code du travail (4e partie, santé et sécurité)",
    ),
    _sheet(
        "PRC-S02", "Achats et marchés publics", S, "marches",
        "Acheter au meilleur rapport qualité-prix les fournitures, services et travaux dont les "
        "services ont besoin, dans le respect du code de la commande publique.",
        "Un achat mal conduit expose la commune à un recours et les élus au délit de favoritisme.",
        beneficiaries="Services acheteurs, entreprises candidates",
        inputs="Expressions de besoins des services\nCrédits budgétaires\nCode de la commande "
        "publique",
        activities="Recenser les besoins\nChoisir la procédure\nRédiger et publier la "
        "consultation\nAnalyser les offres\nNotifier et suivre l'exécution",
        outputs="Marchés notifiés\nRegistre des marchés\nDonnées essentielles publiées",
        resources="Service marchés (3 agents), profil d'acheteur, guide interne des achats",
        criteria_and_methods="Critères :\n"
        "Délai moyen de passation d'un MAPA : ≤ 10 semaines\nRecours contentieux : 0"
        "\nMéthodes : commission d'appel d'offres, contrôle interne des seuils, revue annuelle "
        "des achats",
        requirements="Code de la commande publique\nRèglement intérieur de la commande publique",
    ),
    _sheet(
        "PRC-S03", "Gestion financière et budgétaire", S, "finances",
        "Préparer et exécuter le budget, payer les fournisseurs dans les délais, encaisser les "
        "recettes et tenir une comptabilité fidèle.",
        "Le délai global de paiement de 30 jours est une obligation légale ; son dépassement "
        "fait courir des intérêts moratoires.",
        beneficiaries="Services, fournisseurs, trésorerie (SGC), élus",
        inputs="Orientations budgétaires, engagements des services, factures (Chorus Pro), "
        "titres de recettes",
        activities="Préparation budgétaire\nEngagement, liquidation, mandatement\nÉmission des "
        "titres\nSuivi des régies\nClôture de l'exercice",
        outputs="Budget primitif et compte financier unique\nMandats et titres\nTableaux de bord "
        "budgétaires",
        resources="Service finances (5 agents), logiciel financier, Chorus Pro, service de "
        "gestion comptable",
        criteria_and_methods="Critères :\n"
        "Délai global de paiement : ≤ 30 jours\nTaux de réalisation des dépenses "
        "d'investissement : ≥ 70 %"
        "\nMéthodes : suivi mensuel du délai de paiement, dialogue de gestion trimestriel",
        requirements="CGCT (livre VI)\nInstruction budgétaire et comptable M57\nDécret "
        "n° 2013-269 (délais de paiement)",
    ),
    _sheet(
        "PRC-S04", "Systèmes d'information", S, "dsi",
        "Fournir aux agents des postes, applications et réseaux disponibles et sûrs, et "
        "protéger les données des usagers.",
        "Tous les services dépendent du système d'information ; une cyberattaque peut arrêter la "
        "mairie plusieurs semaines.",
        beneficiaries="Agents, élus, usagers des services en ligne",
        inputs="Demandes et incidents des agents\nSchéma directeur numérique\nAlertes de sécurité "
        "(CERT-FR)",
        activities="Support aux utilisateurs\nGestion du parc et des applications\nSauvegardes\n"
        "Sécurité du système d'information\nConformité RGPD",
        outputs="Incidents résolus\nSauvegardes vérifiées\nRegistre des traitements",
        resources="Service SI (4 agents), outil de ticketing, prestataire d'infogérance, délégué "
        "à la protection des données mutualisé",
        criteria_and_methods="Critères :\n"
        "Incidents bloquants résolus en 4 h ouvrées : ≥ 90 %\nTest de restauration "
        "réussi chaque trimestre : 100 %"
        "\nMéthodes : supervision, tests de restauration trimestriels, revue annuelle des "
        "droits d'accès",
        requirements="RGPD (règlement (UE) 2016/679)\nLoi Informatique et libertés\nGuide "
        "d'hygiène informatique de l'ANSSI",
    ),
]


