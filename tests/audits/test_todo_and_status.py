"""NC status derived from the actions (read-only page, daily task) and the to-do providers."""

import datetime
import html

import pytest
from django.utils import timezone

from actions import services as action_services
from audits import services, tasks, todo
from audits.models import Nonconformity
from qms import todo as registry

from . import factories as af

pytestmark = pytest.mark.django_db


def _nc_with_action(people, *, service=None, target=None, title="Délai"):
    nc = services.nonconformity_create(title=title, description="x",
                                       service=service or people.agent.service,
                                       source_kind="internal", user=people.quality,
                                       target_closure_date=target)
    services.nonconformity_record_analysis(nc=nc, user=people.quality, method="five_whys",
                                           root_cause="Pas de suppléant", five_whys=["a"])
    action = services.nonconformity_add_action(nc=nc, user=people.quality, title="Suppléant",
                                               owner=people.agent,
                                               due_date=timezone.localdate())
    nc.refresh_from_db()
    return nc, action


def test_page_shows_the_derived_status_without_writing(client, people):
    nc, action = _nc_with_action(people)
    assert nc.status == Nonconformity.Status.ACTIONS
    action_services.action_update(action=action, user=people.quality, progress=100)
    versions = nc.history.count()
    client.force_login(people.quality)
    body = html.unescape(client.get(nc.get_absolute_url()).content.decode())
    assert str(Nonconformity.Status.EFFECTIVENESS.label) in body
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS and nc.history.count() == versions
    # the daily task stores it, once
    assert tasks.refresh_nonconformity_statuses.delay().get() == 1
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.EFFECTIVENESS
    assert nc.history.latest().history_change_reason
    assert services.nonconformity_refresh_statuses() == 0


def test_refresh_is_constant_in_queries(people, django_assert_max_num_queries):
    for i in range(3):
        _nc_with_action(people, title=f"NC {i}")
    Nonconformity.objects.update(status=Nonconformity.Status.OPEN)
    with django_assert_max_num_queries(3 + 3 * 13):  # a save with its history per change
        assert services.nonconformity_refresh_statuses() == 3
    with django_assert_max_num_queries(3):
        assert services.nonconformity_refresh_statuses() == 0


def test_providers_registered_in_order():
    names = [getattr(p, "__name__", "") for p in registry.providers()]
    assert names.index("overdue_nonconformities") < names.index("nonconformities_to_close") \
        < names.index("upcoming_audits")


def test_overdue_nonconformities_for_the_pilots_of_their_service(
        people, django_assert_max_num_queries):
    today = timezone.localdate()
    for i in range(2):
        af.NonconformityFactory(service=people.agent.service, detected_at=today - datetime.timedelta(20),
                                target_closure_date=today - datetime.timedelta(1 + i))
    af.NonconformityFactory(service=people.agent.service,
                            target_closure_date=today + datetime.timedelta(5))
    af.NonconformityFactory(service=people.other_agent.service, detected_at=today - datetime.timedelta(20),
                            target_closure_date=today - datetime.timedelta(1))
    items = todo.overdue_nonconformities(people.pilot)
    assert len(items) == 2 and all(i.is_overdue for i in items)
    assert todo.overdue_nonconformities(people.agent) == []
    assert len(todo.overdue_nonconformities(people.other_pilot)) == 1
    for _ in range(10):
        af.NonconformityFactory(service=people.agent.service, detected_at=today - datetime.timedelta(20),
                                target_closure_date=today - datetime.timedelta(3))
    with django_assert_max_num_queries(1):
        assert len(todo.overdue_nonconformities(people.pilot)) == 12


def test_nonconformities_to_close_for_the_quality_engineer(people,
                                                          django_assert_max_num_queries):
    ready, action = _nc_with_action(people, title="Prête")
    action_services.action_record_effectiveness(action=action, user=people.quality,
                                                verdict="effective", evidence="OK")
    action_services.action_close(action=action, user=people.quality)
    waiting, _action = _nc_with_action(people, title="En cours")
    assert [i.title for i in todo.nonconformities_to_close(people.quality)] == [
        f"{ready.reference} — Prête"]
    assert todo.nonconformities_to_close(people.pilot) == []
    for i in range(5):
        _nc_with_action(people, title=f"Autre {i}")
    with django_assert_max_num_queries(1):
        assert len(todo.nonconformities_to_close(people.quality)) == 1
    services.nonconformity_close(nc=ready, user=people.quality)
    assert todo.nonconformities_to_close(people.quality) == []


def test_upcoming_audits_for_the_lead_and_the_team(people, programme, auditor_ec,
                                                   django_assert_max_num_queries):
    today = datetime.date(2026, 3, 1)
    soon = af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                           planned_start=datetime.date(2026, 3, 20),
                           planned_end=datetime.date(2026, 3, 21))
    af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                    planned_start=datetime.date(2026, 5, 20),
                    planned_end=datetime.date(2026, 5, 21))
    member = af.AuditorFactory()
    joined = af.AuditFactory(programme=programme, planned_start=datetime.date(2026, 3, 5),
                             planned_end=datetime.date(2026, 3, 6))
    joined.team.add(member, auditor_ec)
    items = todo.upcoming_audits(auditor_ec.user, today=today)
    assert [i.title.split(" — ")[0] for i in items] == [joined.reference, soon.reference]
    assert len(todo.upcoming_audits(member.user, today=today)) == 1
    assert todo.upcoming_audits(people.agent, today=today) == []
    with django_assert_max_num_queries(1):
        todo.upcoming_audits(auditor_ec.user, today=today)
