"""Demo data of the risk & impact sheets: a sheet for each of the twelve demo processes
(processes.demo), five risks or opportunities on each (60 in all, 6 opportunities), rated
over the whole matrix, most with a treatment decided and, once treated, a residual rating;
some reviews are overdue. About twenty treatment actions are planned in the action plan
through processes.services.risks.risk_add_treatment_action (actions.services.action_create
with the risk as source), then moved through their states with the action plan's services:
planned, in progress, done, late, one cancelled.

Idempotent: a sheet is found by its process, a risk by its reference, an action by its
risk and title. Registered with qms.demo as "risks", after "processes"."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from qms import roles
from qms.demo import DemoRefused
from qms.models import User

from .models import Process, Risk, RiskSheet
from .services import risks as services

O = "opportunity"  # noqa: E741 - reads as the table's marker
U, C, A, P, E = "users", "citizens", "agents", "partners", "environment"
ACC, RED, TRA, AVO, PUR, NOP = "accept", "reduce", "transfer", "avoid", "pursue", "not_pursue"

RATIONALES = {
    ACC: "Criticité maîtrisée par les contrôles existants : risque accepté, surveillé à la revue.",
    RED: "Criticité trop élevée : actions de réduction inscrites au plan d'actions.",
    TRA: "Risque transféré par contrat ou assurance ; le suivi reste au service.",
    AVO: "Activité ou pratique abandonnée pour supprimer le risque.",
    PUR: "Opportunité retenue : actions inscrites au plan d'actions.",
    NOP: "Opportunité non retenue cette année faute de moyens ; réexaminée à la revue.",
}

# Per process: (kind, title, cause, consequence, parties, likelihood, severity, existing
# controls, treatment, residual (likelihood, severity) or None, months since the last
# review (13+ : overdue), actions [(title, state, due in days)]). State: planned,
# progress, done, late, cancelled.
SHEETS: dict[str, list[tuple]] = {
    "PRC-M01": [
        ("risk", "Objectifs du projet d'administration non déclinés dans les services",
         "Feuilles de route de direction incomplètes", "Programme municipal non tenu",
         [C, A], 3, 3, "Revue de direction annuelle", RED, (2, 3), 4,
         [("Décliner les objectifs en feuilles de route de direction", "progress", 60)]),
        ("risk", "Indicateurs non renseignés ou peu fiables",
         "Saisie manuelle tardive", "Décisions prises sans données", [A, C], 3, 2,
         "Relances mensuelles automatiques", ACC, None, 6, []),
        ("risk", "Perte de la certification ISO 9001",
         "Écarts majeurs non traités à temps", "Image dégradée, démotivation", [C, A, P],
         1, 4, "Programme d'audit interne", RED, (1, 3), 14,
         [("Plan de traitement des écarts de l'audit de surveillance", "done", -40)]),
        ("risk", "Revue de direction reportée", "Agenda des élus chargé",
         "Pilotage du système sans arbitrage", [A], 1, 2, "Date fixée au calendrier",
         ACC, None, 3, []),
        (O, "Mutualiser la démarche qualité avec l'agglomération",
         "Démarches voisines en cours", "Coûts d'audit partagés", [P], 2, 2, "", PUR,
         None, 5, [("Rencontre des responsables qualité de l'agglomération", "planned", 90)]),
    ],
    "PRC-M02": [
        ("risk", "Information erronée publiée sur le site internet",
         "Absence de relecture par le service concerné", "Usagers mal orientés",
         [U, C], 3, 2, "Charte éditoriale", RED, (2, 2), 5,
         [("Circuit de validation des pages par les services", "late", -20)]),
        ("risk", "Crise médiatique sur les réseaux sociaux",
         "Réponse tardive à une polémique", "Atteinte à l'image de la commune", [C], 2, 4,
         "Veille quotidienne des réseaux", RED, (2, 3), 13, []),
        ("risk", "Agents non informés des changements d'organisation",
         "Diffusion par courriel seulement", "Erreurs d'orientation des usagers", [A, U],
         1, 3, "Lettre interne mensuelle", ACC, None, 2, []),
        ("risk", "Non-respect de l'accessibilité numérique (RGAA)",
         "Documents PDF non balisés", "Exclusion d'usagers, mise en demeure", [U, C], 3, 3,
         "Déclaration d'accessibilité", RED, None, 7, []),
        ("risk", "Période préélectorale mal maîtrisée",
         "Communication institutionnelle non encadrée", "Contentieux électoral", [C], 1, 4,
         "Note juridique annuelle", ACC, None, 8, []),
    ],
    "PRC-R01": [
        ("risk", "Attente excessive au guichet unique",
         "Pics de fréquentation le lundi et en période de rentrée",
         "Usagers mécontents, tensions au guichet", [U, A], 4, 3,
         "Prise de rendez-vous pour les titres d'identité", RED, (2, 2), 14,
         [("Borne de gestion de file d'attente", "done", -60),
          ("Renfort d'un agent le lundi matin", "progress", 30)]),
        ("risk", "Agression verbale ou physique d'un agent d'accueil",
         "Usager excédé, délai de réponse", "Arrêt de travail, climat dégradé", [A], 2, 4,
         "Bouton d'alerte, formation à la gestion des conflits", RED, (2, 3), 5,
         [("Formation « accueil des publics difficiles » pour tous les agents", "planned", 120)]),
        ("risk", "Information erronée donnée à l'usager",
         "Base de connaissances incomplète", "Démarche à refaire, réclamation", [U], 3, 2,
         "Fiches réflexes par démarche", ACC, None, 9, []),
        ("risk", "Appels téléphoniques non décrochés",
         "Standard saturé aux heures de pointe", "Usagers sans réponse", [U, C], 4, 2,
         "Serveur vocal", RED, None, 13, []),
        (O, "Accueil numérique et prise de rendez-vous en ligne",
         "Dématérialisation des démarches", "Moins d'attente, accueil sur rendez-vous", [U],
         3, 3, "", PUR, None, 4,
         [("Module de prise de rendez-vous en ligne", "progress", 75)]),
    ],
    "PRC-R02": [
        ("risk", "Erreur de saisie dans un acte d'état civil",
         "Saisie manuelle sous pression", "Acte à rectifier par le procureur", [C], 2, 4,
         "Double vérification des actes", RED, (1, 4), 6,
         [("Contrôle croisé systématique des actes de naissance", "done", -90)]),
        ("risk", "Fraude documentaire à la délivrance d'un titre",
         "Pièces justificatives falsifiées", "Usurpation d'identité", [C, P], 2, 4,
         "Formation des agents à la détection", TRA, (1, 4), 14, []),
        ("risk", "Dégradation des registres anciens",
         "Humidité du local d'archives", "Perte d'actes irremplaçables", [C], 2, 3,
         "Relevés d'hygrométrie", RED, None, 10,
         [("Restauration et numérisation des registres 1850-1900", "late", -15)]),
        ("risk", "Indisponibilité du logiciel d'état civil ou de COMEDEC",
         "Panne ou cyberattaque", "Actes non délivrés", [C, U], 2, 3,
         "Procédure dégradée sur papier", ACC, None, 4, []),
        (O, "Délivrance dématérialisée des actes aux notaires (COMEDEC)",
         "Généralisation de COMEDEC", "Moins de courriers, délais réduits", [P], 3, 2, "",
         PUR, None, 3, []),
    ],
    "PRC-R03": [
        ("risk", "Accident d'un agent lors d'une intervention sur la voirie",
         "Circulation, engins, port de charges", "Blessure grave", [A], 2, 4,
         "Équipements de protection, balisage", RED, (1, 4), 5,
         [("Formation au balisage de chantier mobile", "done", -30)]),
        ("risk", "Dépôts sauvages non enlevés dans les délais",
         "Signalements dispersés", "Insalubrité, réclamations", [C, E], 3, 3,
         "Tournées hebdomadaires", RED, (2, 2), 14,
         [("Application de signalement géolocalisé", "progress", 45)]),
        ("risk", "Panne de la balayeuse principale",
         "Matériel vieillissant", "Retard du nettoiement", [C], 3, 2,
         "Contrat de maintenance", TRA, None, 8, []),
        ("risk", "Pollution par les produits de nettoyage",
         "Produits non écolabellisés", "Atteinte aux milieux", [E], 1, 3,
         "Fiches de données de sécurité", AVO, (1, 1), 6, []),
        ("risk", "Intempéries et épisodes de canicule",
         "Changement climatique", "Interventions reportées, agents exposés", [A, C], 3, 3,
         "Plan canicule, horaires d'été", ACC, None, 12, []),
    ],
    "PRC-R04": [
        ("risk", "Réclamation sans réponse dans le délai de quinze jours",
         "Suivi sur tableur, pas d'alerte", "Usager mécontent, recours au médiateur",
         [U, C], 3, 3, "Registre des réclamations", RED, (2, 2), 7,
         [("Suivi des réclamations dans le logiciel de relation usagers", "progress", 90),
          ("Relance automatique à J+10", "planned", 120)]),
        ("risk", "Réclamation perdue entre deux services",
         "Transmission par courriel", "Aucune réponse à l'usager", [U], 2, 3,
         "Accusé de réception systématique", RED, None, 13, []),
        ("risk", "Réponse inexacte ou contradictoire",
         "Services non consultés", "Perte de confiance", [U, C], 1, 2,
         "Relecture par le responsable", ACC, None, 5, []),
        ("risk", "Données personnelles exposées dans une réponse",
         "Copie de courriels entiers", "Violation RGPD", [U, C], 1, 4,
         "Sensibilisation RGPD", RED, (1, 3), 4,
         [("Modèles de réponse anonymisés", "done", -20)]),
        (O, "Analyse des réclamations pour améliorer les services",
         "Réclamations enregistrées et classées", "Actions d'amélioration ciblées",
         [C, A], 3, 3, "", PUR, None, 6,
         [("Bilan trimestriel des réclamations en comité de direction", "cancelled", 30)]),
    ],
    "PRC-R05": [
        ("risk", "Allergène servi à un enfant bénéficiant d'un PAI",
         "Information du PAI non transmise à la cuisine", "Réaction allergique grave",
         [U, C], 2, 4, "Liste des PAI affichée en cuisine", RED, (1, 4), 14,
         [("Pictogrammes d'allergènes sur chaque barquette", "done", -45),
          ("Formation des agents de service aux PAI", "late", -10)]),
        ("risk", "Rupture de la chaîne du froid",
         "Panne d'une chambre froide", "Toxi-infection alimentaire collective", [U], 2, 4,
         "Relevés de température deux fois par jour", RED, (1, 3), 5,
         [("Sondes de température connectées avec alerte", "progress", 30)]),
        ("risk", "Part de produits durables inférieure aux 50 % d'EGalim",
         "Marchés mal allotis", "Non-conformité réglementaire", [C, P], 3, 2,
         "Suivi annuel des achats", RED, None, 9, []),
        ("risk", "Gaspillage alimentaire important",
         "Grammages inadaptés", "Coûts, impact environnemental", [E], 4, 1,
         "Pesées ponctuelles", ACC, None, 3, []),
        (O, "Approvisionnement en circuit court auprès des producteurs locaux",
         "Producteurs regroupés en plateforme", "Qualité, soutien à l'économie locale",
         [P, E], 3, 2, "", NOP, None, 8, []),
    ],
    "PRC-R06": [
        ("risk", "Dépassement des normes de rejet de la station d'épuration",
         "Surcharge hydraulique lors des pluies intenses", "Pollution de la Loire, sanction",
         [E, P], 3, 4, "Autosurveillance, alarmes", RED, (2, 3), 14,
         [("Bassin d'orage de 800 m³", "progress", 200),
          ("Télésurveillance des postes de relèvement", "done", -75)]),
        ("risk", "Exposition des agents à l'hydrogène sulfuré",
         "Intervention en espace confiné", "Intoxication", [A], 2, 4,
         "Détecteurs portatifs, travail en binôme", RED, (1, 4), 6,
         [("Renouvellement des détecteurs quatre gaz", "late", -5)]),
        ("risk", "Nuisances olfactives pour les riverains",
         "Stockage des boues", "Plaintes, conflit de voisinage", [C, E], 3, 2,
         "Couverture des bennes", ACC, None, 10, []),
        ("risk", "Panne électrique prolongée", "Orage", "Arrêt du traitement", [E], 2, 3,
         "Groupe électrogène de secours", TRA, None, 7, []),
        (O, "Valorisation énergétique des boues (méthanisation)",
         "Projet de méthaniseur de l'agglomération", "Énergie produite, boues réduites",
         [E, P], 2, 3, "", PUR, None, 5, []),
    ],
    "PRC-S01": [
        ("risk", "Départs en retraite non anticipés sur les métiers techniques",
         "Pyramide des âges", "Perte de compétences", [A, C], 4, 3,
         "Entretiens annuels", RED, (3, 2), 5,
         [("Plan de transmission des savoirs (tutorat)", "planned", 150)]),
        ("risk", "Erreur dans la paie", "Variables saisies tardivement",
         "Rappels ou trop-perçus, mécontentement", [A], 1, 3, "Contrôle par échantillon",
         ACC, None, 3, []),
        ("risk", "Absentéisme élevé dans les services techniques",
         "Pénibilité", "Continuité du service menacée", [A, C], 3, 3,
         "Suivi mensuel de l'absentéisme", RED, None, 14, []),
        ("risk", "Recrutement infructueux sur un poste en tension",
         "Concurrence du privé", "Poste vacant durablement", [A, C], 3, 2,
         "Diffusion élargie des offres", ACC, None, 11, []),
        ("risk", "Document unique d'évaluation des risques non mis à jour",
         "Pas de référent désigné", "Responsabilité de l'employeur engagée", [A], 2, 3,
         "Mise à jour annuelle prévue", RED, (1, 3), 4,
         [("Mise à jour du document unique avec les services", "done", -100)]),
    ],
    "PRC-S02": [
        ("risk", "Procédure de marché irrégulière",
         "Seuils mal appliqués", "Annulation du marché, contentieux", [P, C], 2, 4,
         "Contrôle juridique avant publication", RED, (1, 4), 6,
         [("Guide interne de la commande publique", "done", -50)]),
        ("risk", "Délai global de paiement dépassé", "Circuit de validation long",
         "Intérêts moratoires, fournisseurs fragilisés", [P], 3, 2,
         "Tableau de bord des factures", RED, None, 13, []),
        ("risk", "Conflit d'intérêts d'un membre de la commission",
         "Absence de déclaration", "Délit de favoritisme", [C, P], 1, 4,
         "Déclaration sur l'honneur", ACC, None, 2, []),
        ("risk", "Dépendance à un fournisseur unique",
         "Marché non alloti", "Hausse de prix, rupture", [P], 2, 3,
         "Veille des fournisseurs", TRA, None, 8, []),
        ("risk", "Clauses environnementales et sociales absentes des marchés",
         "Rédaction rapide des pièces", "Objectifs du schéma d'achat non tenus", [E], 3, 2,
         "Modèles de pièces", RED, None, 5, []),
    ],
    "PRC-S03": [
        ("risk", "Dépassement des crédits de fonctionnement", "Hausse de l'énergie",
         "Décision modificative, projets reportés", [C], 3, 3, "Suivi mensuel",
         RED, (2, 3), 6, [("Suivi mensuel des consommations d'énergie", "progress", 60)]),
        ("risk", "Recettes non recouvrées",
         "Titres émis tardivement", "Perte financière", [C], 3, 1, "Relances",
         ACC, None, 9, []),
        ("risk", "Erreur d'imputation comptable", "Nomenclature M57 récente",
         "Comptes faussés", [P], 1, 2, "Contrôle du comptable public", ACC, None, 14, []),
        ("risk", "Baisse imprévue des dotations de l'État",
         "Loi de finances", "Budget à revoir", [C, A], 3, 4,
         "Prospective financière pluriannuelle", ACC, None, 4, []),
        ("risk", "Fraude au changement de coordonnées bancaires d'un fournisseur",
         "Courriel frauduleux", "Paiement détourné", [P], 2, 4,
         "Contre-appel du fournisseur", AVO, (1, 3), 5, []),
    ],
    "PRC-S04": [
        ("risk", "Cyberattaque par rançongiciel",
         "Hameçonnage, postes non mis à jour", "Services à l'arrêt, données perdues",
         [U, A, C], 3, 4, "Antivirus, sauvegardes quotidiennes", RED, (2, 4), 14,
         [("Sauvegardes hors ligne et test de restauration", "done", -25),
          ("Campagne de sensibilisation à l'hameçonnage", "late", -30)]),
        ("risk", "Perte de données après une panne de serveur",
         "Matériel en fin de vie", "Données irrécupérables", [A, U], 2, 3,
         "Sauvegardes quotidiennes", RED, (1, 3), 6, []),
        ("risk", "Logiciel métier non maintenu par l'éditeur",
         "Fin de support annoncée", "Failles, incompatibilités", [A], 3, 2,
         "Veille contractuelle", TRA, None, 8, []),
        ("risk", "Violation de données personnelles",
         "Droits d'accès trop larges", "Notification à la CNIL, atteinte aux usagers",
         [U, C], 2, 4, "Registre des traitements", RED, None, 5, []),
        ("risk", "Interruption de la connexion internet d'un site",
         "Lien unique", "Services du site à l'arrêt", [A, U], 1, 3,
         "Contrat avec garantie de rétablissement", ACC, None, 3, []),
    ],
}


def load_demo(stdout=None, **_kwargs) -> dict:
    """Create what is missing of the risk sheets, their risks and treatment actions;
    return the counts created ({"sheets", "risks", "actions"})."""

    def write(message):
        if stdout is not None:
            stdout.write(message if message.endswith("\n") else message + "\n")

    processes = Process.objects.select_related("pilot", "service").in_bulk(
        list(SHEETS), field_name="code")
    if missing := set(SHEETS) - set(processes):
        raise DemoRefused("The risk sheets' demo needs the demo processes first ("
                          + ", ".join(sorted(missing)) + "): load the processes' demo.")
    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The risk sheets' demo needs the demo quality engineer.")
    counts = {"sheets": 0, "risks": 0, "actions": 0}
    with transaction.atomic():
        for code, rows in SHEETS.items():
            process = processes[code]
            sheet = _sheet(process, quality, counts)
            for number, row in enumerate(rows, start=1):
                risk = _risk(sheet, f"R-{code}-{number:02d}", row, process, quality, counts)
                for title, state, due_in in row[11]:
                    _action(risk, title, state, due_in, process, quality, counts)
    if any(counts.values()):
        write("Risks: {sheets} sheets, {risks} risks and opportunities, {actions} treatment "
              "actions created.".format(**counts))
    else:
        write("Risks: already loaded, nothing to create.")
    return counts


def _today() -> datetime.date:
    return timezone.localdate()


def _sheet(process, quality, counts) -> RiskSheet:
    sheet = RiskSheet.objects.filter(process=process).first()
    if sheet is not None:
        return sheet
    counts["sheets"] += 1
    return services.risk_sheet_create(
        process=process, user=quality, reviewer=process.pilot or quality,
        last_reviewed_at=_today() - relativedelta(months=3),
        scope=f"Risques et opportunités du processus « {process.name} » : activités, "
              "interfaces avec les autres processus, attentes des parties intéressées.",
    )


def _risk(sheet, reference, row, process, quality, counts) -> Risk:
    existing = Risk.objects.filter(reference=reference).first()
    if existing is not None:
        return existing
    (kind, title, cause, consequence, parties, likelihood, severity, controls, treatment,
     residual, months, _actions) = row
    reviewed_at = _today() - relativedelta(months=months)
    risk = services.risk_create(
        sheet=sheet, reference=reference, title=title, likelihood=likelihood,
        severity=severity, user=quality, kind=kind, cause=cause, consequence=consequence,
        impacted_parties=list(parties), existing_controls=controls, treatment=treatment,
        treatment_rationale=RATIONALES[treatment],
        residual_likelihood=residual[0] if residual else None,
        residual_severity=residual[1] if residual else None,
        reviewed_at=reviewed_at, reviewer=process.pilot or quality,
        review_date=reviewed_at + relativedelta(months=12),
    )
    counts["risks"] += 1
    return risk


def _action(risk, title, state, due_in, process, quality, counts) -> None:
    if Action.objects.for_source(risk).filter(title=title).exists():
        return
    today = _today()
    due = today + datetime.timedelta(days=due_in)
    start = min(today, due) - datetime.timedelta(days=60)
    action = services.risk_add_treatment_action(
        risk=risk, user=quality, title=title, owner=process.pilot or quality, due_date=due,
        start_date=start, expected_result=f"Criticité de « {risk.title} » réduite.",
        operating_budget_planned=1500 if state != "cancelled" else 0,
    )
    if state in ("progress", "late"):
        action_services.action_update(action=action, user=quality, progress=50,
                                      status=Action.Status.IN_PROGRESS,
                                      reason="Avancement")
    elif state == "done":
        action_services.action_close(action=action, user=quality)
    elif state == "cancelled":
        action_services.action_cancel(
            action=action, user=quality,
            reason="Remplacée par le bilan annuel présenté en revue de direction.")
    counts["actions"] += 1
