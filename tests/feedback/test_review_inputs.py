"""Input c1) of the management review: satisfaction and feedback, compiled from the
complaints and requests register and the surveys of the period."""

import datetime

import pytest
from django.utils import translation

from feedback.models import SurveyResponse, UserFeedback
from feedback.review_inputs import satisfaction
from tests import factories as f
from tests.feedback.factories import answered, survey_with_questions

START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def _english():
    """The compiled labels are in the language of the compilation: read the msgids."""
    with translation.override("en"):
        yield


def figures(data):
    return {figure["label"]: figure["value"] for figure in data["figures"]}


def test_complaints_and_requests_of_the_period_with_their_answer_times(db):
    accueil = f.ServiceFactory(name="Accueil")
    answered(accueil, received=datetime.date(2025, 3, 3), days=4,
             justified=UserFeedback.Justified.YES)
    answered(accueil, received=datetime.date(2025, 3, 20), days=20)  # late answer
    answered(accueil, received=datetime.date(2025, 6, 1), days=6,
             kind=UserFeedback.Kind.REQUEST)
    answered(accueil, received=datetime.date(2024, 12, 31), days=1)  # before the period
    data = satisfaction(start=START, end=END)
    values = figures(data)
    assert values["Complaints received"] == 2
    assert values["Requests received"] == 1
    assert values["Complaint rate (% of contacts)"] == 66.7
    assert values["Complaints judged justified"] == 1
    assert values["Mean answer time (days)"] == 10.0  # (4 + 20 + 6) / 3
    assert values["Answered within 15 days (%)"] == 66.7
    [by_service, _surveys] = data["tables"]
    assert by_service["rows"][0]["cells"] == ["Accueil", 2, 1, 10.0]
    assert data["chart"]["labels"] == ["2025-03"]
    assert data["chart"]["series"][0]["values"] == [2]


def test_surveys_open_in_the_period_with_their_mean_scores(db):
    survey, scale, _yes_no, _text = survey_with_questions(
        title="Enquête accueil 2025", opens_on=datetime.date(2025, 5, 1),
        closes_on=datetime.date(2025, 6, 30))
    for n, score in enumerate((4, 5, 3)):
        response = SurveyResponse.objects.create(survey=survey, submission_key=f"k{n}")
        response.answers.create(question=scale, scale_value=score)
    survey_with_questions(title="Enquête 2026", opens_on=datetime.date(2026, 2, 1),
                          closes_on=datetime.date(2026, 3, 1))
    [_by_service, surveys] = satisfaction(start=START, end=END)["tables"]
    [row] = surveys["rows"]
    assert row["cells"][:2] == ["Enquête accueil 2025", 3]
    assert "4.0/5" in row["cells"][2]


def test_an_empty_period_says_so_in_a_constant_number_of_queries(
        db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = satisfaction(start=START, end=END)
    assert figures(data)["Complaints received"] == 0
    assert data["chart"] is None and data["notes"]
    accueil = f.ServiceFactory()
    for day in range(1, 25):
        answered(accueil, received=datetime.date(2025, 4, day), days=day % 7)
    with django_assert_max_num_queries(4):
        assert figures(satisfaction(start=START, end=END))["Complaints received"] == 24
