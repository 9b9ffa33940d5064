import datetime
from decimal import Decimal

import pytest

from feedback.models import FeedbackIndicator, UserFeedback
from feedback.services import feedback_indicators_compute, feedback_update, month_figures
from indicators.models import Frequency, Measurement, Period

from .factories import FeedbackIndicatorFactory, UserFeedbackFactory, answered

pytestmark = pytest.mark.django_db
MARCH = Period.parse("2026-03", Frequency.MONTHLY)
TODAY = datetime.date(2026, 4, 5)


@pytest.fixture
def month(accueil, etat_civil):
    d = datetime.date
    # Answered in March: 4, 10 and 20 days (2 within 15 days) -> mean 11.33
    answered(accueil, received=d(2026, 2, 25), days=4)  # received in February
    answered(accueil, received=d(2026, 3, 1), days=10, kind=UserFeedback.Kind.REQUEST)
    answered(accueil, received=d(2026, 3, 2), days=20)
    # Received in March, unanswered: 1 complaint, 1 request
    UserFeedbackFactory(service=accueil, received_on=d(2026, 3, 20))
    UserFeedbackFactory(service=accueil, received_on=d(2026, 3, 21),
                        kind=UserFeedback.Kind.REQUEST)
    # Answered in April: not counted in March's processing time
    answered(accueil, received=d(2026, 3, 30), days=3, kind=UserFeedback.Kind.REQUEST)
    # Another service
    answered(etat_civil, received=d(2026, 3, 3), days=30)


def test_month_figures_per_service(month, accueil):
    figures = month_figures(period=MARCH, service_id=accueil.pk)
    # Received in March: 2 complaints (2/03, 20/03) and 3 requests (1/03, 21/03, 30/03)
    assert (figures.received, figures.complaints_received) == (5, 2)
    assert figures.complaint_rate == Decimal("40.00")
    assert figures.answered == 3
    assert figures.processing_time == Decimal("11.33")
    assert figures.on_time == Decimal("66.67")
    complaints_only = month_figures(period=MARCH, service_id=accueil.pk,
                                    kind=UserFeedback.Kind.COMPLAINT)
    assert complaints_only.processing_time == Decimal("12.00")
    whole = month_figures(period=MARCH)
    assert whole.answered == 3 and whole.received == 6


def test_an_empty_month_gives_no_value(accueil):
    figures = month_figures(period=MARCH, service_id=accueil.pk)
    assert figures.processing_time is None and figures.complaint_rate is None


def test_measurements_written_idempotent_and_corrected(month, accueil):
    delay = FeedbackIndicatorFactory(service=accueil, indicator__service=accueil)
    rate = FeedbackIndicatorFactory(service=accueil, metric=FeedbackIndicator.Metric.COMPLAINT_RATE,
                                    indicator__service=accueil)
    empty = FeedbackIndicatorFactory(service=None, kind=UserFeedback.Kind.COMPLAINT,
                                     indicator__service=accueil)
    assert feedback_indicators_compute(today=TODAY) == {
        "created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    assert Measurement.objects.get(indicator=delay.indicator, period="2026-03").value == (
        Decimal("11.33"))
    assert Measurement.objects.get(indicator=rate.indicator).value == Decimal("40")
    assert Measurement.objects.get(indicator=empty.indicator).value == Decimal("12")
    # Same data: nothing new
    assert feedback_indicators_compute(today=TODAY)["unchanged"] == 3
    assert Measurement.objects.count() == 3
    # A record corrected: the value is recomputed as a correction, the old one in history
    record = UserFeedback.objects.get(received_on=datetime.date(2026, 3, 2))
    feedback_update(feedback=record, user=None, check_permission=False,
                    answered_on=datetime.date(2026, 3, 12))
    counts = feedback_indicators_compute(period="2026-03")
    assert counts["updated"] == 2 and counts["unchanged"] == 1
    measurement = Measurement.objects.get(indicator=delay.indicator)
    assert measurement.value == Decimal("8.00")
    assert measurement.history.count() == 2
    assert measurement.history.first().history_change_reason


def test_a_month_without_contacts_is_skipped(accueil):
    FeedbackIndicatorFactory(service=accueil)
    assert feedback_indicators_compute(period="2026-03")["skipped"] == 1
    assert not Measurement.objects.exists()


def test_only_monthly_indicators_can_be_linked(accueil):
    from django.core.exceptions import ValidationError

    link = FeedbackIndicatorFactory.build(service=accueil,
                                          indicator=FeedbackIndicatorFactory().indicator)
    link.indicator.frequency = Frequency.QUARTERLY
    with pytest.raises(ValidationError) as error:
        link.clean()
    assert "indicator" in error.value.message_dict


def test_monthly_task_computes_last_month(month, accueil, settings):
    from feedback.tasks import compute_feedback_indicators

    link = FeedbackIndicatorFactory(service=accueil)
    compute_feedback_indicators.apply(kwargs={"period": "2026-03"})
    assert Measurement.objects.get(indicator=link.indicator).period == "2026-03"
