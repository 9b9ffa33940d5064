"""Risks whose review date has passed: on their pilots' to-do list (in a fixed number of
queries), and in the weekly digest, one e-mail per pilot, in French, through the Celery
task."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from processes import risk_digests, tasks
from processes.todo import risk_reviews
from qms import todo
from tests import factories as f
from tests.processes.factories import RiskFactory
from tests.processes.test_risk_models import TODAY, RiskWorld

PAST = TODAY - datetime.timedelta(days=3)


@pytest.fixture
def risks(people, accueil, etat_civil):
    return RiskWorld(people, accueil, etat_civil)


def test_an_overdue_risk_is_on_its_pilots_todo(risks):
    items = risk_reviews(risks.people.pilot)
    assert [item.title for item in items] == ["R-PRC-R01-01 — Attente excessive au guichet"]
    item = items[0]
    assert item.is_overdue and item.due == risks.queue.review_date
    assert item.url == reverse("processes:risk_sheet", args=[risks.reception_sheet.pk]) + (
        f"#risk-{risks.queue.pk}")
    assert "PRC-R01" in item.detail
    # and in the whole to-do list
    assert any(i.title == item.title for i in todo.items_for(risks.people.pilot))


def test_not_on_the_todo_of_others(risks):
    assert risk_reviews(risks.people.other_pilot) == []
    assert risk_reviews(risks.people.agent) == []
    assert risk_reviews(risks.people.quality) == []  # they pilot no process due for review


def test_archived_or_reviewed_risks_leave_the_todo(risks):
    from processes.services.risks import risk_review_record

    risk_review_record(risk=risks.queue, user=risks.people.pilot)
    assert risk_reviews(risks.people.pilot) == []


def test_the_todo_answers_in_a_fixed_number_of_queries(risks, django_assert_num_queries):
    pilot = risks.people.pilot
    risk_reviews(pilot)  # the roles are read once per request
    with django_assert_num_queries(1):
        assert len(risk_reviews(pilot)) == 1
    RiskFactory.create_batch(20, sheet=risks.reception_sheet, review_date=PAST)
    with django_assert_num_queries(1):
        assert len(risk_reviews(pilot)) == 21


def test_the_pilot_of_a_process_sees_its_risks_even_from_another_service(risks):
    director = f.pilot(username="directeur", service=f.ServiceFactory(code="dir-pop"))
    risks.civil.pilot = director
    risks.civil.save()
    risks.fraud.review_date = PAST
    risks.fraud.save()
    assert [i.title.split(" — ")[0] for i in risk_reviews(director)] == ["R-PRC-R02-01"]


def test_one_digest_per_pilot_in_french(risks, mailoutbox, settings):
    settings.LANGUAGE_CODE = "fr"
    risks.fraud.review_date = PAST
    risks.fraud.save()
    risks.budget.review_date = PAST
    risks.budget.save()
    result = risk_digests.risk_review_digests_send()
    assert result == {"messages": 3, "risks": 3, "unassigned": 0}
    by_person = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_person) == {risks.people.pilot.email, risks.people.other_pilot.email,
                              risks.people.quality.email}
    mail = by_person[risks.people.pilot.email]
    assert "R-PRC-R01-01" in mail.body and "Attente excessive au guichet" in mail.body
    assert "R-PRC-R02-01" not in mail.body
    assert reverse("processes:risk_sheet", args=[risks.reception_sheet.pk]) in mail.body
    with translation.override("fr"):
        assert mail.subject == translation.ngettext(
            "Risks: %(count)s risk to review", "Risks: %(count)s risks to review", 1
        ) % {"count": 1}
    assert "Bonjour" in mail.body or "Hello" in mail.body


def test_a_pilot_gets_one_email_listing_all_their_risks(risks, mailoutbox):
    RiskFactory.create_batch(3, sheet=risks.reception_sheet, review_date=PAST)
    result = tasks.send_risk_review_digests()
    assert result["messages"] == 1 and result["risks"] == 4
    (mail,) = mailoutbox
    assert mail.to == [risks.people.pilot.email]
    assert mail.body.count("R-") >= 4


def test_no_digest_when_nothing_is_due(risks, mailoutbox):
    risks.queue.review_date = TODAY + datetime.timedelta(days=1)
    risks.queue.save()
    assert risk_digests.risk_review_digests_send() == {"messages": 0, "risks": 0,
                                                       "unassigned": 0}
    assert mailoutbox == []


def test_a_risk_without_a_pilot_is_counted_unassigned(risks, mailoutbox):
    sheet = risks.steering_sheet
    sheet.process.pilot = None
    sheet.process.save()
    risks.budget.review_date = PAST
    risks.budget.save()
    result = risk_digests.risk_review_digests_send()
    # the steering sheet's service has no pilot: nobody to write to about it
    assert result["unassigned"] == 1 and result["risks"] == 2
