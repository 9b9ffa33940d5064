import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from actions.models import Action
from providers import services
from providers.models import Evaluation, EvaluationScore, Provider
from tests.providers.conftest import all_scores

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_new_provider_is_due_one_interval_after_its_contract_starts(cleaning):
    assert cleaning.next_evaluation_due == datetime.date(2025, 1, 1)
    # the creation, then its services (kept in the history too)
    assert cleaning.history.count() == 2
    assert [s.service_id for s in cleaning.history.first().services.all()] == [
        cleaning.services.get().pk]


def test_provider_needs_a_service(people):
    with pytest.raises(ValidationError) as error:
        services.provider_create(name="X", kind=Provider.Kind.OTHER, services=[],
                                 user=people.quality)
    assert error.value.message_dict["services"] == [
        gettext("Name at least one service concerned.")]


def test_pilot_registers_only_for_their_services(people, accueil, etat_civil):
    services.provider_create(name="A", kind=Provider.Kind.OTHER, services=[accueil],
                             user=people.pilot, check_permission=True)
    with pytest.raises(PermissionDenied):
        services.provider_create(name="B", kind=Provider.Kind.OTHER, services=[etat_civil],
                                 user=people.pilot, check_permission=True)
    assert not Provider.objects.filter(name="B").exists()


def test_evaluation_weighted_score_and_next_due(cleaning, criteria, people):
    # Weights 3, 2, 3, 2, 2, 1 (total 13): marks 4, 4, 2, 3, 3, 1
    marks = [4, 4, 2, 3, 3, 1]
    on = TODAY - datetime.timedelta(days=10)
    evaluation = services.evaluation_record(
        provider=cleaning, evaluator=people.pilot, evaluated_on=on,
        conclusion=Evaluation.Conclusion.APPROVED, user=people.pilot, check_permission=True,
        scores=[{"criterion": c, "score": m} for c, m in zip(criteria, marks, strict=True)])
    expected = round(100 * (4 * 3 + 4 * 2 + 2 * 3 + 3 * 2 + 3 * 2 + 1 * 1) / (4 * 13), 1)
    assert float(evaluation.score) == expected == 75.0
    cleaning.refresh_from_db()
    assert cleaning.last_evaluated_on == on
    assert evaluation.next_due == cleaning.next_evaluation_due == datetime.date(
        on.year + 1, on.month, on.day)
    assert evaluation.scores.count() == 6
    assert evaluation.history.get().history_user == people.pilot
    assert cleaning.history.first().history_change_reason == gettext("Provider evaluation")


def test_a_missing_and_a_bad_score_write_nothing_and_are_named(cleaning, criteria, people):
    scores = all_scores(criteria)
    scores[1]["score"] = ""  # missing
    scores[3]["score"] = 7  # out of range
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            provider=cleaning, evaluator=people.pilot, evaluated_on=TODAY,
            conclusion=Evaluation.Conclusion.WATCH, scores=scores, user=people.pilot)
    messages = error.value.messages
    assert gettext("%(criterion)s: give a score.") % {"criterion": criteria[1].name} in messages
    assert (gettext("%(criterion)s: choose a score of 1 to 4.")
            % {"criterion": criteria[3].name}) in messages
    assert gettext("Say why the provider is not simply approved.") in messages
    assert not Evaluation.objects.exists() and not EvaluationScore.objects.exists()
    cleaning.refresh_from_db()
    assert cleaning.last_evaluated_on is None


def test_future_date_and_twice_a_day_are_refused(cleaning, criteria, people):
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(
            provider=cleaning, evaluator=people.pilot, conclusion="approved",
            evaluated_on=TODAY + datetime.timedelta(days=1), scores=all_scores(criteria))
    assert gettext("An evaluation cannot be dated in the future.") in error.value.messages
    services.evaluation_record(provider=cleaning, evaluator=people.pilot, evaluated_on=TODAY,
                               conclusion="approved", scores=all_scores(criteria))
    with pytest.raises(ValidationError) as error:
        services.evaluation_record(provider=cleaning, evaluator=people.pilot,
                                   evaluated_on=TODAY, conclusion="approved",
                                   scores=all_scores(criteria))
    assert (gettext("This provider already has an evaluation on this date.")
            in error.value.messages)
    assert Evaluation.objects.count() == 1


def test_an_older_evaluation_does_not_move_the_cycle(cleaning, criteria, people):
    services.evaluation_record(provider=cleaning, evaluator=people.pilot, evaluated_on=TODAY,
                               conclusion="approved", scores=all_scores(criteria))
    services.evaluation_record(provider=cleaning, evaluator=people.pilot,
                               evaluated_on=TODAY - datetime.timedelta(days=400),
                               conclusion="approved", scores=all_scores(criteria))
    cleaning.refresh_from_db()
    assert cleaning.last_evaluated_on == TODAY


def test_other_pilot_cannot_evaluate(cleaning, criteria, people):
    with pytest.raises(PermissionDenied):
        services.evaluation_record(provider=cleaning, evaluator=people.other_pilot,
                                   evaluated_on=TODAY, conclusion="approved",
                                   scores=all_scores(criteria), user=people.other_pilot,
                                   check_permission=True)


def test_interval_change_moves_the_due_date(cleaning, criteria, people):
    services.evaluation_record(provider=cleaning, evaluator=people.pilot,
                               evaluated_on=datetime.date(2025, 3, 10), conclusion="approved",
                               scores=all_scores(criteria))
    services.provider_update(provider=cleaning, evaluation_interval_months=6,
                             user=people.pilot, check_permission=True, reason="Contrat sensible")
    cleaning.refresh_from_db()
    assert cleaning.next_evaluation_due == datetime.date(2025, 9, 10)
    assert cleaning.history.first().history_change_reason == "Contrat sensible"


def test_action_proposed_once_for_a_provider_to_replace(cleaning, criteria, people, accueil):
    evaluation = services.evaluation_record(
        provider=cleaning, evaluator=people.pilot, evaluated_on=TODAY, conclusion="replace",
        comment="Manquements répétés.", scores=all_scores(criteria, 1))
    assert float(evaluation.score) == 25.0
    action = services.evaluation_action_propose(evaluation=evaluation, user=people.pilot,
                                                check_permission=True)
    assert action.kind == Action.Kind.CORRECTIVE and action.service == accueil
    assert action.owner == people.pilot and "Propreté Services" in action.title
    assert services.evaluation_action_propose(evaluation=evaluation, user=people.pilot) == action
    assert Action.objects.for_source(evaluation).count() == 1


def test_no_action_for_an_approved_provider(cleaning, criteria, people):
    evaluation = services.evaluation_record(
        provider=cleaning, evaluator=people.pilot, evaluated_on=TODAY, conclusion="approved",
        scores=all_scores(criteria))
    with pytest.raises(ValidationError):
        services.evaluation_action_propose(evaluation=evaluation, user=people.pilot)
