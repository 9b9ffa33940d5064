"""Validation of the competence records: clear French messages on the field concerned,
nothing written; every change kept in the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from competence import services
from competence.models import RoleAssignment, Training
from tests.competence import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _training(people, **fields):
    values = {"agent": people.agent, "title": "Accueil difficile", "date": cf.days_ago(10),
              "hours": Decimal("7"), "status": Training.Status.DONE}
    values.update(fields)
    return services.training_create(user=people.pilot, check_permission=True, **values)


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-2")])
def test_hours_must_be_positive(people, hours):
    with pytest.raises(ValidationError) as excinfo:
        _training(people, hours=hours)
    assert _errors(excinfo)["hours"] == [
        gettext("The number of hours must be greater than zero.")]
    assert not Training.objects.exists()


def test_end_before_start_is_refused(people):
    with pytest.raises(ValidationError) as excinfo:
        _training(people, end_date=cf.days_ago(12))
    assert _errors(excinfo)["end_date"] == [gettext("The training cannot end before it starts.")]
    assert not Training.objects.exists()


def test_a_future_training_cannot_be_done(people):
    with pytest.raises(ValidationError) as excinfo:
        _training(people, date=TODAY() + datetime.timedelta(days=3))
    assert _errors(excinfo)["status"] == [
        gettext("A training that has not started yet cannot be marked as done.")]


def test_effectiveness_needs_a_comment(people):
    training = _training(people)
    with pytest.raises(ValidationError) as excinfo:
        services.training_evaluate(training=training, result=Training.Result.EFFECTIVE,
                                   comment="  ", user=people.pilot, check_permission=True)
    assert _errors(excinfo)["effectiveness_comment"] == [
        gettext("Explain the effectiveness evaluation in a comment.")]
    training.refresh_from_db()
    assert training.effectiveness_result == Training.Result.PENDING


def test_effectiveness_cannot_precede_the_training(people):
    training = _training(people, date=cf.days_ago(10), end_date=cf.days_ago(8))
    with pytest.raises(ValidationError) as excinfo:
        services.training_evaluate(training=training, result=Training.Result.EFFECTIVE,
                                   comment="Mis en pratique", evaluated_on=cf.days_ago(9),
                                   user=people.pilot)
    assert _errors(excinfo)["evaluated_on"] == [
        gettext("The effectiveness cannot be evaluated before the end of the training.")]


def test_a_planned_training_cannot_be_evaluated(people):
    training = _training(people, status=Training.Status.PLANNED,
                         date=TODAY() + datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as excinfo:
        services.training_evaluate(training=training, result=Training.Result.PARTLY,
                                   comment="?", evaluated_on=TODAY(), user=people.pilot)
    assert gettext("Only a training that took place can have its effectiveness evaluated.") in (
        _errors(excinfo)["effectiveness_result"])


def test_certificate_must_be_a_pdf_or_an_image(people):
    bad = SimpleUploadedFile("attestation.exe", b"MZ...", content_type="application/x-msdos")
    with pytest.raises(ValidationError) as excinfo:
        _training(people, certificate=bad)
    assert "certificate" in _errors(excinfo)
    assert not Training.objects.exists()
    good = SimpleUploadedFile("attestation.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    assert _training(people, certificate=good).certificate.name.endswith(".pdf")


def test_role_cannot_end_before_it_starts(people):
    role = cf.JobRoleFactory(service=people.agent.service)
    with pytest.raises(ValidationError) as excinfo:
        services.role_assign(agent=people.agent, role=role, since=cf.days_ago(5),
                             until=cf.days_ago(10), user=people.pilot)
    assert _errors(excinfo)["until"] == [gettext("A role cannot end before it starts.")]
    assert not RoleAssignment.objects.exists()


def test_evaluation_is_recorded_and_history_kept(people, skills):
    training = _training(people, competences=[skills.welcome])
    services.training_update(training=training, hours=Decimal("10.5"), user=people.pilot,
                             reason="Durée corrigée", check_permission=True)
    services.training_evaluate(training=training, result=Training.Result.EFFECTIVE,
                               comment="Usagers mieux orientés", user=people.pilot)
    training.refresh_from_db()
    assert training.evaluated_on == TODAY() and training.evaluated_by == people.pilot
    history = list(training.history.order_by("history_date", "history_id"))
    assert history[0].hours == Decimal("7")
    assert history[0].effectiveness_result == Training.Result.PENDING
    corrected = [h for h in history if h.history_change_reason == "Durée corrigée"]
    assert len(corrected) == 1 and corrected[0].hours == Decimal("10.5")
    assert history[-1].effectiveness_result == Training.Result.EFFECTIVE
    assert history[-1].history_user == people.pilot


def test_assessment_cannot_be_in_the_future(people, skills):
    with pytest.raises(ValidationError) as excinfo:
        services.assessment_record(agent=people.agent, competence=skills.welcome, level=2,
                                   assessed_on=TODAY() + datetime.timedelta(days=1),
                                   user=people.pilot)
    assert _errors(excinfo)["assessed_on"] == [
        gettext("An assessment cannot be dated in the future.")]
