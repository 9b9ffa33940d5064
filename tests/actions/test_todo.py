"""The action plan on the to-do list: the user's open actions overdue or due within two
weeks, linked to their page; for the quality engineer, the corrective actions finished
but waiting for their effectiveness check. A fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import todo
from actions.digests import detail_path
from actions.models import Action
from qms import todo as registry
from tests.actions.factories import ActionFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def mine(people, accueil):
    make = ActionFactory
    return {
        "late": make(reference="ACT-2026-0001", title="Réparer la borne", owner=people.pilot,
                     service=accueil, due_date=days(-2)),
        "soon": make(reference="ACT-2026-0002", title="Former à la LSF", owner=people.pilot,
                     service=accueil, due_date=days(14)),
        "far": make(reference="ACT-2026-0003", owner=people.pilot, service=accueil,
                    due_date=days(15)),
        "done": make(reference="ACT-2026-0004", owner=people.pilot, service=accueil,
                     due_date=days(-2), status=Action.Status.DONE),
        "someone_elses": make(reference="ACT-2026-0005", owner=people.agent, service=accueil,
                              due_date=days(-2)),
    }


def test_the_users_actions_late_or_due_within_two_weeks(mine, people):
    items = todo.my_actions(people.pilot)
    assert [i.title for i in items] == ["ACT-2026-0001 — Réparer la borne",
                                        "ACT-2026-0002 — Former à la LSF"]
    late, soon = items
    assert late.category == soon.category == "Actions"
    assert late.is_overdue and not soon.is_overdue
    assert (late.due, late.detail) == (days(-2), "Accueil – Guichet unique")
    assert late.url == detail_path(mine["late"])


def test_the_link_opens_the_action(mine, people):
    url = todo.my_actions(people.pilot)[0].url
    try:
        expected = reverse("actions:detail", args=[mine["late"].reference])
    except Exception:
        try:
            expected = reverse("actions:detail", args=[mine["late"].pk])
        except Exception:
            expected = reverse("wagtailsnippets_actions_action:edit", args=[mine["late"].pk])
    assert url == expected


def test_registered_on_the_to_do_list(mine, people):
    assert todo.my_actions in registry.providers()
    titles = [item.title for item in registry.items_for(people.pilot)]
    assert "ACT-2026-0001 — Réparer la borne" in titles


def test_nothing_for_someone_without_actions(mine, people, django_user_model):
    assert todo.my_actions(people.other_pilot) == []
    from django.contrib.auth.models import AnonymousUser

    assert todo.my_actions(AnonymousUser()) == []


def test_the_quality_engineer_sees_the_effectiveness_checks_to_make(people, accueil):
    waiting = ActionFactory(reference="ACT-2026-0010", kind=Action.Kind.CORRECTIVE,
                            status=Action.Status.IN_PROGRESS, progress=100,
                            service=accueil, title="Revoir la procédure d'accueil")
    ActionFactory(reference="ACT-2026-0011", kind=Action.Kind.CORRECTIVE,
                  status=Action.Status.IN_PROGRESS, progress=60, service=accueil)
    ActionFactory(reference="ACT-2026-0012", kind=Action.Kind.IMPROVEMENT,
                  status=Action.Status.IN_PROGRESS, progress=100, service=accueil)
    ActionFactory(reference="ACT-2026-0013", kind=Action.Kind.CORRECTIVE,
                  status=Action.Status.IN_PROGRESS, progress=100, service=accueil,
                  effectiveness_checked_at=TODAY, effectiveness_verdict="effective",
                  effectiveness_evidence="Plus de réclamation.")
    items = todo.my_actions(people.quality)
    assert [i.title for i in items] == ["ACT-2026-0010 — Revoir la procédure d'accueil"]
    assert items[0].category == "Efficacité à vérifier" or items[0].category == (
        "Effectiveness to check")
    assert items[0].url == detail_path(waiting)
    assert todo.my_actions(people.pilot) == []  # not the pilot's task


def test_a_fixed_number_of_queries(people, accueil, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            ActionFactory(owner=people.quality, service=accueil, due_date=days(-1))
            ActionFactory(kind=Action.Kind.CORRECTIVE, status=Action.Status.IN_PROGRESS,
                          progress=100, service=accueil)

    grow(2)
    people.quality._qms_role_names = None
    todo.my_actions(people.quality)  # the user's roles, cached on the user afterwards
    with django_assert_max_num_queries(2):
        assert len(todo.my_actions(people.quality)) == 4
    grow(20)
    with django_assert_max_num_queries(2):
        assert len(todo.my_actions(people.quality)) == 44
