import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feedback import services
from feedback.models import UserFeedback

from .factories import UserFeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _create(user, service, **kw):
    fields = dict(kind=UserFeedback.Kind.COMPLAINT, channel=UserFeedback.Channel.DESK,
                  service=service, subject="Attente au guichet", user=user)
    fields.update(kw)
    return services.feedback_create(**fields)


def test_agent_records_a_complaint_of_their_service(people, accueil):
    record = _create(people.agent, accueil, received_on=TODAY - datetime.timedelta(days=2),
                     citizen_name="  Mme Martin ")
    assert record.reference == f"REC-{record.received_on.year}-0001"
    assert record.recorded_by == people.agent
    assert record.citizen_name == "Mme Martin"
    assert record.status == UserFeedback.Status.RECEIVED
    assert record.history.first().history_user == people.agent
    second = _create(people.agent, accueil, kind=UserFeedback.Kind.REQUEST)
    assert second.reference.startswith("DEM-")


def test_agent_cannot_record_for_another_service(people, etat_civil):
    with pytest.raises(PermissionDenied):
        _create(people.agent, etat_civil)
    assert not UserFeedback.objects.exists()


@pytest.mark.parametrize("who", ["direction_like_auditor", "anonymous"])
def test_readers_cannot_record(people, accueil, who):
    from django.contrib.auth.models import AnonymousUser

    from qms import roles
    from tests import factories as f

    user = (f.UserFactory(role=roles.AUDITOR, service=accueil) if who != "anonymous"
            else AnonymousUser())
    with pytest.raises(PermissionDenied):
        _create(user, accueil)


def test_dates_are_checked_with_french_msgids(people, accueil):
    with pytest.raises(ValidationError) as error:
        _create(people.agent, accueil, received_on=TODAY - datetime.timedelta(days=5),
                acknowledged_on=TODAY - datetime.timedelta(days=6),
                answered_on=TODAY - datetime.timedelta(days=7), answer="Réponse")
    assert "acknowledged_on" in error.value.message_dict
    assert "answered_on" in error.value.message_dict
    assert not UserFeedback.objects.exists()


def test_answer_text_required_when_answered_and_future_refused(people, accueil):
    with pytest.raises(ValidationError) as error:
        _create(people.agent, accueil, answered_on=TODAY)
    assert "answer" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(people.agent, accueil, received_on=TODAY + datetime.timedelta(days=1))
    assert "received_on" in error.value.message_dict


def test_status_processing_time_and_overdue(people, accueil):
    record = _create(people.agent, accueil, received_on=TODAY - datetime.timedelta(days=20))
    assert record.is_overdue() and record.processing_days is None
    assert UserFeedback.objects.overdue().count() == 1
    services.feedback_update(feedback=record, user=people.agent,
                             acknowledged_on=TODAY - datetime.timedelta(days=19))
    assert record.status == UserFeedback.Status.ACKNOWLEDGED
    services.feedback_update(feedback=record, user=people.agent,
                             answered_on=TODAY - datetime.timedelta(days=8),
                             answer="Nous avons renforcé l'accueil.")
    assert record.status == UserFeedback.Status.ANSWERED
    assert record.processing_days == 12
    assert not record.is_overdue()
    assert UserFeedback.objects.overdue().count() == 0
    assert record.history.count() == 3


def test_only_pilot_or_quality_judges_a_complaint(people, accueil):
    record = _create(people.agent, accueil)
    with pytest.raises(PermissionDenied):
        services.feedback_update(feedback=record, user=people.agent,
                                 justified=UserFeedback.Justified.YES)
    record.refresh_from_db()
    assert record.justified == UserFeedback.Justified.UNKNOWN
    with pytest.raises(PermissionDenied):
        services.feedback_update(feedback=record, user=people.other_pilot,
                                 justified=UserFeedback.Justified.YES)
    services.feedback_update(feedback=record, user=people.pilot,
                             justified=UserFeedback.Justified.YES)
    services.feedback_update(feedback=record, user=people.quality,
                             justified=UserFeedback.Justified.NO)


def test_a_request_is_never_judged(people, accueil):
    with pytest.raises(ValidationError) as error:
        _create(people.pilot, accueil, kind=UserFeedback.Kind.REQUEST,
                justified=UserFeedback.Justified.YES)
    assert "justified" in error.value.message_dict


def test_agent_cannot_move_a_record_to_another_service(people, accueil, etat_civil):
    record = _create(people.agent, accueil)
    with pytest.raises(PermissionDenied):
        services.feedback_update(feedback=record, user=people.agent, service=etat_civil)


def test_nonconformity_from_a_request_or_by_an_agent_refused(people, accueil):
    request = UserFeedbackFactory(service=accueil, kind=UserFeedback.Kind.REQUEST)
    with pytest.raises(ValidationError):
        services.feedback_open_nonconformity(feedback=request, user=people.pilot)
    complaint = UserFeedbackFactory(service=accueil)
    with pytest.raises(PermissionDenied):
        services.feedback_open_nonconformity(feedback=complaint, user=people.agent)


@pytest.mark.skipif(not services.nonconformity_available(),
                    reason="audits.services.nonconformity_create not there yet")
def test_pilot_opens_a_nonconformity_from_a_complaint(people, accueil):
    complaint = UserFeedbackFactory(service=accueil, subject="Erreur sur un acte délivré",
                                    description="Nom mal orthographié.")
    nc = services.feedback_open_nonconformity(feedback=complaint, user=people.pilot)
    assert nc.service == accueil and nc.source_kind == "complaint"
    assert services.nonconformities_of(complaint) == [nc]
    with pytest.raises(ValidationError):
        services.feedback_open_nonconformity(feedback=complaint, user=people.pilot)


@pytest.mark.skipif(not services.nonconformity_available(),
                    reason="audits.services.nonconformity_create not there yet")
def test_open_nonconformity_button(people, accueil):
    from django.test import Client
    from django.urls import reverse

    complaint = UserFeedbackFactory(service=accueil)
    client = Client()
    client.force_login(people.pilot)
    page = client.get(reverse("feedback:feedback_detail", args=[complaint.pk]))
    assert reverse("feedback:feedback_open_nonconformity", args=[complaint.pk]) in (
        page.content.decode())
    response = client.post(reverse("feedback:feedback_open_nonconformity", args=[complaint.pk]))
    assert response.status_code == 302
    assert len(services.nonconformities_of(complaint)) == 1
    agent = Client()
    agent.force_login(people.agent)
    assert agent.post(reverse("feedback:feedback_open_nonconformity",
                              args=[complaint.pk])).status_code == 403


def test_citizen_data_erased_after_the_retention_period(accueil):
    old = UserFeedbackFactory(service=accueil, citizen_name="M. Durand",
                              citizen_contact="durand@example.org",
                              received_on=TODAY - datetime.timedelta(days=400),
                              answered_on=TODAY - datetime.timedelta(days=390), answer="Fait.")
    recent = UserFeedbackFactory(service=accueil, citizen_name="Mme Petit",
                                 received_on=TODAY - datetime.timedelta(days=20),
                                 answered_on=TODAY - datetime.timedelta(days=10), answer="Fait.")
    assert services.feedback_erase_citizen_data() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.citizen_name, old.citizen_contact) == ("", "")
    assert old.subject and old.answered_on
    assert not old.history.exclude(citizen_name="").exists()
    assert recent.citizen_name == "Mme Petit"
    assert services.feedback_erase_citizen_data() == 0
