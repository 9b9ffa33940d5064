"""c7) of the management review: the providers' performance, compiled into a review."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from providers import services
from providers.review_inputs import provider_performance
from reviews import inputs
from reviews import services as review_services
from reviews.models import Section
from tests.providers.conftest import all_scores
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - datetime.timedelta(days=364), TODAY


@pytest.fixture
def history(people, accueil, criteria):
    good = ProviderFactory(name="Bon prestataire", services=[accueil])
    weak = ProviderFactory(name="Sous surveillance", services=[accueil])
    bad = ProviderFactory(name="À remplacer", services=[accueil])
    ProviderFactory(name="Oublié", services=[accueil],
                    next_evaluation_due=TODAY - datetime.timedelta(days=40))
    for provider, marks in ((good, (3, 4)), (weak, (3, 2)), (bad, (2, 1))):
        # one evaluation in the previous period, one in this one
        for days, mark in ((500, marks[0]), (60, marks[1])):
            conclusion = "approved" if days == 500 or mark >= 3 else (
                "watch" if mark == 2 else "replace")
            services.evaluation_record(
                provider=provider, evaluator=people.pilot, conclusion=conclusion,
                comment="" if conclusion == "approved" else "À suivre.",
                evaluated_on=TODAY - datetime.timedelta(days=days),
                scores=all_scores(criteria, mark))
    return good, weak, bad


def _figures(data):
    return {f["label"]: f["value"] for f in data["figures"]}


def test_provider_performance(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = provider_performance(start=START, end=END)
    figures = _figures(data)
    assert figures[gettext("Provider evaluations in the period")] == 3
    # this period (100 + 50 + 25) / 3 = 58.3; previous (75 + 75 + 50) / 3 = 66.7
    assert figures[gettext("Average score (%)")] == 58.3
    assert figures[gettext("Average score of the previous period (%)")] == 66.7
    assert figures[gettext("Trend (points)")] == -8.4
    assert figures[gettext("Approved under watch")] == 1
    assert figures[gettext("To be replaced")] == 1
    assert figures[gettext("Evaluations overdue")] == 1
    watch, overdue, evaluations = data["tables"]
    assert [r["cells"][0] for r in watch["rows"]] == ["À remplacer", "Sous surveillance"]
    assert [r["cells"][0] for r in overdue["rows"]] == ["Oublié"]
    assert evaluations["rows"][0]["cells"][0] == "À remplacer"  # lowest score first
    assert watch["more_url"] == "/prestataires/"
    assert data["notes"]  # the fall of the average is noted


def test_c7_is_registered_and_compiles_into_a_review(history, people):
    import json

    data = inputs.compile(Section.PROVIDERS, start=START, end=END)
    assert data["available"] is True and data["chart"] is not None
    json.dumps(data)
    review = review_services.review_create(
        title="Revue de direction", period_start=START, period_end=END,
        user=people.quality, participants=[people.quality])
    review_services.review_compile(review=review, user=people.quality,
                                   sections=[Section.PROVIDERS])
    snapshot = review.inputs.get(section=Section.PROVIDERS).snapshot
    assert snapshot["available"] is True
    assert _figures(snapshot)[gettext("To be replaced")] == 1
    assert snapshot["tables"][0]["total"] == 2


def test_tables_keep_fifteen_rows(people, accueil, criteria):
    for n in range(20):
        provider = ProviderFactory(name=f"P{n:02d}", services=[accueil])
        services.evaluation_record(provider=provider, evaluator=people.pilot,
                                   conclusion="watch", comment="x",
                                   evaluated_on=TODAY - datetime.timedelta(days=5),
                                   scores=all_scores(criteria, 2))
    data = inputs.compile(Section.PROVIDERS, start=START, end=END)
    assert len(data["tables"][0]["rows"]) == inputs.TABLE_ROWS
    assert data["tables"][0]["total"] == 20


def test_empty_period_says_so():
    data = provider_performance(start=START, end=END)
    assert gettext("No provider was evaluated in the period.") in data["notes"]
