"""Demo data of the regulatory watch: ~40 texts that apply to a municipality (wastewater
treatment, collective catering, public buildings and accessibility, GDPR, public
procurement, civil status, health and safety at work…), each with 2 to 4 requirements,
evaluated twice a year over two years through compliance.services.evaluation_record: some
requirements partly or not compliant (opening compliance actions in the action plan, the
older ones then closed), some evaluations late.

Idempotent: a topic is found by its name, a text by its title; the evaluations are
recorded only for a text that has none. Registered with qms.demo as "compliance"."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import Regulation, Topic

K = Regulation.Kind
LF = "https://www.legifrance.gouv.fr/"
EUR = "https://eur-lex.europa.eu/eli/"

TOPICS = {
    "env": "Environnement", "eau": "Eau et assainissement", "dechets": "Déchets",
    "energie": "Énergie", "sst": "Santé et sécurité au travail",
    "alim": "Hygiène alimentaire", "erp": "Accueil du public (ERP)",
    "ec": "État civil et élections", "mp": "Marchés publics",
    "rgpd": "Données personnelles (RGPD)", "access": "Accessibilité",
    "admin": "Relations avec les usagers",
}

# (topic, kind, number, date, title, services, processes, url, requirements [(article,
# text)]) — applicability "partly" with its reason when the 10th item is given.
TEXTS: list[tuple] = [
    ("eau", K.ORDER, "", "2015-07-21",
     "Arrêté du 21 juillet 2015 relatif aux systèmes d'assainissement collectif",
     ["step"], ["PRC-R06"], LF + "loda/id/JORFTEXT000031052756",
     [("art. 17", "Autosurveillance des rejets de la station selon le programme annuel."),
      ("art. 20", "Transmission mensuelle des résultats d'autosurveillance (SANDRE)."),
      ("art. 12", "Cahier de vie du système d'assainissement tenu à jour."),
      ("art. 22", "Diagnostic périodique du système d'assainissement tous les 10 ans.")]),
    ("eau", K.EU_DIRECTIVE, "91/271/CEE", "1991-05-21",
     "Directive relative au traitement des eaux urbaines résiduaires (ERU)",
     ["step"], ["PRC-R06"], EUR + "dir/1991/271/oj",
     [("art. 4", "Traitement secondaire des eaux usées avant rejet."),
      ("art. 15", "Contrôle des rejets selon les méthodes de l'annexe I.")]),
    ("eau", K.CODE_ARTICLE, "L. 2224-8", "2006-12-30",
     "Code général des collectivités territoriales, art. L. 2224-8 (assainissement)",
     ["step", "voirie"], ["PRC-R06"], LF + "codes/article_lc/LEGIARTI000047306981",
     [("I", "Schéma d'assainissement collectif comprenant un descriptif détaillé des ouvrages."),
      ("II", "Contrôle des raccordements au réseau public de collecte.")]),
    ("eau", K.ORDER, "", "2007-05-02",
     "Arrêté du 2 mai 2007 relatif aux rapports annuels sur le prix et la qualité du service",
     ["step", "finances"], ["PRC-R06"], LF + "loda/id/JORFTEXT000000275597",
     [("annexe VI", "Rapport annuel sur le prix et la qualité du service présenté au conseil."),
      ("art. 2", "Indicateurs de performance saisis dans l'observatoire SISPEA.")]),
    ("dechets", K.DECREE, "2021-950", "2021-07-16",
     "Décret relatif à la traçabilité des déchets (registre chronologique)",
     ["step", "proprete"], ["PRC-R03"], LF + "jorf/id/JORFTEXT000043788908",
     [("art. R. 541-43", "Registre chronologique des déchets produits et expédiés."),
      ("art. R. 541-45", "Bordereaux de suivi des boues d'épuration conservés.")]),
    ("dechets", K.LAW, "2020-105", "2020-02-10",
     "Loi relative à la lutte contre le gaspillage et à l'économie circulaire (AGEC)",
     ["restauration", "marches"], ["PRC-R05", "PRC-S02"], LF + "loda/id/JORFTEXT000041553759",
     [("art. 58", "Achat de biens issus du réemploi ou intégrant des matières recyclées."),
      ("art. 77", "Fin de la vaisselle jetable en restauration collective."),
      ("art. 11", "Diagnostic anti-gaspillage alimentaire réalisé.")]),
    ("env", K.CODE_ARTICLE, "R. 543-137", "2011-07-11",
     "Code de l'environnement — tri à la source des déchets (décret 5 flux)",
     ["batiments", "proprete"], [], LF + "codes/section_lc/LEGITEXT000006074220/",
     [("R. 543-281", "Tri des papiers, métal, plastique, verre et bois dans les bâtiments."),
      ("R. 543-283", "Attestation annuelle de collecte des déchets triés.")]),
    ("env", K.ORDER, "", "2021-04-27",
     "Arrêté relatif à l'usage des produits phytopharmaceutiques (zéro phyto)",
     ["espaces-verts"], [], LF + "jorf/id/JORFTEXT000043443470",
     [("art. 1", "Aucun produit phytopharmaceutique dans les espaces ouverts au public."),
      ("art. 3", "Registre des traitements des terrains de sport tenu à jour.")]),
    ("energie", K.DECREE, "2019-771", "2019-07-23",
     "Décret tertiaire : réduction de la consommation d'énergie des bâtiments tertiaires",
     ["batiments"], [], LF + "loda/id/JORFTEXT000038812251",
     [("art. R. 174-27", "Déclaration annuelle des consommations sur la plateforme OPERAT."),
      ("art. R. 174-23", "Plan d'actions pour -40 % de consommation en 2030.")]),
    ("energie", K.DECREE, "2020-887", "2020-07-20",
     "Décret BACS : systèmes d'automatisation et de contrôle des bâtiments",
     ["batiments"], [], LF + "jorf/id/JORFTEXT000042128488",
     [("art. R. 175-2", "Système de régulation des bâtiments de plus de 290 kW."),
      ("art. R. 175-5", "Inspection périodique des systèmes de chauffage.")]),
    ("energie", K.LAW, "2023-175", "2023-03-10",
     "Loi relative à l'accélération de la production d'énergies renouvelables",
     ["batiments", "voirie"], [], LF + "jorf/id/JORFTEXT000047294244",
     [("art. 40", "Ombrières photovoltaïques sur les parkings de plus de 1 500 m²."),
      ("art. 41", "Étude de faisabilité solaire des toitures rénovées.")],
     "partly", "Seuls deux parkings municipaux dépassent le seuil de surface."),
    ("sst", K.CODE_ARTICLE, "R. 4121-1", "2008-05-07",
     "Code du travail — document unique d'évaluation des risques professionnels (DUERP)",
     ["rh"], ["PRC-S01"], LF + "codes/article_lc/LEGIARTI000018491918",
     [("R. 4121-1", "Document unique tenu pour chaque unité de travail."),
      ("R. 4121-2", "Mise à jour annuelle et après tout aménagement important."),
      ("R. 4121-4", "Document unique tenu à la disposition des agents.")]),
    ("sst", K.DECREE, "85-603", "1985-06-10",
     "Décret relatif à l'hygiène et à la sécurité du travail dans la fonction publique "
     "territoriale",
     ["rh"], ["PRC-S01"], LF + "loda/id/JORFTEXT000000520648",
     [("art. 4", "Assistants de prévention désignés et formés."),
      ("art. 5-2", "Inspection ACFI au moins tous les trois ans."),
      ("art. 3-1", "Registre de santé et sécurité au travail dans chaque service.")]),
    ("sst", K.CODE_ARTICLE, "R. 4323-55", "2008-05-07",
     "Code du travail — autorisation de conduite des engins et équipements",
     ["voirie", "espaces-verts"], [], LF + "codes/article_lc/LEGIARTI000018488584",
     [("R. 4323-55", "Formation adéquate des conducteurs d'engins."),
      ("R. 4323-56", "Autorisation de conduite délivrée par l'autorité territoriale.")]),
    ("sst", K.ORDER, "", "2011-12-01",
     "Arrêté relatif aux vérifications générales périodiques des équipements de levage",
     ["batiments", "step"], [], LF + "loda/id/JORFTEXT000000177867",
     [("art. 23", "Vérification semestrielle des appareils de levage."),
      ("art. 22", "Registre de sécurité des vérifications tenu à jour.")]),
    ("alim", K.EU_REGULATION, "852/2004", "2004-04-29",
     "Règlement (CE) n° 852/2004 relatif à l'hygiène des denrées alimentaires",
     ["restauration"], ["PRC-R05"], EUR + "reg/2004/852/oj",
     [("art. 5", "Procédures fondées sur les principes HACCP mises en œuvre."),
      ("annexe II ch. XII", "Formation des agents à l'hygiène alimentaire."),
      ("art. 6", "Établissement enregistré auprès de l'autorité compétente.")]),
    ("alim", K.ORDER, "", "2009-12-21",
     "Arrêté du 21 décembre 2009 relatif aux règles sanitaires des commerces de détail",
     ["restauration"], ["PRC-R05"], LF + "loda/id/JORFTEXT000021572218",
     [("art. 4", "Plats témoins conservés 5 jours au froid."),
      ("annexe IV", "Températures de conservation respectées et enregistrées."),
      ("art. 10", "Refroidissement rapide des préparations (de 63 °C à 10 °C en 2 h).")]),
    ("alim", K.EU_REGULATION, "1169/2011", "2011-10-25",
     "Règlement INCO : information des consommateurs (allergènes)",
     ["restauration", "scolaire"], ["PRC-R05"], EUR + "reg/2011/1169/oj",
     [("art. 9", "Les 14 allergènes affichés pour chaque menu."),
      ("art. 44", "Information disponible par écrit pour les familles.")]),
    ("alim", K.LAW, "2018-938", "2018-10-30",
     "Loi EGalim : 50 % de produits durables dont 20 % bio en restauration collective",
     ["restauration", "marches"], ["PRC-R05", "PRC-S02"], LF + "loda/id/JORFTEXT000037547946",
     [("art. 24", "Part des produits durables et de qualité d'au moins 50 %."),
      ("art. 24 bis", "Menu végétarien hebdomadaire."),
      ("art. 26", "Information annuelle des usagers sur la part des produits durables.")]),
    ("alim", K.ORDER, "", "2011-09-30",
     "Arrêté relatif à la qualité nutritionnelle des repas servis en restauration scolaire",
     ["restauration", "scolaire"], ["PRC-R05"], LF + "loda/id/JORFTEXT000024614763",
     [("art. 1", "Plan alimentaire sur 20 repas successifs."),
      ("annexe I", "Grammages adaptés à l'âge des enfants.")]),
    ("erp", K.CODE_ARTICLE, "R. 143-34", "2021-10-01",
     "Code de la construction — sécurité incendie des établissements recevant du public",
     ["batiments", "sports", "bibliotheque"], [], LF + "codes/section_lc/LEGITEXT000006074096/",
     [("GE 4", "Vérifications périodiques des installations techniques."),
      ("MS 41", "Exercices d'évacuation réalisés."),
      ("R. 143-38", "Registre de sécurité tenu à jour dans chaque ERP.")]),
    ("erp", K.ORDER, "", "1980-06-25",
     "Arrêté du 25 juin 1980 — règlement de sécurité contre l'incendie dans les ERP",
     ["batiments"], [], LF + "loda/id/JORFTEXT000000290033",
     [("MS 73", "Extincteurs vérifiés annuellement."),
      ("EL 19", "Installations électriques vérifiées chaque année.")]),
    ("erp", K.DECREE, "2022-1689", "2022-12-27",
     "Décret relatif à la surveillance de la qualité de l'air intérieur dans les ERP",
     ["petite-enfance", "scolaire", "batiments"], [], LF + "jorf/id/JORFTEXT000046829848",
     [("art. R. 221-30", "Évaluation annuelle des moyens d'aération."),
      ("art. R. 221-31", "Campagne de mesure du CO₂ dans les écoles et crèches.")]),
    ("access", K.LAW, "2005-102", "2005-02-11",
     "Loi pour l'égalité des droits et des chances des personnes handicapées",
     ["batiments", "accueil"], ["PRC-R01"], LF + "loda/id/JORFTEXT000000809647",
     [("art. 41", "ERP accessibles ou inscrits à l'agenda d'accessibilité programmée."),
      ("art. 47", "Accessibilité des services de communication en ligne.")]),
    ("access", K.ORDINANCE, "2014-1090", "2014-09-26",
     "Ordonnance relative à la mise en accessibilité des ERP (Ad'AP)",
     ["batiments"], [], LF + "loda/id/JORFTEXT000029505970",
     [("art. 3", "Travaux de l'Ad'AP réalisés selon le calendrier approuvé."),
      ("art. 5", "Registre public d'accessibilité dans chaque ERP."),
      ("art. 6", "Bilan des travaux transmis au préfet.")]),
    ("access", K.DECREE, "2019-768", "2019-07-24",
     "Décret relatif à l'accessibilité des services de communication au public en ligne (RGAA)",
     ["communication", "dsi"], ["PRC-M02"], LF + "loda/id/JORFTEXT000038811937",
     [("art. 3", "Déclaration d'accessibilité publiée pour chaque site."),
      ("art. 4", "Schéma pluriannuel de mise en accessibilité publié.")]),
    ("ec", K.CODE_ARTICLE, "art. 34", "1804-03-21",
     "Code civil — tenue des actes de l'état civil",
     ["etat-civil"], ["PRC-R02"], LF + "codes/article_lc/LEGIARTI000006421059",
     [("art. 34", "Mentions obligatoires des actes de l'état civil."),
      ("art. 40", "Registres tenus en double exemplaire ou dématérialisés (COMEDEC)."),
      ("art. 55", "Déclaration de naissance dans les 5 jours.")]),
    ("ec", K.OTHER, "IGREC 2023", "2023-05-17",
     "Instruction générale relative à l'état civil",
     ["etat-civil"], ["PRC-R02"], LF + "circulaire/id/45420",
     [("§ 136", "Vérification des pièces d'identité des déclarants."),
      ("§ 521", "Délivrance des copies et extraits dans le respect de la filiation.")]),
    ("ec", K.CODE_ARTICLE, "L. 16", "2019-01-01",
     "Code électoral — répertoire électoral unique et commissions de contrôle",
     ["elections"], [], LF + "codes/article_lc/LEGIARTI000037511484",
     [("L. 18", "Inscriptions transmises au REU dans les délais."),
      ("L. 19", "Commission de contrôle réunie avant chaque scrutin.")]),
    ("mp", K.CODE_ARTICLE, "R. 2196-1", "2019-04-01",
     "Code de la commande publique — données essentielles et publicité",
     ["marches"], ["PRC-S02"], LF + "codes/texte_lc/LEGITEXT000037701019/",
     [("R. 2196-1", "Publication des données essentielles des marchés sur le profil acheteur."),
      ("R. 2131-12", "Publicité adaptée au montant estimé du besoin."),
      ("L. 2111-1", "Définition préalable des besoins avec précision.")]),
    ("mp", K.LAW, "2021-1104", "2021-08-22",
     "Loi Climat et résilience — considérations environnementales dans les marchés",
     ["marches"], ["PRC-S02"], LF + "jorf/id/JORFTEXT000043956924",
     [("art. 35", "Au moins un critère environnemental dans chaque marché."),
      ("art. 35 II", "Schéma de promotion des achats socialement et écologiquement "
                     "responsables (SPASER).")]),
    ("mp", K.DECREE, "2022-1683", "2022-12-28",
     "Décret relatif aux délais de paiement dans la commande publique",
     ["finances", "marches"], ["PRC-S03"], LF + "jorf/id/JORFTEXT000046809213",
     [("R. 2192-10", "Délai global de paiement de 30 jours respecté."),
      ("R. 2192-31", "Intérêts moratoires versés automatiquement en cas de retard.")]),
    ("rgpd", K.EU_REGULATION, "2016/679", "2016-04-27",
     "Règlement général sur la protection des données (RGPD)",
     ["dsi", "qualite"], ["PRC-S04"], EUR + "reg/2016/679/oj",
     [("art. 30", "Registre des activités de traitement tenu à jour."),
      ("art. 37", "Délégué à la protection des données désigné et déclaré à la CNIL."),
      ("art. 33", "Violations de données notifiées à la CNIL sous 72 heures."),
      ("art. 35", "Analyses d'impact réalisées pour les traitements à risque.")]),
    ("rgpd", K.LAW, "78-17", "1978-01-06",
     "Loi Informatique et libertés",
     ["dsi", "rh", "ccas"], ["PRC-S04"], LF + "loda/id/JORFTEXT000000886460",
     [("art. 104", "Information des personnes concernées sur leurs droits."),
      ("art. 121", "Sécurité des données de santé et des données sociales.")]),
    ("rgpd", K.DELIBERATION, "2021-018", "2021-02-11",
     "Délibération CNIL — référentiel relatif à la vidéoprotection",
     ["police"], [], LF + "cnil/id/CNILTEXT000043203009",
     [("§ 4", "Durée de conservation des images limitée à 30 jours."),
      ("§ 6", "Information du public par panneaux.")]),
    ("admin", K.CODE_ARTICLE, "L. 112-3", "2015-11-07",
     "Code des relations entre le public et l'administration — accusé de réception",
     ["accueil"], ["PRC-R01", "PRC-R04"], LF + "codes/article_lc/LEGIARTI000031367322",
     [("L. 112-3", "Accusé de réception de toute demande adressée à la commune."),
      ("L. 112-8", "Saisine par voie électronique possible.")]),
    ("admin", K.LAW, "2016-1321", "2016-10-07",
     "Loi pour une République numérique — ouverture des données publiques",
     ["dsi", "communication"], ["PRC-S04"], LF + "loda/id/JORFTEXT000033202746",
     [("art. 6", "Publication en ligne des documents administratifs communicables."),
      ("art. 9", "Open data des données d'intérêt général.")],
     "partly", "Commune de moins de 3 500 agents : obligation limitée aux bases de données."),
    ("admin", K.STANDARD, "ISO 9001:2015", "2015-09-15",
     "Norme ISO 9001 — systèmes de management de la qualité",
     ["qualite"], ["PRC-M01"], "https://www.iso.org/fr/standard/62085.html",
     [("§ 9.2", "Programme d'audit interne réalisé."),
      ("§ 9.3", "Revue de direction annuelle.")]),
    ("admin", K.STANDARD, "Qualivilles", "2019-01-01",
     "Référentiel Qualivilles (AFNOR) — engagements de service",
     ["accueil", "etat-civil"], ["PRC-R01"], "https://certificats-attestations.afnor.org/",
     [("eng. 3", "Réponse aux courriers sous 15 jours."),
      ("eng. 12", "Enquête de satisfaction annuelle publiée.")]),
    ("sst", K.DECREE, "2016-1908", "2016-12-27",
     "Décret relatif à la gestion du risque amiante dans les bâtiments",
     ["batiments"], [], LF + "loda/id/JORFTEXT000033716960",
     [("art. R. 1334-29-5", "Dossier technique amiante tenu à jour."),
      ("art. R. 1334-17", "Repérage avant travaux réalisé.")]),
    ("env", K.DELIBERATION, "2024-042", "2024-03-28",
     "Délibération du conseil municipal — plan climat de la commune",
     ["qualite", "batiments"], [], "https://www.mairie.example/deliberations/2024-042",
     [("action 3", "Bilan annuel des émissions de gaz à effet de serre du patrimoine."),
      ("action 7", "Éclairage public éteint de 23 h à 5 h.")],
     None, None, "voluntary"),
]

# Regulations (by index) whose last evaluation was skipped: their evaluation is late.
LATE = {3, 8, 14, 21, 29, 35}
# (index, requirement index, evaluation index 0..3) → status other than compliant.
FAILS = {
    (0, 0, 3): "partly", (0, 2, 1): "not_compliant", (5, 1, 3): "not_compliant",
    (8, 0, 2): "partly", (11, 1, 3): "not_compliant", (12, 1, 2): "partly",
    (15, 0, 3): "partly", (16, 0, 0): "not_compliant", (18, 0, 3): "partly",
    (20, 1, 3): "not_compliant", (24, 0, 3): "partly", (25, 1, 2): "not_compliant",
    (29, 0, 1): "partly", (31, 0, 3): "partly", (32, 2, 3): "not_compliant",
    (34, 1, 3): "partly",
}
EVIDENCE = {
    "compliant": "Contrôle sur pièces : registre et enregistrements à jour.",
    "partly": "Mise en œuvre partielle constatée : enregistrements incomplets sur la période.",
    "not_compliant": "Exigence non satisfaite : aucun enregistrement probant présenté.",
}


def _owner(service_codes, pilots, quality):
    for code in service_codes:
        if code in pilots:
            return pilots[code]
    return quality


def load_demo(stdout=None, **_kwargs) -> dict:
    """Create what is missing of the register and its evaluations; return the counts."""
    from processes.models import Process

    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The regulatory watch's demo needs the demo quality engineer.")
    service_map = Service.objects.in_bulk(field_name="code")
    process_map = Process.objects.in_bulk(field_name="code")
    pilots = {}
    for pilot in (User.objects.filter(groups__name=roles.PILOT, is_active=True)
                  .select_related("service").order_by("username")):
        if pilot.service_id:
            pilots.setdefault(pilot.service.code, pilot)
    counts = {"topics": 0, "regulations": 0, "requirements": 0, "evaluations": 0,
              "actions": 0}
    today = timezone.localdate()
    with transaction.atomic():
        topics = {}
        for key, name in TOPICS.items():
            topic = Topic.objects.filter(name=name).first()
            if topic is None:
                topic = services.topic_create(name=name, user=quality)
                counts["topics"] += 1
            topics[key] = topic
        for index, entry in enumerate(TEXTS):
            regulation = _regulation(index, entry, topics, service_map, process_map, pilots,
                                     quality, counts)
            if not regulation.evaluations.exists():
                _evaluations(index, regulation, quality, today, counts)
    write("Regulatory watch: {regulations} texts, {requirements} requirements, "
          "{evaluations} evaluations, {actions} actions closed.".format(**counts))
    return counts


def _regulation(index, entry, topics, service_map, process_map, pilots, quality, counts):
    topic, kind, number, date, title, codes, process_codes, url, requirements = entry[:9]
    applicability, reason, nature = (list(entry[9:]) + [None, None, None])[:3]
    regulation = Regulation.objects.filter(title=title).first()
    if regulation is not None:
        return regulation
    published = datetime.date.fromisoformat(date)
    regulation_services = [service_map[c] for c in codes if c in service_map]
    regulation = services.regulation_create(
        title=title, kind=kind, topic=topics[topic], number=number, published_on=published,
        in_force_on=published, url=url, nature=nature or Regulation.Nature.LEGAL,
        applicability=applicability or Regulation.Applicability.APPLICABLE,
        applicability_reason=reason or "",
        summary=f"Texte suivi par la veille réglementaire : {title}.",
        owner=_owner(codes, pilots, quality), services=regulation_services,
        processes=[process_map[c] for c in process_codes if c in process_map], user=quality,
    )
    counts["regulations"] += 1
    for order, (article, text) in enumerate(requirements, start=1):
        services.requirement_create(regulation=regulation, article=article, text=text,
                                    order=order, user=quality)
        counts["requirements"] += 1
    return regulation


def _evaluations(index, regulation, quality, today, counts):
    requirements = list(regulation.requirements.order_by("order"))
    rounds = 3 if index in LATE else 4
    for number in range(rounds):
        on = today - relativedelta(months=24 - 6 * number) + datetime.timedelta(days=index % 20)
        if number == 3 and index not in LATE:
            on = min(on, today - datetime.timedelta(days=3))
        results = []
        for position, requirement in enumerate(requirements):
            status = FAILS.get((index, position, number), "compliant")
            results.append({"requirement": requirement, "status": status,
                            "evidence": EVIDENCE[status]})
        assessor = regulation.owner or quality
        services.evaluation_record(regulation=regulation, assessor=assessor, evaluated_on=on,
                                   results=results, user=assessor,
                                   comment="Évaluation semestrielle de conformité.")
        counts["evaluations"] += 1
        # The actions opened by earlier evaluations are done once compliant again.
        for position, requirement in enumerate(requirements):
            if results[position]["status"] != "compliant":
                continue
            for action in Action.objects.for_source(requirement).open():
                action_services.action_close(action=action, user=quality)
                counts["actions"] += 1
