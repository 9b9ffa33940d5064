"""The rules of actions.services: references, sources, permissions, status consistency,
the effectiveness check of corrective actions, cancellation and reopening with reasons,
and the history they leave."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions import services
from actions.models import Action
from tests.processes.factories import RiskFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def make(people, accueil, **kwargs):
    data = {"title": "Refaire l'affichage", "kind": Action.Kind.IMPROVEMENT,
            "owner": people.agent, "service": accueil, "due_date": days(30),
            "user": people.pilot}
    data.update(kwargs)
    return services.action_create(**data)


def messages_of(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms] if hasattr(
        error, "error_dict") else error.messages


def test_references_follow_each_other_in_the_year(people, accueil):
    first, second = make(people, accueil), make(people, accueil)
    year = TODAY.year
    assert (first.reference, second.reference) == (f"ACT-{year}-0001", f"ACT-{year}-0002")
    assert first.created_by == people.pilot
    record = first.history.get()
    assert record.history_user == people.pilot and record.history_change_reason == "Création"


def test_an_action_attached_to_a_source(people, accueil):
    risk = RiskFactory(sheet__process__service=accueil)
    action = make(people, accueil, source=risk, kind=Action.Kind.RISK_TREATMENT)
    assert action.source == risk
    assert action.source_label == f"{str(risk._meta.verbose_name).capitalize()} {risk}"
    assert list(Action.objects.for_source(risk)) == [action]


def test_an_unsaved_source_is_refused(people, accueil):
    with pytest.raises(ValueError):
        make(people, accueil, source=RiskFactory.build())


def test_unknown_fields_are_refused(people, accueil):
    with pytest.raises(TypeError):
        make(people, accueil, reference="ACT-1")


@pytest.mark.parametrize("who, allowed", [
    ("pilot", True), ("quality", True), ("agent", False), ("other_pilot", False)])
def test_who_may_create_with_the_permission_check(people, accueil, who, allowed):
    user = getattr(people, who)
    if allowed:
        assert make(people, accueil, user=user, check_permission=True).pk
    else:
        with pytest.raises(PermissionDenied):
            make(people, accueil, user=user, check_permission=True)
        assert not Action.objects.exists()


def test_status_progress_and_completion_stay_consistent(people, accueil):
    action = make(people, accueil)
    services.action_update(action=action, user=people.agent, progress=20)
    assert action.status == Action.Status.IN_PROGRESS  # progress moves a planned action on
    services.action_close(action=action, user=people.agent)
    action.refresh_from_db()
    assert (action.status, action.progress, action.completed_at) == (
        Action.Status.DONE, 100, TODAY)


@pytest.mark.parametrize("who", ["agent2", "other_pilot", "other_agent"])
def test_who_may_not_change_an_action(people, accueil, who):
    action = make(people, accueil)
    user = getattr(people, who)
    for call in (
        lambda: services.action_update(action=action, user=user, progress=10),
        lambda: services.action_close(action=action, user=user),
        lambda: services.action_cancel(action=action, user=user, reason="x"),
        lambda: services.action_record_effectiveness(action=action, user=user,
                                                     verdict="effective", evidence="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    action.refresh_from_db()
    assert action.status == Action.Status.PLANNED and action.progress == 0


def test_a_pilot_may_not_move_an_action_out_of_their_services(people, accueil, etat_civil):
    action = make(people, accueil)
    with pytest.raises(PermissionDenied):
        services.action_update(action=action, user=people.pilot, service=etat_civil)
    action.refresh_from_db()
    assert action.service == accueil


def test_the_due_date_cannot_precede_the_start(people, accueil):
    with pytest.raises(ValidationError) as error:
        make(people, accueil, start_date=days(10), due_date=days(5))
    assert "due_date" in error.value.message_dict
    action = make(people, accueil, start_date=days(1))
    with pytest.raises(ValidationError):
        services.action_update(action=action, user=people.pilot, due_date=days(-1))
    action.refresh_from_db()
    assert action.due_date == days(30)


def test_a_corrective_action_closes_only_once_found_effective(people, accueil):
    action = make(people, accueil, kind=Action.Kind.CORRECTIVE)
    with pytest.raises(ValidationError) as error:
        services.action_close(action=Action.objects.get(pk=action.pk), user=people.pilot)
    assert "status" in error.value.message_dict
    services.action_record_effectiveness(action=action, user=people.pilot,
                                         verdict="not_effective", evidence="Toujours 20 j")
    with pytest.raises(ValidationError):
        services.action_close(action=Action.objects.get(pk=action.pk), user=people.pilot)
    services.action_record_effectiveness(action=Action.objects.get(pk=action.pk),
                                         user=people.pilot, verdict="effective",
                                         evidence="7 jours sur 3 mois", checked_at=days(-1))
    closed = services.action_close(action=Action.objects.get(pk=action.pk), user=people.pilot)
    assert closed.status == Action.Status.DONE
    assert closed.effectiveness_checked_at == days(-1)
    assert closed.effectiveness_checked_by == people.pilot


def test_an_effectiveness_check_is_not_dated_in_the_future(people, accueil):
    action = make(people, accueil, kind=Action.Kind.CORRECTIVE)
    with pytest.raises(ValidationError) as error:
        services.action_record_effectiveness(action=action, user=people.pilot,
                                             verdict="effective", evidence="x",
                                             checked_at=days(2))
    assert "effectiveness_checked_at" in error.value.message_dict
    assert not Action.objects.get(pk=action.pk).effectiveness_verdict


def test_cancelling_needs_a_reason(people, accueil):
    action = make(people, accueil)
    with pytest.raises(ValidationError) as error:
        services.action_cancel(action=action, user=people.pilot, reason="  ")
    assert "cancellation_reason" in error.value.message_dict
    assert Action.objects.get(pk=action.pk).status == Action.Status.PLANNED
    action = Action.objects.get(pk=action.pk)
    services.action_cancel(action=action, user=people.pilot, reason="Doublon")
    assert Action.objects.get(pk=action.pk).cancellation_reason == "Doublon"
    with pytest.raises(ValidationError):
        services.action_close(action=action, user=people.pilot)


def test_a_done_action_is_not_cancelled_and_a_closed_one_not_changed(people, accueil):
    action = make(people, accueil)
    services.action_close(action=action, user=people.pilot)
    with pytest.raises(ValidationError):
        services.action_cancel(action=action, user=people.pilot, reason="Trop tard")
    with pytest.raises(ValidationError):
        services.action_update(action=Action.objects.get(pk=action.pk), user=people.pilot,
                               title="Autre titre")
    with pytest.raises(ValidationError):
        services.action_update(action=Action.objects.get(pk=action.pk), user=people.pilot,
                               status=Action.Status.CANCELLED)


def test_reopening_needs_a_reason(people, accueil):
    action = make(people, accueil)
    services.action_close(action=action, user=people.pilot)
    with pytest.raises(ValidationError):
        services.action_reopen(action=action, user=people.pilot, reason=" ")
    action = Action.objects.get(pk=action.pk)
    services.action_reopen(action=action, user=people.pilot, reason="Non efficace")
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS and action.progress == 90
    assert action.completed_at is None


def test_every_step_is_in_the_history(people, accueil):
    action = make(people, accueil, kind=Action.Kind.CORRECTIVE)
    services.action_update(action=action, user=people.agent, progress=50, reason="Point")
    services.action_record_effectiveness(action=action, user=people.pilot,
                                         verdict="effective", evidence="Mesure")
    services.action_close(action=action, user=people.pilot)
    services.action_reopen(action=action, user=people.quality, reason="Rechute")
    reasons = list(action.history.order_by("history_date", "history_id")
                   .values_list("history_change_reason", "history_user__username"))
    assert reasons == [
        ("Création", "pilote"), ("Point", "agent"),
        ("Vérification de l'efficacité", "pilote"), ("Clôture", "pilote"),
        ("Réouverture : Rechute", "qualite"),
    ]
