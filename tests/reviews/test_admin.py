"""The reviews in the back office: the quality engineer edits a review in preparation;
a validated review (and its inputs and decisions) is read-only — the edit form is
refused and a forged POST changes nothing; pilots edit only their processes' reviews;
nothing is deleted."""

import datetime

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import ProcessReview, ReviewDecision

from .factories import ProcessReviewFactory

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"wagtailsnippets_reviews_{model}:{view}", args=args)


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and (
            response["Location"] == reverse("wagtailadmin_home")
            or response["Location"].startswith(reverse("wagtailadmin_login"))))


def review_form(review, **changes):
    data = {
        "title": review.title, "period_start": review.period_start.isoformat(),
        "period_end": review.period_end.isoformat(),
        "held_on": review.held_on.isoformat() if review.held_on else "",
        "place": review.place, "participants": [u.pk for u in review.participants.all()],
        "external_participants": review.external_participants, "minutes": review.minutes,
    }
    data.update(changes)
    return data


def test_quality_engineer_edits_a_review_in_preparation(client, people, held):
    client.force_login(people.quality)
    edit = url("managementreview", "edit", held.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, review_form(held, minutes="Compte rendu complété"))
    assert response.status_code == 302, response.content.decode()[:2000]
    held.refresh_from_db()
    assert held.minutes == "Compte rendu complété"


def test_validated_review_is_read_only_in_the_back_office(client, people, held):
    decision = services.review_decide(review=held, kind="improvement", text="Décision",
                                      owner=people.pilot, service=people.pilot.service,
                                      due_date=datetime.date.today(), user=people.quality)
    services.review_validate(review=held, user=people.quality)
    client.force_login(people.quality)
    item = held.inputs.get(section="a")
    for model, pk in (("managementreview", held.pk), ("reviewinput", item.pk),
                      ("reviewdecision", decision.pk)):
        assert refused(client.get(url(model, "edit", pk))), model
        assert client.get(url(model, "inspect", pk)).status_code == 200, model
    response = client.post(url("managementreview", "edit", held.pk),
                           review_form(held, minutes="forged"))
    assert refused(response)
    response = client.post(url("reviewinput", "edit", item.pk), {"comment": "forged"})
    assert refused(response)
    held.refresh_from_db()
    assert held.minutes == "La revue s'est tenue en présence du maire."
    assert held.inputs.get(section="a").comment == ""
    assert ReviewDecision.objects.get().text == "Décision"


def test_nothing_is_deleted_and_decisions_are_added_on_the_review_page(client, people, held):
    client.force_login(people.quality)
    assert refused(client.get(url("managementreview", "delete", held.pk)))
    assert refused(client.get(url("reviewdecision", "add")))
    assert refused(client.get(url("reviewinput", "add")))


@pytest.mark.parametrize("who", ["pilot", "agent"])
def test_management_reviews_are_not_edited_by_others(client, people, held, who):
    client.force_login(getattr(people, who))
    assert refused(client.get(url("managementreview", "edit", held.pk)))
    assert refused(client.get(url("managementreview", "add")))


def test_pilot_edits_only_their_processes_reviews(client, people):
    mine = ProcessReviewFactory(process__service=people.pilot.service)
    theirs = ProcessReviewFactory(process__service=people.other_pilot.service)
    client.force_login(people.pilot)
    listing = client.get(url("processreview", "list")).content.decode()
    assert url("processreview", "edit", mine.pk) in listing
    assert url("processreview", "edit", theirs.pk) not in listing
    assert client.get(url("processreview", "edit", mine.pk)).status_code == 200
    assert refused(client.get(url("processreview", "edit", theirs.pk)))
    mine.status = "validated"
    mine.save()
    assert refused(client.get(url("processreview", "edit", mine.pk)))
    assert ProcessReview.objects.count() == 2
