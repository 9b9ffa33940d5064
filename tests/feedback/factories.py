import datetime

import factory
from django.utils import timezone

from feedback.models import Commitment, FeedbackIndicator, Question, Survey, UserFeedback
from tests.factories import ServiceFactory
from tests.indicators.factories import IndicatorFactory


class UserFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserFeedback

    reference = factory.Sequence(lambda n: f"REC-T-{n:05d}")
    kind = UserFeedback.Kind.COMPLAINT
    channel = UserFeedback.Channel.DESK
    service = factory.SubFactory(ServiceFactory)
    subject = factory.Sequence(lambda n: f"Attente trop longue au guichet {n}")
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))


def answered(service, *, received, days, kind=UserFeedback.Kind.COMPLAINT, **kwargs):
    return UserFeedbackFactory(
        service=service, kind=kind, received_on=received,
        answered_on=received + datetime.timedelta(days=days), answer="Réponse apportée.",
        **kwargs)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Enquête de satisfaction {n}")
    status = Survey.Status.OPEN
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(int)
    text = factory.Sequence(lambda n: f"Question {n}")
    kind = Question.Kind.SCALE


def survey_with_questions(**kwargs):
    survey = SurveyFactory(**kwargs)
    scale = QuestionFactory(survey=survey, order=1, text="Êtes-vous satisfait de l'accueil ?")
    yes_no = QuestionFactory(survey=survey, order=2, kind=Question.Kind.YES_NO,
                             text="Avez-vous obtenu une réponse ?")
    text = QuestionFactory(survey=survey, order=3, kind=Question.Kind.TEXT, required=False,
                           text="Vos suggestions")
    return survey, scale, yes_no, text


class FeedbackIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackIndicator

    metric = FeedbackIndicator.Metric.PROCESSING_TIME
    indicator = factory.SubFactory(IndicatorFactory, unit="jours")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nous répondons à vos courriers sous 15 jours {n}")
    label = Commitment.Label.SERVICES_PUBLICS_PLUS
    is_published = True
