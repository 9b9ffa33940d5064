import datetime

import pytest
from django.utils import timezone

from compliance import tasks
from compliance.todo import evaluations_due
from tests import factories as f
from tests.compliance import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def due_texts(people, accueil):
    late = cf.RegulationFactory(owner=people.pilot, title="Texte en retard",
                                next_evaluation_due=TODAY - datetime.timedelta(days=12))
    soon = cf.RegulationFactory(owner=people.pilot, title="Texte bientôt",
                                next_evaluation_due=TODAY + datetime.timedelta(days=20))
    cf.RegulationFactory(owner=people.pilot, title="Texte plus tard",
                         next_evaluation_due=TODAY + datetime.timedelta(days=90))
    other = cf.RegulationFactory(owner=people.other_pilot, title="Autre texte")  # never done
    cf.RegulationFactory(owner=people.other_pilot, title="Archivé", is_active=False,
                         next_evaluation_due=TODAY - datetime.timedelta(days=1))
    cf.RegulationFactory(owner=None, title="Sans responsable",
                         next_evaluation_due=TODAY - datetime.timedelta(days=1))
    return late, soon, other


def test_one_email_per_owner(due_texts, people, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://qualite.mairie.example"
    result = tasks.send_evaluation_reminders.delay().get()
    assert result == {"messages": 2, "regulations": 4, "unassigned": 1}
    assert len(mailoutbox) == 2
    by_to = {m.to[0]: m for m in mailoutbox}
    pilot_mail = by_to[people.pilot.email]
    assert "2" in pilot_mail.subject
    assert "Texte en retard" in pilot_mail.body and "Texte bientôt" in pilot_mail.body
    assert "Texte plus tard" not in pilot_mail.body
    assert "https://qualite.mairie.example/conformite/textes/" in pilot_mail.body
    assert "12" in pilot_mail.body  # days late
    assert "Autre texte" in by_to[people.other_pilot.email].body


def test_owner_without_email_skipped(people, mailoutbox):
    owner = f.pilot(username="sansmail", email="")
    cf.RegulationFactory(owner=owner, next_evaluation_due=TODAY)
    assert tasks.send_evaluation_reminders() == {"messages": 0, "regulations": 1,
                                                 "unassigned": 1}
    assert mailoutbox == []


def test_todo_for_owner(due_texts, people):
    items = evaluations_due(people.pilot)
    assert [i.title.split(" — ")[1] for i in items] == ["Texte en retard", "Texte bientôt"]
    assert items[0].is_overdue and not items[1].is_overdue
    assert evaluations_due(people.agent) == []
