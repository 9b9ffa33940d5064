import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import Survey, UserFeedback

from .factories import SurveyFactory, UserFeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def url(model, view, *args):
    return reverse(f"wagtailsnippets_feedback_{model}:{view}", args=args)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_lists_are_scoped_to_the_pilots_services(people, accueil, etat_civil):
    mine = UserFeedbackFactory(service=accueil, subject="Guichet fermé")
    other = UserFeedbackFactory(service=etat_civil, subject="Acte introuvable")
    html = _client(people.pilot).get(url("userfeedback", "list")).content.decode()
    assert "Guichet fermé" in html and "Acte introuvable" not in html
    assert _client(people.pilot).get(url("userfeedback", "edit", other.pk)).status_code in (302, 403)
    assert _client(people.pilot).get(url("userfeedback", "edit", mine.pk)).status_code == 200
    everything = _client(people.quality).get(url("userfeedback", "list")).content.decode()
    assert "Acte introuvable" in everything


def test_admin_create_numbers_the_record_and_validates(people, accueil):
    client = _client(people.pilot)
    data = {"kind": "complaint", "channel": "mail", "service": accueil.pk,
            "subject": "Courrier sans réponse", "description": "",
            "citizen_name": "", "citizen_contact": "",
            "received_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "acknowledged_on": (TODAY - datetime.timedelta(days=5)).isoformat(),
            "answered_on": "", "answer": "", "justified": "unknown"}
    response = client.post(url("userfeedback", "add"), data)
    assert response.status_code == 200 and not UserFeedback.objects.exists()
    data["acknowledged_on"] = ""
    response = client.post(url("userfeedback", "add"), data)
    assert response.status_code == 302, response.context["form"].errors
    record = UserFeedback.objects.get()
    assert record.reference == f"REC-{record.received_on.year}-0001"
    assert record.recorded_by == people.pilot


def test_nothing_is_deleted(people, accueil):
    record = UserFeedbackFactory(service=accueil)
    assert _client(people.quality).get(
        url("userfeedback", "delete", record.pk)).status_code in (302, 403)
    assert UserFeedback.objects.filter(pk=record.pk).exists()


def test_agents_and_readers_stay_out_of_the_back_office(people):
    assert _client(people.agent).get(url("userfeedback", "list")).status_code in (302, 403)


def test_surveys_scoped_and_commitments_for_quality(people, accueil, etat_civil):
    SurveyFactory(service=accueil, title="Enquête accueil")
    SurveyFactory(service=etat_civil, title="Enquête état civil")
    html = _client(people.pilot).get(url("survey", "list")).content.decode()
    assert "Enquête accueil" in html and "Enquête état civil" not in html
    assert _client(people.pilot).get(url("commitment", "add")).status_code in (302, 403)
    assert _client(people.quality).get(url("commitment", "add")).status_code == 200
    assert _client(people.quality).get(url("surveyresponse", "list")).status_code == 200
    assert Survey.objects.count() == 2
