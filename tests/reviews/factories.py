import datetime

import factory

from reviews.models import ManagementReview, ProcessReview, ReviewDecision, Status
from tests.actions.factories import ActionFactory as _ActionFactory
from tests.processes.factories import ProcessFactory

PERIOD_START = datetime.date(2025, 1, 1)
PERIOD_END = datetime.date(2025, 12, 31)


class ManagementReviewFactory(factory.django.DjangoModelFactory):
    """A review saved directly; tests of the rules go through reviews.services."""

    class Meta:
        model = ManagementReview

    title = factory.Sequence(lambda n: f"Revue de direction {n}")
    period_start = PERIOD_START
    period_end = PERIOD_END
    status = Status.DRAFT


class ProcessReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessReview

    process = factory.SubFactory(ProcessFactory)
    period_start = PERIOD_START
    period_end = PERIOD_END


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewDecision

    review = factory.SubFactory(ManagementReviewFactory)
    kind = ReviewDecision.Kind.IMPROVEMENT
    text = factory.Sequence(lambda n: f"Décision {n}")
    owner = factory.SubFactory("tests.factories.UserFactory")
    service = factory.SelfAttribute("owner.service")
    due_date = datetime.date(2026, 6, 30)


class ActionFactory(_ActionFactory):
    """An action saved directly, numbered apart from the ones action_create numbers."""

    reference = factory.Sequence(lambda n: f"ACT-1990-{n + 1:04d}")
