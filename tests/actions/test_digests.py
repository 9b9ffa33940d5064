"""The weekly digest: one e-mail per owner listing their open actions overdue or due
within two weeks, with absolute links; nothing for an owner with nothing to do."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from actions import digests, tasks
from actions.models import Action
from tests import factories as f
from tests.actions.factories import ActionFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def mails_to(outbox, user):
    return [m for m in outbox if m.to == [user.email]]


@pytest.fixture
def plan(people, accueil, etat_civil):
    """The reception pilot: one action 10 days late, one due in 5 days, one due in two
    months, one late but done, one late but cancelled. The civil-status pilot: one due in
    two months only. The reception agent: one due today."""
    make = ActionFactory
    return {
        "late": make(reference="ACT-2026-0001", title="Réparer la borne d'accueil",
                     owner=people.pilot, service=accueil, due_date=days(-10), progress=30,
                     status=Action.Status.IN_PROGRESS),
        "soon": make(reference="ACT-2026-0002", title="Former les agents à la LSF",
                     owner=people.pilot, service=accueil, due_date=days(5)),
        "far": make(reference="ACT-2026-0003", title="Refaire le site internet",
                    owner=people.pilot, service=accueil, due_date=days(60)),
        "done": make(reference="ACT-2026-0004", owner=people.pilot, service=accueil,
                     due_date=days(-3), status=Action.Status.DONE, progress=100),
        "cancelled": make(reference="ACT-2026-0005", owner=people.pilot, service=accueil,
                          due_date=days(-3), status=Action.Status.CANCELLED,
                          cancellation_reason="Abandonné"),
        "other_far": make(reference="ACT-2026-0006", owner=people.other_pilot,
                          service=etat_civil, due_date=days(60)),
        "today": make(reference="ACT-2026-0007", title="Afficher les horaires d'été",
                      owner=people.agent, service=accueil, due_date=TODAY),
    }


def test_one_digest_per_owner_with_something_to_report(plan, people, mailoutbox):
    counts = digests.action_digests_send(today=TODAY)
    assert counts == {"messages": 2, "late": 1, "due_soon": 2}
    assert len(mailoutbox) == 2
    assert not mails_to(mailoutbox, people.other_pilot)  # nothing due within two weeks
    [mail] = mails_to(mailoutbox, people.pilot)
    body = mail.body
    assert "ACT-2026-0001" in body and "Réparer la borne d'accueil" in body
    assert "ACT-2026-0002" in body and "Former les agents à la LSF" in body
    for absent in ("ACT-2026-0003", "ACT-2026-0004", "ACT-2026-0005", "ACT-2026-0007"):
        assert absent not in body
    assert body.index("ACT-2026-0001") < body.index("ACT-2026-0002")  # overdue first
    assert "10" in body.split("ACT-2026-0001")[1].split("ACT-2026-0002")[0]  # days late
    [agent_mail] = mails_to(mailoutbox, people.agent)
    assert "ACT-2026-0007" in agent_mail.body


def test_the_subject_counts_the_actions(plan, people, mailoutbox):
    digests.action_digests_send(today=TODAY)
    [mail] = mails_to(mailoutbox, people.pilot)
    assert "2" in mail.subject
    [agent_mail] = mails_to(mailoutbox, people.agent)
    assert "1" in agent_mail.subject


def test_links_are_absolute(plan, people, mailoutbox):
    digests.action_digests_send(today=TODAY)
    [mail] = mails_to(mailoutbox, people.pilot)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    links = [word for word in mail.body.split() if word.startswith("http")]
    assert len(links) == 3  # each action, and the list of one's actions
    assert all(link.startswith(base + "/") for link in links)
    assert base + digests.detail_path(plan["late"]) in links


def test_written_in_the_sites_language(plan, people, mailoutbox):
    with translation.override("en"):
        digests.action_digests_send(today=TODAY)
    [mail] = mails_to(mailoutbox, people.pilot)
    assert mail.body.startswith("Bonjour")


def test_owners_who_cannot_be_written_to_are_skipped(plan, people, mailoutbox):
    people.agent.is_active = False
    people.agent.save()
    people.pilot.email = ""
    people.pilot.save()
    assert digests.action_digests_send(today=TODAY)["messages"] == 0
    assert not mailoutbox


def test_nothing_to_report_sends_nothing(db, mailoutbox):
    assert digests.action_digests_send(today=TODAY) == {"messages": 0, "late": 0,
                                                        "due_soon": 0}
    assert not mailoutbox


def test_the_day_decides_what_is_late(plan, people, mailoutbox):
    """Two weeks later, the far action is not yet due soon, the soon one is late."""
    counts = digests.action_digests_send(today=days(14))
    assert counts["late"] == 3  # late, soon, today
    [mail] = mails_to(mailoutbox, people.pilot)
    assert "ACT-2026-0003" not in mail.body


def test_one_query_whatever_the_number_of_actions(people, accueil):
    for n in range(20):
        owner = f.UserFactory(username=f"owner{n}", service=accueil)
        ActionFactory(owner=owner, service=accueil, due_date=days(n - 10))
    with CaptureQueriesContext(connection) as queries:
        found = digests.digests_to_send(today=TODAY)
    assert len(found) == 20
    assert len(queries.captured_queries) == 1


def test_the_celery_task_sends_the_digests(plan, people, mailoutbox):
    result = tasks.send_action_digests.delay()
    assert result.get() == {"messages": 2, "late": 1, "due_soon": 2}
    assert {m.to[0] for m in mailoutbox} == {people.pilot.email, people.agent.email}


def test_the_task_is_scheduled_weekly():
    entry = settings.CELERY_BEAT_SCHEDULE["action-digests"]
    assert entry["task"] == tasks.send_action_digests.name == "actions.tasks.send_action_digests"
    assert entry["schedule"].day_of_week == {1}
