import datetime

import pytest
from django.core import mail
from django.utils import timezone

from providers import reminders, tasks
from providers.todo import evaluations_due
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_reminders_go_to_the_pilots_of_the_services(people, accueil, etat_civil,
                                                    django_assert_max_num_queries):
    late = ProviderFactory(name="En retard", services=[accueil],
                           next_evaluation_due=TODAY - datetime.timedelta(days=3))
    ProviderFactory(name="Bientôt", services=[accueil, etat_civil],
                    next_evaluation_due=TODAY + datetime.timedelta(days=20))
    ProviderFactory(name="Plus tard", services=[accueil],
                    next_evaluation_due=TODAY + datetime.timedelta(days=90))
    ProviderFactory(name="Archivé", services=[accueil], is_active=False,
                    next_evaluation_due=TODAY - datetime.timedelta(days=90))
    with django_assert_max_num_queries(6):
        result = reminders.evaluation_reminders_send(today=TODAY)
    assert result == {"messages": 2, "providers": 2, "unassigned": 0}
    by_to = {m.to[0]: m for m in mail.outbox}
    pilot_mail = by_to[people.pilot.email]
    assert "En retard" in pilot_mail.body and "Bientôt" in pilot_mail.body
    assert "Plus tard" not in pilot_mail.body and "Archivé" not in pilot_mail.body
    assert f"/prestataires/{late.pk}/evaluer/" in pilot_mail.body
    assert "En retard" not in by_to[people.other_pilot.email].body


def test_task_wraps_the_reminders(people, accueil):
    ProviderFactory(services=[accueil], next_evaluation_due=TODAY)
    assert tasks.send_evaluation_reminders.delay().get()["messages"] == 1


def test_todo_lists_the_pilots_due_providers(people, accueil, etat_civil,
                                             django_assert_max_num_queries):
    mine = ProviderFactory(name="À évaluer", services=[accueil],
                           next_evaluation_due=TODAY - datetime.timedelta(days=1))
    ProviderFactory(services=[etat_civil], next_evaluation_due=TODAY)
    ProviderFactory(services=[accueil], next_evaluation_due=TODAY + datetime.timedelta(days=99))
    with django_assert_max_num_queries(5):
        items = evaluations_due(people.pilot)
    assert [i.title for i in items] == ["À évaluer"]
    assert items[0].is_overdue and items[0].url.endswith(f"/{mine.pk}/evaluer/")
    assert evaluations_due(people.agent) == []


def test_todo_is_registered():
    from qms import todo

    assert evaluations_due in todo.providers()
