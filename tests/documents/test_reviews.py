"""Periodic review: documents overdue or due within 30 days are listed and their owners
are reminded by e-mail, one message per owner per run."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from documents import services, tasks
from documents.models import ControlledDocumentPage
from tests import factories as f

TODAY = date(2026, 11, 22)


@pytest.fixture
def documents(library, people, accueil, etat_civil):
    """Five published documents: two overdue and one due soon at Accueil, one due soon at
    État civil, one reviewed far ahead."""
    specs = [
        ("PRO-ACC-101", accueil, people.agent, people.pilot, TODAY - timedelta(days=40)),
        ("PRO-ACC-102", accueil, people.agent, people.pilot, TODAY - timedelta(days=1)),
        ("PRO-ACC-103", accueil, people.agent, people.pilot, TODAY + timedelta(days=20)),
        ("PRO-EC-101", etat_civil, people.other_agent, people.other_pilot, TODAY + timedelta(days=30)),
        ("PRO-EC-102", etat_civil, people.other_agent, people.other_pilot, TODAY + timedelta(days=31)),
    ]
    pages = {}
    for reference, service, author, verifier, due in specs:
        page = f.make_document(library, owner_service=service, author=author,
                               reference=reference, title=f"Procédure {reference}")
        f.publish(page, verifier=verifier, approver=people.quality)
        ControlledDocumentPage.objects.filter(pk=page.pk).update(next_review_date=due)
        pages[reference] = page
    return pages


def test_next_review_date_follows_the_review_period(published):
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    approved_on = timezone.localdate(published.approved_at)
    assert published.next_review_date == approved_on + relativedelta(months=24)


def test_due_list(documents):
    due = [d.reference for d in services.documents_due_for_review(today=TODAY)]
    assert due == ["PRO-ACC-101", "PRO-ACC-102", "PRO-ACC-103", "PRO-EC-101"]


def test_one_digest_per_owner(documents, people):
    mail.outbox.clear()
    assert services.review_reminders_send(today=TODAY) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"pilote@mairie.example", "pilote-ec@mairie.example"}
    accueil_mail = by_recipient["pilote@mairie.example"]
    assert "PRO-ACC-101" in accueil_mail.body and "PRO-ACC-103" in accueil_mail.body
    assert "PRO-EC-101" not in accueil_mail.body
    assert "2" in accueil_mail.subject and "1" in accueil_mail.subject


def test_author_is_reminded_when_service_has_no_pilot(library, people):
    lonely = f.ServiceFactory(code="bib", name="Bibliothèque")
    author = f.agent(username="biblio", service=lonely)
    page = f.make_document(library, owner_service=lonely, author=author, reference="PRO-BIB-1")
    f.publish(page, verifier=people.quality, approver=people.quality2)
    ControlledDocumentPage.objects.filter(pk=page.pk).update(next_review_date=TODAY)
    mail.outbox.clear()
    services.review_reminders_send(today=TODAY)
    assert [m.to for m in mail.outbox] == [["biblio@mairie.example"]]


def test_celery_task_runs_eagerly(documents):
    mail.outbox.clear()
    sent = tasks.send_review_reminders.delay().get()
    assert sent == len(mail.outbox) >= 1


def test_review_list_page(client, documents, people):
    client.force_login(people.quality)
    html = client.get(reverse("documents:review_list")).content.decode()
    assert "PRO-ACC-101" in html and "PRO-EC-101" in html
    client.force_login(people.pilot)
    html = client.get(reverse("documents:review_list")).content.decode()
    assert "PRO-ACC-101" in html and "PRO-EC-101" not in html
    client.force_login(people.agent)
    assert client.get(reverse("documents:review_list")).status_code == 403


def test_beat_schedule_declares_the_tasks(settings):
    tasks_scheduled = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"documents.tasks.send_review_reminders", "documents.tasks.publish_scheduled"} <= tasks_scheduled
