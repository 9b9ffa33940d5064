import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from audits import services
from audits.models import Finding, Nonconformity
from audits.permissions import (
    can_view_audit,
    can_view_nonconformity,
    visible_audits,
    visible_nonconformities,
)
from tests.processes.factories import RiskFactory

from . import factories as af

pytestmark = pytest.mark.django_db

MARCH = {"planned_start": datetime.date(2026, 3, 10), "planned_end": datetime.date(2026, 3, 11)}


@pytest.fixture
def audit(people, programme, auditor_ec):
    return services.audit_create(programme=programme, title="Accueil", user=people.quality,
                                 services=[people.agent.service], lead_auditor=auditor_ec,
                                 **MARCH)


def _nc_finding(audit, user, **kwargs):
    return services.finding_record(
        audit=audit, kind=Finding.Kind.MINOR_NC, description="Registre des visites incomplet",
        evidence="3 entrées sur 10 sans signature", clause_reference="7.5.3",
        service=audit.services.first(), user=user, **kwargs)


def test_finding_to_closure(people, audit, auditor_ec):
    finding = _nc_finding(audit, auditor_ec.user,
                          target_closure_date=timezone.localdate() + datetime.timedelta(60))
    nc = finding.nonconformity
    assert nc.reference == f"NC-{nc.detected_at.year}-001"
    assert nc.source_kind == "audit" and nc.source == audit and nc.finding == finding
    assert nc.status == Nonconformity.Status.OPEN and nc.severity == "minor"

    # Closing now is refused, with the reasons.
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(nc=nc, user=people.quality)
    assert "causes" in error.value.messages[0] and nc.reference in error.value.messages[0]

    # Actions need the analysis first.
    with pytest.raises(ValidationError):
        services.nonconformity_add_action(nc=nc, user=people.pilot, title="x",
                                          owner=people.agent, due_date=timezone.localdate())
    services.nonconformity_record_analysis(
        nc=nc, user=people.pilot, method="five_whys", root_cause="Pas de formation",
        five_whys=["Registre non signé", "Agent non informé", "  ", "Pas de formation"],
        extent="Même registre à l'état civil")
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ANALYSED
    assert nc.five_whys == ["Registre non signé", "Agent non informé", "Pas de formation"]

    action = services.nonconformity_add_action(
        nc=nc, user=people.pilot, title="Former les agents", owner=people.agent,
        due_date=timezone.localdate() + datetime.timedelta(30))
    second = services.nonconformity_add_action(
        nc=nc, user=people.pilot, title="Afficher la consigne", owner=people.agent,
        due_date=timezone.localdate() + datetime.timedelta(30))
    assert action.kind == Action.Kind.CORRECTIVE and action.source == nc
    assert set(Action.objects.for_source(nc)) == {action, second}
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.ACTIONS

    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(nc=nc, user=people.quality)
    assert action.reference in error.value.messages[0]
    assert second.reference in error.value.messages[0]

    action_services.action_update(action=action, user=people.pilot, progress=100)
    action_services.action_cancel(action=second, user=people.pilot, reason="Inutile")
    services.nonconformity_refresh_status(nc=nc)
    assert nc.status == Nonconformity.Status.EFFECTIVENESS

    # Done but not effective: still refused.
    action_services.action_record_effectiveness(action=action, user=people.quality,
                                                verdict="not_effective", evidence="Rien")
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(nc=nc, user=people.quality)
    assert action.reference in error.value.messages[0]

    action_services.action_record_effectiveness(action=action, user=people.quality,
                                                verdict="effective",
                                                evidence="Registre complet en mai")
    action_services.action_close(action=action, user=people.quality)
    with pytest.raises(PermissionDenied):
        services.nonconformity_close(nc=nc, user=people.pilot)
    services.nonconformity_close(nc=nc, user=people.quality, comment="Efficace")
    nc.refresh_from_db()
    assert nc.is_closed and nc.closed_by == people.quality and nc.closed_at
    assert nc.history.count() >= 4
    with pytest.raises(PermissionDenied):
        services.nonconformity_update(nc=nc, user=people.quality, title="Modifiée")


def test_closure_updates_linked_risk(people, audit, auditor_ec):
    risk = RiskFactory(likelihood=3, severity=3)
    nc = _nc_finding(audit, auditor_ec.user).nonconformity
    services.nonconformity_update(nc=nc, user=people.quality, risk=risk)
    services.nonconformity_record_analysis(
        nc=nc, user=people.quality, method="ishikawa", root_cause="Méthode absente",
        ishikawa={"methodes": "Pas de procédure", "mesure": ""})
    assert nc.ishikawa == {"methodes": "Pas de procédure"}
    assert nc.ishikawa_rows()[0][1] == "Pas de procédure"
    action = services.nonconformity_add_action(nc=nc, user=people.quality, title="Procédure",
                                               owner=people.pilot,
                                               due_date=timezone.localdate())
    action_services.action_record_effectiveness(action=action, user=people.quality,
                                                verdict="effective", evidence="OK")
    action_services.action_close(action=action, user=people.quality)
    services.nonconformity_close(nc=nc, user=people.quality, risk_changes={"likelihood": 1})
    risk.refresh_from_db()
    assert risk.likelihood == 1


def test_closure_refused_without_any_action(people):
    nc = services.nonconformity_create(
        title="Délai dépassé", description="x", service=people.agent.service,
        source_kind="internal", user=people.agent)
    services.nonconformity_record_analysis(nc=nc, user=people.pilot, method="five_whys",
                                           root_cause="x", five_whys=["x"])
    with pytest.raises(ValidationError) as error:
        services.nonconformity_close(nc=nc, user=people.quality)
    assert "corrective" in error.value.messages[0]
    assert not Nonconformity.objects.get(pk=nc.pk).is_closed


def test_create_with_generic_source_and_numbering(people):
    source = af.StandardFactory()  # any record
    first = services.nonconformity_create(
        title="Réclamation", description="x", service=people.agent.service,
        source_kind="complaint", source=source, user=people.quality)
    second = services.nonconformity_create(
        title="Autre", description="y", service=people.agent.service,
        source_kind="internal", user=people.agent)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"NC-{year}-001", f"NC-{year}-002")
    assert first.source == source and first.source_label
    assert second.detected_by == people.agent


def test_bad_nonconformity_input(people):
    with pytest.raises(PermissionDenied):
        services.nonconformity_create(title="x", description="x",
                                      service=people.other_agent.service,
                                      source_kind="internal", user=people.agent)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_create(
            title="x", description="x", service=people.agent.service, source_kind="internal",
            user=people.agent, detected_at=timezone.localdate() + datetime.timedelta(3))
    assert "detected_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.nonconformity_create(title="x", description="x",
                                      service=people.agent.service, source_kind="audit",
                                      user=people.quality)
    assert "finding" in error.value.message_dict
    assert not Nonconformity.objects.exists()
    nc = services.nonconformity_create(title="x", description="x",
                                       service=people.agent.service, source_kind="internal",
                                       user=people.agent)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_record_analysis(nc=nc, user=people.pilot, method="ishikawa",
                                               root_cause="", ishikawa={})
    assert {"ishikawa", "root_cause"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.nonconformity_record_analysis(nc=nc, user=people.pilot, method="ishikawa",
                                               root_cause="x", ishikawa={"magie": "x"})
    assert "ishikawa" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.nonconformity_record_analysis(nc=nc, user=people.other_pilot,
                                               method="five_whys", root_cause="x",
                                               five_whys=["x"])
    with pytest.raises(PermissionDenied):  # an agent declares but does not analyse
        services.nonconformity_record_analysis(nc=nc, user=people.agent,
                                               method="five_whys", root_cause="x",
                                               five_whys=["x"])
    nc.refresh_from_db()
    assert nc.status == Nonconformity.Status.OPEN and not nc.root_cause


def test_age_and_overdue(people):
    today = timezone.localdate()
    nc = af.NonconformityFactory(service=people.agent.service,
                                 detected_at=today - datetime.timedelta(40),
                                 target_closure_date=today - datetime.timedelta(1))
    assert nc.age_days == 40 and nc.is_overdue
    assert list(Nonconformity.objects.overdue()) == [nc]


def test_visibility(people, audit, dg):
    nc_acc = af.NonconformityFactory(service=people.agent.service)
    nc_ec = af.NonconformityFactory(service=people.other_agent.service)
    qs = Nonconformity.objects.all()
    assert set(visible_nonconformities(people.agent, qs)) == {nc_acc}
    assert set(visible_nonconformities(people.other_pilot, qs)) == {nc_ec}
    assert set(visible_nonconformities(people.quality, qs)) == {nc_acc, nc_ec}
    assert set(visible_nonconformities(dg, qs)) == {nc_acc, nc_ec}
    assert can_view_nonconformity(people.agent, nc_acc)
    assert not can_view_nonconformity(people.agent, nc_ec)
    # Draft programme: the audited service does not see the audit yet.
    assert not can_view_audit(people.agent, audit)
    assert can_view_audit(audit.lead_auditor.user, audit)
    assert can_view_audit(dg, audit)
    services.programme_approve(programme=audit.programme, user=dg)
    audit.programme.refresh_from_db()
    assert can_view_audit(people.agent, audit)
    assert not can_view_audit(people.other_agent, audit)
    assert list(visible_audits(people.agent, audit.programme.audits.all())) == [audit]
    assert not visible_audits(people.other_agent, audit.programme.audits.all()).exists()
