"""The Monday digests of the audits app: to the pilots of each service (and of the
direction above it) their overdue nonconformities; to lead auditors and the pilots of the
audited services the audits starting within two weeks. One e-mail per recipient, in
French, nothing for those with nothing to report."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from audits import digests, tasks
from audits.models import Audit, AuditProgramme, Nonconformity
from tests import factories as f

from . import factories as af

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)  # a Monday


def fr(message, **params):
    with translation.override("fr"):
        text = gettext(message)
    return text % params if params else text


def days(n):
    return TODAY + datetime.timedelta(days=n)


def outbox_for(address):
    return [m for m in mail.outbox if address in m.to]


# --- nonconformities --------------------------------------------------------------------------
@pytest.fixture
def ncs(people):
    service = people.agent.service
    return {
        "late": af.NonconformityFactory(service=service, title="Registre incomplet",
                                        detected_at=days(-40), target_closure_date=days(-3)),
        "on_time": af.NonconformityFactory(service=service, title="Affichage",
                                           detected_at=days(-10), target_closure_date=days(20)),
        "stale": af.NonconformityFactory(service=service, title="Sans date",
                                         detected_at=days(-(digests.STALE_DAYS + 5))),
        "young": af.NonconformityFactory(service=service, title="Récente sans date",
                                         detected_at=days(-5)),
        "closed": af.NonconformityFactory(service=service, title="Close",
                                          detected_at=days(-60), target_closure_date=days(-30),
                                          status=Nonconformity.Status.CLOSED,
                                          closed_at=days(-10)),
        "other": af.NonconformityFactory(service=people.other_agent.service,
                                         title="Acte non transcrit", detected_at=days(-20),
                                         target_closure_date=days(-1)),
    }


def test_pilots_get_the_overdue_nonconformities_of_their_service(people, ncs):
    result = digests.nonconformity_digests_send(today=TODAY)
    assert result == {"messages": 2, "nonconformities": 3, "unassigned": 0}
    (message,) = outbox_for(people.pilot.email)
    assert ncs["late"].reference in message.body and ncs["stale"].reference in message.body
    for key in ("on_time", "young", "closed", "other"):
        assert ncs[key].reference not in message.body
    assert ncs["late"].get_absolute_url() in message.body
    (other,) = outbox_for(people.other_pilot.email)
    assert ncs["other"].reference in other.body and ncs["late"].reference not in other.body
    # Agents and the quality engineer get nothing from this digest.
    assert not outbox_for(people.agent.email) and not outbox_for(people.quality.email)


def _fr_n(singular, plural, n):
    with translation.override("fr"):
        return ngettext(singular, plural, n) % {"count": n}


def test_nonconformity_digest_is_in_french(people, ncs):
    digests.nonconformity_digests_send(today=TODAY)
    (message,) = outbox_for(people.pilot.email)
    assert message.subject == _fr_n("Nonconformities: %(count)s nonconformity overdue",
                                    "Nonconformities: %(count)s nonconformities overdue", 2)
    assert fr("Hello %(name)s,", name=str(people.pilot)) in message.body
    assert fr("Every open nonconformity:") in message.body


def test_direction_pilot_covers_the_services_below(people, ncs):
    direction = people.agent.service.__class__.objects.create(code="dir-pop",
                                                              name="Direction population",
                                                              kind="direction")
    people.agent.service.parent = direction
    people.agent.service.save()
    head = f.pilot(username="pilote-dir", service=direction)
    digests.nonconformity_digests_send(today=TODAY)
    (message,) = outbox_for(head.email)
    assert ncs["late"].reference in message.body
    assert ncs["other"].reference not in message.body


def test_unreachable_pilots_are_skipped_and_counted(people, ncs):
    people.other_pilot.email = ""
    people.other_pilot.save()
    result = digests.nonconformity_digests_send(today=TODAY)
    assert result["messages"] == 1 and result["unassigned"] == 1


def test_nothing_overdue_nothing_sent(people):
    af.NonconformityFactory(service=people.agent.service, detected_at=days(-5),
                            target_closure_date=days(10))
    assert digests.nonconformity_digests_send(today=TODAY)["messages"] == 0
    assert mail.outbox == []


def test_nonconformity_task(people, ncs):
    """The beat task sends today's digests (the fixtures are overdue on any later day)."""
    result = tasks.send_nonconformity_digests.delay().get()
    assert result["messages"] == 2 and len(mail.outbox) == 2


# --- audits ----------------------------------------------------------------------------------
@pytest.fixture
def approved(programme):
    AuditProgramme.objects.filter(pk=programme.pk).update(
        status=AuditProgramme.Status.APPROVED)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def audits(people, approved, auditor_ec):
    soon = af.AuditFactory(programme=approved, title="Audit accueil", lead_auditor=auditor_ec,
                           services=[people.agent.service], planned_start=days(7),
                           planned_end=days(8), places="Hôtel de ville")
    today = af.AuditFactory(programme=approved, title="Audit du jour", lead_auditor=auditor_ec,
                            services=[people.agent.service], planned_start=TODAY,
                            planned_end=days(1))
    later = af.AuditFactory(programme=approved, title="Audit lointain",
                            lead_auditor=auditor_ec, services=[people.agent.service],
                            planned_start=days(20), planned_end=days(21))
    cancelled = af.AuditFactory(programme=approved, title="Audit annulé",
                                lead_auditor=auditor_ec, services=[people.agent.service],
                                planned_start=days(3), planned_end=days(3),
                                status=Audit.Status.CANCELLED)
    return {"soon": soon, "today": today, "later": later, "cancelled": cancelled}


def test_lead_auditor_and_pilots_get_the_audits_starting_soon(people, audits, auditor_ec):
    result = digests.audit_digests_send(today=TODAY)
    assert result == {"messages": 2, "audits": 2}
    (lead,) = outbox_for(auditor_ec.user.email)
    (pilot,) = outbox_for(people.pilot.email)
    for message in (lead, pilot):
        assert audits["soon"].reference in message.body
        assert audits["today"].reference in message.body
        assert audits["later"].reference not in message.body
        assert audits["cancelled"].reference not in message.body
        assert audits["soon"].get_absolute_url() in message.body
    assert fr("lead auditor") in lead.body
    assert fr("Place: %(places)s", places="Hôtel de ville") in lead.body
    assert fr("From %(start)s to %(end)s, starting today.",
              start=TODAY.strftime("%d/%m/%Y"), end=days(1).strftime("%d/%m/%Y")) in lead.body
    assert fr("pilot of %(service)s", service=people.agent.service.name) in pilot.body
    assert lead.subject == _fr_n_days(2)
    assert not outbox_for(people.other_pilot.email) and not outbox_for(people.agent.email)


def _fr_n_days(n):
    with translation.override("fr"):
        return ngettext("Audits: %(count)s audit starting within %(days)s days",
                        "Audits: %(count)s audits starting within %(days)s days",
                        n) % {"count": n, "days": digests.UPCOMING_DAYS}


def test_one_mail_per_recipient_with_both_roles(people, audits, auditor_ec):
    # The pilot leads another audit (of the état civil): one message with both.
    lead = af.AuditorFactory(user=people.pilot, name=str(people.pilot))
    af.AuditFactory(programme=audits["soon"].programme, title="Audit état civil",
                    lead_auditor=lead, services=[people.other_agent.service],
                    planned_start=days(10), planned_end=days(10))
    digests.audit_digests_send(today=TODAY)
    (message,) = outbox_for(people.pilot.email)
    assert "Audit état civil" in message.body and audits["soon"].reference in message.body
    assert fr("lead auditor") in message.body
    assert len(mail.outbox) == len({tuple(m.to) for m in mail.outbox})


def test_external_lead_auditor_written_to_at_their_address(people, approved):
    external = af.AuditorFactory(user=None, name="Cabinet Qualiconseil", is_internal=False,
                                 email="audit@qualiconseil.example")
    af.AuditFactory(programme=approved, lead_auditor=external,
                    services=[people.agent.service], planned_start=days(2),
                    planned_end=days(2))
    digests.audit_digests_send(today=TODAY)
    (message,) = outbox_for("audit@qualiconseil.example")
    assert fr("Hello %(name)s,", name="Cabinet Qualiconseil") in message.body


def test_draft_programme_announced_to_the_lead_auditor_only(people, programme, auditor_ec):
    audit = af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                            services=[people.agent.service], planned_start=days(5),
                            planned_end=days(5))
    digests.audit_digests_send(today=TODAY)
    assert audit.reference in outbox_for(auditor_ec.user.email)[0].body
    assert not outbox_for(people.pilot.email)


def test_audit_digest_queries_do_not_grow(people, approved, auditor_ec,
                                          django_assert_max_num_queries):
    def plan(n):
        for i in range(n):
            af.AuditFactory(programme=approved, lead_auditor=auditor_ec,
                            services=[people.agent.service, people.other_agent.service],
                            planned_start=days(1 + i % 10), planned_end=days(1 + i % 10))

    plan(2)
    with django_assert_max_num_queries(10) as few:
        digests.audit_digests_send(today=TODAY)
    plan(10)
    mail.outbox.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        result = digests.audit_digests_send(today=TODAY)
    assert result["audits"] == 12 and result["messages"] == 3


def test_audit_task(people, approved, auditor_ec):
    """The beat task announces the audits starting within two weeks of today."""
    today = timezone.localdate()
    audit = af.AuditFactory(programme=approved, lead_auditor=auditor_ec,
                            services=[people.agent.service],
                            planned_start=today + datetime.timedelta(days=3),
                            planned_end=today + datetime.timedelta(days=3))
    result = tasks.send_audit_digests.delay().get()
    assert result == {"messages": 2, "audits": 1} and len(mail.outbox) == 2
    assert all(audit.reference in m.body for m in mail.outbox)
