import pytest

from feedback.demo import load_demo
from feedback.models import Commitment, FeedbackIndicator, SurveyResponse, UserFeedback
from feedback.selectors import commitments_with_results, survey_results
from indicators.models import Measurement

pytestmark = pytest.mark.django_db


def test_demo_loads_once(people, accueil, etat_civil):
    counts = load_demo()
    assert counts["records"] == 200 and counts["responses"] == 150
    assert counts["commitments"] == 6
    assert UserFeedback.objects.complaints().exists() and UserFeedback.objects.requests().exists()
    assert UserFeedback.objects.filter(service=accueil).count() == 100
    assert FeedbackIndicator.objects.count() == 5
    assert Measurement.objects.filter(indicator__code="IND-REC-01").count() >= 20
    assert Measurement.objects.filter(indicator__code="IND-SAT-01").count() == 1
    assert SurveyResponse.objects.count() == 150
    survey = SurveyResponse.objects.first().survey
    assert survey_results(survey).questions[0].mean is not None
    assert Commitment.objects.filter(is_published=True).count() == 5
    assert all(c.results for c in commitments_with_results())
    again = load_demo()
    assert again == {"records": 0, "indicators": 0, "measurements": 0, "responses": 0,
                     "commitments": 0}
    assert UserFeedback.objects.count() == 200
