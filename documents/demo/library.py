"""The demo procedures, instructions, forms and governance rules."""

from .notation import ALL, Doc, h2, link, note, p, since, steps, table, ul, upto, warn


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


