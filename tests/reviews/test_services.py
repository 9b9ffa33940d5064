import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.models import Action
from reviews import services
from reviews.models import (
    FROZEN_MESSAGE,
    ManagementReview,
    ReviewDecision,
    ReviewInput,
    Section,
    Status,
)

from .factories import ActionFactory

pytestmark = pytest.mark.django_db
DUE = datetime.date.today() + datetime.timedelta(days=90)


def _messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_create_makes_one_input_per_section(review):
    assert review.status == Status.DRAFT
    assert sorted(review.inputs.values_list("section", flat=True)) == sorted(Section.values)
    assert review.history.exists()
    assert review.external_participant_list() == ["M. le Maire", "Mme l'adjointe à la qualité"]


@pytest.mark.parametrize("who", ["pilot", "agent"])
def test_only_the_quality_engineer_prepares_a_review(people, who):
    with pytest.raises(PermissionDenied):
        services.review_create(title="x", period_start=datetime.date(2025, 1, 1),
                               period_end=datetime.date(2025, 12, 31),
                               user=getattr(people, who))


def test_period_must_be_in_order(people):
    with pytest.raises(ValidationError) as error:
        services.review_create(title="x", period_start=datetime.date(2025, 12, 31),
                               period_end=datetime.date(2025, 1, 1), user=people.quality)
    assert "period_end" in error.value.message_dict
    assert not ManagementReview.objects.exists()


def test_compile_fills_every_snapshot_and_keeps_comments(review, people):
    services.review_comment_section(review=review, section=Section.RESOURCES,
                                    comment="Deux postes vacants à l'accueil.",
                                    user=people.quality)
    services.review_compile(review=review, user=people.quality)
    review.refresh_from_db()
    assert review.status == Status.PREPARATION and review.compiled_at
    inputs = {i.section: i for i in review.inputs.all()}
    assert all(i.compiled_at for i in inputs.values())
    assert inputs["a"].snapshot["available"] is True
    assert inputs["c7"].snapshot["available"] is True  # the providers' performance
    assert inputs["d"].snapshot == {"available": True, "manual": True}
    assert inputs["d"].comment == "Deux postes vacants à l'accueil."


def test_comment_on_an_unknown_section_is_refused(review, people):
    with pytest.raises(ValidationError):
        services.review_comment_section(review=review, section="z", comment="x",
                                        user=people.quality)


def test_decision_creates_an_action_linked_to_it(review, people):
    decision = services.review_decide(
        review=review, kind=ReviewDecision.Kind.RESOURCES,
        text="Recruter un agent d'accueil pour les pics du lundi.", owner=people.pilot,
        service=people.pilot.service, due_date=DUE, user=people.quality,
        title="Renfort d'accueil",
    )
    action = Action.objects.for_source(decision).get()
    assert action.kind == Action.Kind.IMPROVEMENT
    assert action.title == "Renfort d'accueil"
    assert action.owner == people.pilot and action.due_date == DUE
    assert action.description == decision.text
    assert action.source == decision


def test_decision_of_a_pilot_is_refused(review, people):
    with pytest.raises(PermissionDenied):
        services.review_decide(review=review, kind="improvement", text="x", owner=people.pilot,
                               service=people.pilot.service, due_date=DUE, user=people.pilot)
    assert not ReviewDecision.objects.exists() and not Action.objects.exists()


def test_validation_needs_compiled_held_review(review, people):
    with pytest.raises(ValidationError) as error:
        services.review_validate(review=review, user=people.quality)
    messages = _messages(error.value)
    assert "Compile the inputs before validating the review." in messages
    assert "Give the date the review was held before validating it." in messages
    review.refresh_from_db()
    assert review.status == Status.DRAFT


def test_validation_of_a_review_held_in_the_future_is_refused(held, people):
    services.review_update(review=held, user=people.quality,
                           held_on=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        services.review_validate(review=held, user=people.quality)
    assert "A review cannot be validated before it is held." in _messages(error.value)


@pytest.mark.parametrize("who", ["pilot", "agent", "director"])
def test_only_the_quality_engineer_validates(held, people, director, who):
    user = director if who == "director" else getattr(people, who)
    with pytest.raises(PermissionDenied):
        services.review_validate(review=held, user=user)


def test_validated_review_is_frozen(held, people):
    decision = services.review_decide(review=held, kind="improvement", text="Simplifier",
                                      owner=people.pilot, service=people.pilot.service,
                                      due_date=DUE, user=people.quality)
    review = services.review_validate(review=held, user=people.quality)
    assert review.status == Status.VALIDATED
    assert review.validated_by == people.quality and review.validated_at
    before = {i.section: i.snapshot for i in review.inputs.all()}
    history = review.history.count()

    # The data changes afterwards: a new improvement action.
    ActionFactory(kind=Action.Kind.IMPROVEMENT)

    attempts = [
        lambda: services.review_compile(review=review, user=people.quality),
        lambda: services.review_comment_section(review=review, section="a", comment="x",
                                                user=people.quality),
        lambda: services.review_decide(review=review, kind="improvement", text="x",
                                       owner=people.pilot, service=people.pilot.service,
                                       due_date=DUE, user=people.quality),
        lambda: services.decision_update(decision=decision, text="changed",
                                         user=people.quality),
        lambda: services.review_update(review=review, minutes="changed", user=people.quality),
        lambda: services.review_validate(review=review, user=people.quality),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert _messages(error.value) == [str(FROZEN_MESSAGE)]

    # Model validation refuses it too (the back office's forms run it).
    stale = ManagementReview.objects.get(pk=review.pk)
    stale.minutes = "changed"
    with pytest.raises(ValidationError):
        stale.full_clean()
    item = ReviewInput.objects.get(review=review, section="f")
    item.comment = "changed"
    with pytest.raises(ValidationError):
        item.full_clean()
    decision.refresh_from_db()
    decision.text = "changed"
    with pytest.raises(ValidationError):
        decision.full_clean()

    review.refresh_from_db()
    assert {i.section: i.snapshot for i in review.inputs.all()} == before
    assert review.minutes == "La revue s'est tenue en présence du maire."
    assert review.history.count() == history
    assert ReviewDecision.objects.get().text == "Simplifier"


def test_history_records_who_changed_what(review, people):
    services.review_comment_section(review=review, section="b", comment="Nouveaux enjeux",
                                    user=people.quality)
    record = ReviewInput.history.filter(section="b").latest("history_date")
    assert record.history_user == people.quality
    assert record.comment == "Nouveaux enjeux"
