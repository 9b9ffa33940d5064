"""The reminders 90, 30 and 7 days before a certification audit: each once, to the pilots
of the covered services and the quality engineers, a missed day caught up with the
closest reminder only; the to-do list; the selector for the readiness matrix."""

import datetime

import pytest

from certification import reminders, tasks
from certification.models import CertificationAudit
from certification.selectors import certifications_for_service
from certification.todo import upcoming_audits
from tests import factories as f
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
AUDIT_DAY = datetime.date(2027, 6, 30)


def _day(days_before: int) -> datetime.date:
    return AUDIT_DAY - datetime.timedelta(days=days_before)


@pytest.fixture
def entry(certification):
    return cf.CertificationAuditFactory(certification=certification, planned_date=AUDIT_DAY)


def test_each_threshold_once(entry, people, mailoutbox, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://qualite.mairie.example"
    sent_on = []
    day = _day(120)
    while day <= AUDIT_DAY:
        if reminders.audit_reminders_send(today=day)["messages"]:
            sent_on.append((AUDIT_DAY - day).days)
        day += datetime.timedelta(days=1)
    assert sent_on == [90, 30, 7]
    assert len(mailoutbox) == 3
    mail = mailoutbox[0]
    assert set(mail.to) == {people.pilot.email, people.quality.email, people.quality2.email}
    assert people.other_pilot.email not in mail.to and people.agent.email not in mail.to
    assert "ISO 9001" in mail.subject and "90" in mail.subject
    assert f"https://qualite.mairie.example/certifications/{entry.certification.pk}/" in mail.body
    entry.refresh_from_db()
    assert entry.reminders_sent == [90, 30, 7]


def test_missed_days_send_the_closest_only(entry, people, mailoutbox):
    assert reminders.audit_reminders_send(today=_day(25)) == {"messages": 1, "audits": 1}
    assert "25" in mailoutbox[0].subject
    assert reminders.audit_reminders_send(today=_day(24))["messages"] == 0
    entry.refresh_from_db()
    assert entry.reminders_sent == [90, 30]
    assert reminders.audit_reminders_send(today=_day(3))["messages"] == 1
    assert reminders.audit_reminders_send(today=_day(2))["messages"] == 0
    assert len(mailoutbox) == 2


def test_held_cancelled_or_archived_not_reminded(certification, mailoutbox):
    cf.CertificationAuditFactory(certification=certification, planned_date=AUDIT_DAY,
                                 is_active=False)
    other = cf.CertificationFactory(is_active=False,
                                    services=[f.ServiceFactory(code="voirie")])
    cf.CertificationAuditFactory(certification=other, planned_date=AUDIT_DAY)
    assert reminders.audit_reminders_send(today=_day(7)) == {"messages": 0, "audits": 0}
    assert mailoutbox == []


def test_task_runs_for_today(certification, people, mailoutbox):
    from django.utils import timezone

    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=timezone.localdate() + datetime.timedelta(days=7))
    assert tasks.send_audit_reminders.delay().get() == {"messages": 1, "audits": 1}


def test_due_threshold():
    assert reminders.due_threshold(91, []) is None
    assert reminders.due_threshold(90, []) == 90
    assert reminders.due_threshold(60, [90]) is None
    assert reminders.due_threshold(12, [90]) == 30
    assert reminders.due_threshold(5, []) == 7
    assert reminders.due_threshold(5, [90, 30, 7]) is None


def test_todo(people, certification):
    from django.utils import timezone

    today = timezone.localdate()
    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=today + datetime.timedelta(days=60))
    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=today + datetime.timedelta(days=200))
    items = upcoming_audits(people.pilot)
    assert [i.due for i in items] == [today + datetime.timedelta(days=60)]
    assert items[0].url == certification.get_absolute_url()
    assert len(upcoming_audits(people.quality)) == 1
    assert upcoming_audits(people.other_pilot) == []
    assert upcoming_audits(people.agent) == []


def test_certifications_for_service(people, accueil, certification,
                                    django_assert_max_num_queries):
    from django.utils import timezone

    today = timezone.localdate()
    dpc = f.ServiceFactory(code="dpc", kind="direction")
    accueil.parent = dpc
    accueil.save()
    by_direction = cf.CertificationFactory(standard=cf.standard("qualivilles"), services=[dpc])
    cf.CertificationFactory(standard=cf.standard("iso-14001"), is_active=False,
                            services=[accueil])
    soon = cf.CertificationAuditFactory(certification=certification,
                                        planned_date=today + datetime.timedelta(days=10))
    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=today + datetime.timedelta(days=300))
    accueil = type(accueil).objects.select_related("parent").get(pk=accueil.pk)
    with django_assert_max_num_queries(4):
        found = certifications_for_service(accueil)
        assert {c.pk for c in found} == {certification.pk, by_direction.pk}
        by_pk = {c.pk: c for c in found}
        assert by_pk[certification.pk].next_audit == soon
        assert by_pk[by_direction.pk].next_audit is None
    assert CertificationAudit.objects.count() == 2
