import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from feedback.models import Commitment, UserFeedback
from tests.indicators.factories import IndicatorFactory, target

from .factories import CommitmentFactory, UserFeedbackFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_ages_and_overdue_by_service(people, accueil, etat_civil):
    late = UserFeedbackFactory(service=accueil, subject="Dossier perdu",
                               received_on=TODAY - datetime.timedelta(days=20))
    UserFeedbackFactory(service=etat_civil, subject="Acte en retard")
    response = _client(people.agent).get(reverse("feedback:feedback_list"))
    html = response.content.decode()
    assert "Dossier perdu" in html and "Acte en retard" not in html
    row = next(r for r in response.context["records"] if r.pk == late.pk)
    assert row.age == 20 and row.overdue
    assert response.context["overdue_count"] == 1
    everything = _client(people.quality).get(reverse("feedback:feedback_list")).content.decode()
    assert "Acte en retard" in everything
    overdue_only = _client(people.quality).get(reverse("feedback:feedback_list"),
                                               {"overdue": "on"})
    assert [r.pk for r in overdue_only.context["records"]] == [late.pk]


def test_list_queries_constant(people, accueil, django_assert_max_num_queries):
    client = _client(people.quality)
    url = reverse("feedback:feedback_list")
    UserFeedbackFactory(service=accueil)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    UserFeedbackFactory.create_batch(40, service=accueil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["count"] == 41


def test_detail_permissions(people, accueil):
    record = UserFeedbackFactory(service=accueil)
    url = reverse("feedback:feedback_detail", args=[record.pk])
    assert _client(people.agent).get(url).status_code == 200
    assert _client(people.other_pilot).get(url).status_code == 403
    assert _client(people.other_agent).get(url).status_code == 403
    assert _client(people.quality).get(url).status_code == 200
    assert Client().get(url).status_code == 302


def test_agent_records_through_the_form(people, accueil):
    client = _client(people.agent)
    url = reverse("feedback:feedback_create")
    form = client.get(url)
    assert "justified" not in form.context["form"].fields
    response = client.post(url, {
        "kind": "complaint", "channel": "phone", "service": accueil.pk,
        "subject": "Horaires non respectés", "received_on": TODAY.isoformat(),
        "acknowledged_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
    })
    assert response.status_code == 200
    assert "acknowledged_on" in response.context["form"].errors
    assert not UserFeedback.objects.exists()
    assert response.context["form"]["subject"].value() == "Horaires non respectés"
    response = client.post(url, {
        "kind": "complaint", "channel": "phone", "service": accueil.pk,
        "subject": "Horaires non respectés", "received_on": TODAY.isoformat(),
    })
    record = UserFeedback.objects.get()
    assert response.status_code == 302 and record.recorded_by == people.agent


def test_pilot_answers_and_judges(people, accueil):
    record = UserFeedbackFactory(service=accueil, received_on=TODAY - datetime.timedelta(days=4))
    client = _client(people.pilot)
    url = reverse("feedback:feedback_edit", args=[record.pk])
    response = client.post(url, {
        "kind": "complaint", "channel": "desk", "service": accueil.pk,
        "subject": record.subject, "received_on": record.received_on.isoformat(),
        "answered_on": TODAY.isoformat(), "answer": "Nous avons corrigé.",
        "justified": "yes",
    })
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.justified == "yes" and record.processing_days == 4
    assert _client(people.other_pilot).get(url).status_code == 403


def test_public_commitments_page(people, accueil):
    indicator = IndicatorFactory(service=accueil, code="ENG-01", title="Délai de réponse",
                                 unit="jours", direction="lower", owner=people.pilot)
    target(indicator, TODAY.year, Decimal("15"))
    from indicators.models import Measurement

    Measurement.objects.create(indicator=indicator, period=f"{TODAY.year}-01",
                               period_start=datetime.date(TODAY.year, 1, 1), value=12,
                               origin="manual", entered_by=people.pilot)
    published = CommitmentFactory(title="Répondre sous 15 jours")
    published.indicators.add(indicator)
    published.services.add(accueil)
    CommitmentFactory(title="Engagement en préparation", is_published=False)
    response = Client().get(reverse("feedback:public_commitments"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Répondre sous 15 jours" in html and "Engagement en préparation" not in html
    assert "Délai de réponse" in html and "12" in html and "15" in html
    row = response.context["commitments"][0].results[0]
    assert row.met is True
    for secret in (people.pilot.last_name, people.pilot.username, "/admin/", "ENG-01",
                   "Back office", "Log out"):
        assert secret not in html, secret


def test_public_commitments_queries_constant(accueil, django_assert_max_num_queries):
    for _n in range(6):
        commitment = CommitmentFactory()
        for _i in range(2):
            commitment.indicators.add(IndicatorFactory(service=accueil))
    with django_assert_max_num_queries(8):
        Client().get(reverse("feedback:public_commitments"))


def test_commitment_register_for_staff(people):
    CommitmentFactory(title="Accueil courtois", is_published=False)
    html = _client(people.agent).get(reverse("feedback:commitment_register")).content.decode()
    assert "Accueil courtois" in html
    assert Commitment.objects.count() == 1


def test_todo_lists_unanswered_records_of_the_service(people, accueil, etat_civil):
    from feedback.todo import unanswered_feedback

    late = UserFeedbackFactory(service=accueil, received_on=TODAY - datetime.timedelta(days=20))
    UserFeedbackFactory(service=etat_civil)
    items = unanswered_feedback(people.agent)
    assert [i.title.split(" — ")[0] for i in items] == [late.reference]
    assert items[0].is_overdue
    assert unanswered_feedback(people.quality) == []
