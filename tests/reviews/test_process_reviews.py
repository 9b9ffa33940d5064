import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.models import Action
from reviews import inputs, services
from reviews.models import FROZEN_MESSAGE, Status
from tests.indicators.factories import IndicatorFactory, target
from tests.processes.factories import ProcessFactory, RiskFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


@pytest.fixture
def process(people):
    process = ProcessFactory(code="PRC-R01", service=people.pilot.service, pilot=people.pilot)
    indicator = IndicatorFactory(code="IND-ACC", service=people.pilot.service)
    indicator.processes.add(process)
    target(indicator, 2025, 90)
    RiskFactory(sheet__process=process)
    return process


def test_pilot_prepares_their_process_review(people, process):
    review = services.process_review_create(process=process, period_start=START,
                                            period_end=END, user=people.pilot,
                                            participants=[people.pilot], held_on=YESTERDAY)
    services.process_review_compile(review=review, user=people.pilot)
    assert review.status == Status.PREPARATION
    values = {f["label"]: f["value"] for f in review.snapshot["figures"]}
    assert values["Indicators"] == 1 and values["Risks and opportunities"] == 1
    decision = services.process_review_decide(
        review=review, kind="improvement", text="Former les agents", owner=people.agent,
        service=people.agent.service, due_date=END + datetime.timedelta(days=90),
        user=people.pilot)
    assert Action.objects.for_source(decision).get().kind == Action.Kind.IMPROVEMENT
    services.process_review_validate(review=review, user=people.pilot)
    with pytest.raises(ValidationError) as error:
        services.process_review_update(review=review, conclusions="x", user=people.quality)
    assert error.value.messages == [str(FROZEN_MESSAGE)]
    # The management review's section c3 lists it.
    data = inputs.compile("c3", start=START, end=END)
    assert data["tables"][1]["rows"][0]["url"] == review.get_absolute_url()


def test_other_pilot_and_agent_are_refused(people, process):
    for user in (people.other_pilot, people.agent):
        with pytest.raises(PermissionDenied):
            services.process_review_create(process=process, period_start=START,
                                           period_end=END, user=user)


def test_process_review_page(client, people, process):
    review = services.process_review_create(process=process, period_start=START,
                                            period_end=END, user=people.quality)
    services.process_review_compile(review=review, user=people.quality)
    client.force_login(people.other_pilot)
    page = client.get(review.get_absolute_url()).content.decode()
    assert "IND-ACC" in page
    assert reverse("reviews:process_review_compile", args=[review.pk]) not in page
    client.force_login(people.agent)
    assert client.get(review.get_absolute_url()).status_code == 403
    client.force_login(people.pilot)
    assert client.post(reverse("reviews:process_review_validate", args=[review.pk]),
                       follow=True).status_code == 200
    review.refresh_from_db()
    assert review.status == Status.PREPARATION  # not held yet: refused with a message
