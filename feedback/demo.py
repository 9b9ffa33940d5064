"""Demo data of user feedback, built through the services: 200 complaints and requests
over two years across six services, the computed indicators (processing time, complaint
rate, answers on time) fed month by month, one satisfaction survey with about 150
answers feeding a satisfaction indicator, and six service commitments.

Idempotent: each part is created only when missing (found by its natural key)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.models import Frequency, Indicator, IndicatorTarget, Period
from qms import roles
from qms.models import Service, User

from .models import Commitment, FeedbackIndicator, Question, Survey, UserFeedback
from .services import (
    feedback_create,
    feedback_indicators_compute,
    survey_feed_indicators,
    survey_submit,
)

SERVICE_CODES = ["accueil", "etat-civil", "proprete", "voirie", "espaces-verts", "police"]
COMPLAINTS = [
    "Attente trop longue au guichet", "Réponse à un courrier non reçue",
    "Erreur sur un acte délivré", "Dépôt sauvage non enlevé", "Nid-de-poule signalé non réparé",
    "Accueil téléphonique injoignable", "Horaires d'ouverture non respectés",
    "Éclairage public en panne depuis des semaines", "Tonte non effectuée au square",
    "Stationnement gênant non verbalisé",
]
REQUESTS = [
    "Demande de rendez-vous pour une carte d'identité", "Demande d'acte de naissance",
    "Demande d'enlèvement d'encombrants", "Demande de réparation de trottoir",
    "Demande d'élagage d'un arbre", "Demande d'information sur les horaires",
    "Demande d'attestation d'accueil", "Signalement d'un tag à effacer",
]
ANSWERS = ["Nous vous prions de nous excuser ; la situation est corrigée.",
           "Votre demande a été traitée.", "Une intervention a été planifiée.",
           "Les informations demandées vous ont été transmises."]
CHANNELS = [c for c, _label in UserFeedback.Channel.choices]
SURVEY_TITLE = "Enquête de satisfaction des usagers de l'accueil"
FREE_TEXTS = ["Accueil très agréable, merci.", "Trop d'attente le samedi matin.",
              "Personnel à l'écoute.", "Il faudrait plus de places assises.",
              "Démarche rapide et claire.", "Site internet difficile à utiliser."]


def _first(service, role):
    return User.objects.filter(service=service, groups__name=role, is_active=True).first()


def load_demo(stdout=None, *, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    rng = random.Random(5)
    created = {"records": 0, "indicators": 0, "measurements": 0, "responses": 0,
               "commitments": 0}
    services = {s.code: s for s in Service.objects.filter(code__in=SERVICE_CODES)}
    if not services:
        return created
    quality = User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True).first()
    with transaction.atomic():
        if not UserFeedback.objects.exists():
            created["records"] = _records(rng, services, today)
        indicators = _indicators(services, created)
        if created["indicators"]:
            for months_back in range(24, 0, -1):
                label = _month(today, months_back)
                counts = feedback_indicators_compute(period=label)
                created["measurements"] += counts["created"]
        created["responses"] = _survey(rng, services.get("accueil"), quality, indicators,
                                       created, today)
        created["commitments"] = _commitments(services, indicators)
    if stdout is not None:
        stdout.write("Feedback: " + ", ".join(f"{n} {k}" for k, n in created.items()) + ".\n")
    return created


def _month(today, months_back) -> str:
    index = today.year * 12 + today.month - 1 - months_back
    return Period.of(index // 12, index % 12 + 1, Frequency.MONTHLY).label


def _records(rng, services, today) -> int:
    count = 0
    codes = list(services)
    for n in range(200):
        service = services[codes[n % len(codes)]]
        received = today - datetime.timedelta(days=rng.randint(0, 729))
        kind = UserFeedback.Kind.COMPLAINT if rng.random() < 0.35 else UserFeedback.Kind.REQUEST
        subjects = COMPLAINTS if kind == UserFeedback.Kind.COMPLAINT else REQUESTS
        fields = {"received_on": received, "description": "Saisie au guichet (démo)."}
        if rng.random() < 0.3:
            fields.update(citizen_name=f"Usager {n + 1}",
                          citizen_contact=f"usager{n + 1}@example.org")
        ack = received + datetime.timedelta(days=rng.randint(0, 3))
        if ack <= today:
            fields["acknowledged_on"] = ack
        delay = rng.choice([2, 4, 6, 8, 10, 12, 14, 16, 20, 30])
        answered = received + datetime.timedelta(days=delay)
        if answered <= today and rng.random() < 0.95:
            fields.update(answered_on=answered, answer=rng.choice(ANSWERS))
            if kind == UserFeedback.Kind.COMPLAINT:
                fields["justified"] = rng.choice(["yes", "yes", "no"])
        recorder = _first(service, roles.AGENT) or _first(service, roles.PILOT)
        feedback_create(kind=kind, channel=rng.choice(CHANNELS), service=service,
                        subject=rng.choice(subjects), user=recorder, check_permission=False,
                        **fields)
        count += 1
    return count


DEFINITIONS = {
    "IND-REC-01": "Nombre moyen de jours entre la réception d'une réclamation ou d'une "
                  "demande et la réponse apportée, sur les réponses du mois.",
    "IND-REC-02": "Réclamations reçues dans le mois rapportées à l'ensemble des contacts "
                  "(réclamations et demandes) du mois, en %.",
    "IND-REC-03": "Part des réponses du mois apportées dans les 15 jours suivant la "
                  "réception (engagement Services Publics+).",
    "IND-REC-ACC": "Délai moyen de réponse aux réclamations et demandes reçues par "
                   "l'accueil, en jours.",
    "IND-REC-EC": "Délai moyen de réponse aux réclamations et demandes de l'état civil, "
                  "en jours.",
    "IND-SAT-01": "Note moyenne (1 à 5) donnée à la question « Êtes-vous satisfait de "
                  "l'accueil reçu ? » de l'enquête annuelle de satisfaction.",
}


def _owner(service):
    """A pilot of the indicator's service answers for it (the first by username)."""
    return (User.objects.filter(service=service, groups__name=roles.PILOT, is_active=True)
            .order_by("username").first())


def _indicator(code, title, service, unit, direction, target, created, frequency=Frequency.MONTHLY):
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        indicator = Indicator(
            code=code, title=title, service=service, owner=_owner(service),
            unit=unit, direction=direction,
            frequency=frequency, source=Indicator.Source.COMPUTED, is_published=True,
            category=Indicator.Category.QUALITY,
            definition=DEFINITIONS.get(code, ""),
            collection_method="Calculé automatiquement depuis le registre des réclamations et "
                              "des enquêtes.")
        indicator.full_clean()
        indicator.save()
        created["indicators"] += 1
    today = timezone.localdate()
    for year in (today.year - 2, today.year - 1, today.year):
        IndicatorTarget.objects.get_or_create(indicator=indicator, year=year,
                                              defaults={"value": Decimal(target)})
    return indicator


def _indicators(services, created) -> dict:
    lower, higher = Indicator.Direction.LOWER, Indicator.Direction.HIGHER
    qualite = Service.objects.filter(code="qualite").first() or services["accueil"]
    specs = [
        ("IND-REC-01", "Délai moyen de réponse aux réclamations et demandes", None,
         FeedbackIndicator.Metric.PROCESSING_TIME, "jours", lower, 10, qualite),
        ("IND-REC-02", "Taux de réclamations", None,
         FeedbackIndicator.Metric.COMPLAINT_RATE, "%", lower, 35, qualite),
        ("IND-REC-03", "Réponses apportées sous 15 jours", None,
         FeedbackIndicator.Metric.ON_TIME, "%", higher, 90, qualite),
        ("IND-REC-ACC", "Délai moyen de réponse — Accueil", "accueil",
         FeedbackIndicator.Metric.PROCESSING_TIME, "jours", lower, 8, None),
        ("IND-REC-EC", "Délai moyen de réponse — État civil", "etat-civil",
         FeedbackIndicator.Metric.PROCESSING_TIME, "jours", lower, 8, None),
    ]
    out = {}
    for code, title, service_code, metric, unit, direction, target, owner in specs:
        service = services.get(service_code) if service_code else None
        if service_code and service is None:
            continue
        indicator = _indicator(code, title, service or owner, unit, direction, target, created)
        FeedbackIndicator.objects.get_or_create(
            indicator=indicator, defaults={"service": service, "metric": metric})
        out[code] = indicator
    out["IND-SAT-01"] = _indicator(
        "IND-SAT-01", "Satisfaction des usagers de l'accueil (note moyenne sur 5)",
        services.get("accueil") or qualite, "/5", higher, 4, created,
        frequency=Frequency.YEARLY)
    return out


def _survey(rng, accueil, quality, indicators, created, today) -> int:
    if accueil is None or Survey.objects.filter(title=SURVEY_TITLE).exists():
        return 0
    survey = Survey(title=SURVEY_TITLE, audience=Survey.Audience.EXTERNAL, service=accueil,
                    intro="Aidez-nous à améliorer l'accueil de la mairie : cinq questions, "
                          "deux minutes.",
                    # Last autumn's survey: its result is the last closed year's value.
                    opens_on=datetime.date(today.year - 1, 10, 1), status=Survey.Status.OPEN,
                    created_by=quality)
    survey.full_clean()
    survey.save()
    specs = [("Êtes-vous satisfait de l'accueil reçu ?", Question.Kind.SCALE, True,
              indicators.get("IND-SAT-01")),
             ("Le délai d'attente vous a-t-il paru raisonnable ?", Question.Kind.SCALE, True, None),
             ("Les informations données étaient-elles claires ?", Question.Kind.SCALE, True, None),
             ("Votre démarche a-t-elle abouti ?", Question.Kind.YES_NO, True, None),
             ("Vos suggestions", Question.Kind.TEXT, False, None)]
    questions = []
    for order, (text, kind, required, indicator) in enumerate(specs, start=1):
        question = Question(survey=survey, order=order, text=text, kind=kind,
                            required=required, indicator=indicator)
        question.full_clean()
        question.save()
        questions.append(question)
    weights = [1, 2, 6, 14, 12]
    for n in range(150):
        data = {}
        for question in questions:
            if question.kind == Question.Kind.SCALE:
                data[f"q{question.pk}"] = str(rng.choices(range(1, 6), weights)[0])
            elif question.kind == Question.Kind.YES_NO:
                data[f"q{question.pk}"] = "yes" if rng.random() < 0.85 else "no"
            elif rng.random() < 0.25:
                data[f"q{question.pk}"] = rng.choice(FREE_TEXTS)
        survey_submit(survey=survey, data=data, submission_key=f"demo-{n:04d}-{'x' * 12}")
    survey.status = Survey.Status.CLOSED
    survey.closes_on = datetime.date(today.year - 1, 11, 15)
    survey.save()
    if quality is not None:
        survey_feed_indicators(survey=survey, user=quality)
    return 150


def _commitments(services, indicators) -> int:
    specs = [
        (1, "Nous vous accueillons avec courtoisie et vous orientons vers le bon service",
         Commitment.Label.SERVICES_PUBLICS_PLUS, ["accueil"], ["IND-SAT-01"], True),
        (2, "Nous répondons à vos courriers et courriels sous 15 jours",
         Commitment.Label.SERVICES_PUBLICS_PLUS, SERVICE_CODES, ["IND-REC-03", "IND-REC-01"],
         True),
        (3, "Nous traitons vos réclamations et vous informons des suites données",
         Commitment.Label.QUALIVILLES, SERVICE_CODES, ["IND-REC-02"], True),
        (4, "Nous délivrons vos actes d'état civil dans les meilleurs délais",
         Commitment.Label.QUALIVILLES, ["etat-civil"], ["IND-REC-EC"], True),
        (5, "Nous mesurons votre satisfaction chaque année et publions les résultats",
         Commitment.Label.SERVICES_PUBLICS_PLUS, ["accueil"], ["IND-SAT-01"], True),
        (6, "Nous répondons aux demandes du guichet unique en moins de 8 jours",
         Commitment.Label.INTERNAL, ["accueil"], ["IND-REC-ACC"], False),
    ]
    count = 0
    for number, title, label, codes, indicator_codes, published in specs:
        if Commitment.objects.filter(number=number).exists():
            continue
        commitment = Commitment(number=number, title=title, label=label,
                                is_published=published)
        commitment.full_clean()
        commitment.save()
        commitment.services.set([services[c] for c in codes if c in services])
        commitment.indicators.set([indicators[c] for c in indicator_codes if c in indicators])
        count += 1
    return count
