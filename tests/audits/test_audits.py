import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audits import services
from audits.models import Audit, ChecklistItem, Criterion, Finding, Standard
from audits.selectors import programme_audits, programme_calendar, programme_follow_up

from . import factories as af

pytestmark = pytest.mark.django_db

MARCH = {"planned_start": datetime.date(2026, 3, 10), "planned_end": datetime.date(2026, 3, 11)}


def test_criteria_shipped_as_data():
    iso = Standard.objects.get(code="iso-9001")
    refs = set(iso.criteria.values_list("reference", flat=True))
    assert {"4.1", "7.5.3", "9.2", "10.2", "10.3"} <= refs
    assert Criterion.objects.get(standard=iso, reference="7.5.3").title == \
        "Maîtrise des informations documentées"
    assert Standard.objects.get(code="iso-14001").criteria.filter(reference="9.1.2").exists()
    assert Standard.objects.get(code="qualivilles").criteria.count() >= 5
    assert Standard.objects.get(code="services-publics-plus").criteria.count() >= 5


def test_plan_audit_with_independent_team(people, programme, auditor_ec):
    audit = services.audit_create(programme=programme, title="Accueil", user=people.quality,
                                  services=[people.agent.service], lead_auditor=auditor_ec,
                                  **MARCH)
    assert audit.reference == "AUD-2026-01"
    assert audit.status == Audit.Status.PLANNED
    second = services.audit_create(programme=programme, title="Encore", user=people.quality,
                                   services=[people.agent.service], **MARCH)
    assert second.reference == "AUD-2026-02"


def test_nobody_audits_their_own_service(people, programme, auditor_ec, auditor_accueil):
    with pytest.raises(ValidationError) as error:
        services.audit_create(programme=programme, title="Accueil", user=people.quality,
                              services=[people.agent.service], lead_auditor=auditor_accueil,
                              **MARCH)
    message = " ".join(error.value.messages)
    assert str(auditor_accueil) in message and "Accueil – Guichet unique" in message
    assert not Audit.objects.exists()
    # A team member too, and on update.
    audit = services.audit_create(programme=programme, title="Accueil", user=people.quality,
                                  services=[people.agent.service], lead_auditor=auditor_ec,
                                  **MARCH)
    with pytest.raises(ValidationError):
        services.audit_update(audit=audit, user=people.quality, team=[auditor_accueil])
    with pytest.raises(ValidationError):
        services.audit_update(audit=audit, user=people.quality,
                              services=[people.other_agent.service])
    assert list(audit.team.all()) == []


def test_independence_covers_services_below_an_audited_direction(people, programme,
                                                                  auditor_accueil):
    from tests.factories import ServiceFactory

    direction = ServiceFactory(code="dir-pop", kind="direction")
    accueil = people.agent.service
    accueil.parent = direction
    accueil.save()
    with pytest.raises(ValidationError):
        services.audit_create(programme=programme, title="Direction", user=people.quality,
                              services=[direction], lead_auditor=auditor_accueil, **MARCH)


def test_external_auditor_is_independent(people, programme):
    external = af.AuditorFactory(user=None, name="Mme Certif", is_internal=False,
                                 organisation="AFNOR")
    audit = services.audit_create(programme=programme, title="Certification",
                                  kind=Audit.Kind.CERTIFICATION, user=people.quality,
                                  services=[people.agent.service], lead_auditor=external,
                                  **MARCH)
    assert audit.lead_auditor.display_name == "Mme Certif"


def test_bad_audit_input(people, programme):
    with pytest.raises(ValidationError) as error:
        services.audit_create(programme=programme, title="x", user=people.quality,
                              services=[], **MARCH)
    assert "services" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.audit_create(programme=programme, title="x", user=people.quality,
                              services=[people.agent.service],
                              planned_start=datetime.date(2026, 3, 10),
                              planned_end=datetime.date(2026, 3, 1))
    assert "planned_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.audit_create(programme=programme, title="x", user=people.quality,
                              services=[people.agent.service],
                              planned_start=datetime.date(2027, 1, 10),
                              planned_end=datetime.date(2027, 1, 11))
    assert "planned_start" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.audit_create(programme=programme, title="x", user=people.pilot,
                              services=[people.agent.service], **MARCH)
    assert not Audit.objects.exists()


def test_programme_approval_by_direction(people, programme, dg):
    with pytest.raises(ValidationError):
        services.programme_approve(programme=programme, user=dg)  # no audit yet
    services.audit_create(programme=programme, title="A", user=people.quality,
                          services=[people.agent.service], **MARCH)
    with pytest.raises(PermissionDenied):
        services.programme_approve(programme=programme, user=people.quality)
    services.programme_approve(programme=programme, user=dg)
    programme.refresh_from_db()
    assert programme.is_approved and programme.approved_by == dg and programme.approved_at
    with pytest.raises(ValidationError):
        services.programme_approve(programme=programme, user=dg)


def test_programme_follow_up_and_calendar(people, programme, django_assert_num_queries):
    for month, status in [(2, "closed"), (3, "reported"), (5, "in_progress"), (9, "planned"),
                          (10, "cancelled")]:
        af.AuditFactory(programme=programme, status=status,
                        planned_start=datetime.date(2026, month, 1),
                        planned_end=datetime.date(2026, month, 2),
                        cancellation_reason="x" if status == "cancelled" else "")
    with django_assert_num_queries(1):
        follow = programme_follow_up(programme)
    assert (follow.planned, follow.held, follow.cancelled, follow.in_progress) == (4, 2, 1, 1)
    assert follow.rate == 50
    months = programme_calendar(programme_audits(programme))
    assert [len(m["audits"]) for m in months][:5] == [0, 1, 1, 0, 1]


def test_status_workflow(people, programme):
    audit = services.audit_create(programme=programme, title="A", user=people.quality,
                                  services=[people.agent.service], **MARCH)
    with pytest.raises(ValidationError):
        services.audit_set_status(audit=audit, status="closed", user=people.quality)
    services.audit_set_status(audit=audit, status="in_progress", user=people.quality)
    with pytest.raises(ValidationError) as error:
        services.audit_set_status(audit=audit, status="reported", user=people.quality)
    assert "conclusions" in str(error.value).lower() or "missing" in str(error.value).lower()
    services.audit_update(audit=audit, user=people.quality, conclusions="Système efficace",
                          criteria_met=Audit.CriteriaMet.LARGELY)
    services.audit_set_status(audit=audit, status="reported", user=people.quality)
    assert audit.held_start == audit.planned_start
    with pytest.raises(ValidationError):
        services.audit_set_status(audit=audit, status="cancelled", user=people.quality)
    services.audit_set_status(audit=audit, status="closed", user=people.quality)
    with pytest.raises(ValidationError):
        services.audit_update(audit=audit, user=people.quality, title="Changé")
    other = services.audit_create(programme=programme, title="B", user=people.quality,
                                  services=[people.agent.service], **MARCH)
    with pytest.raises(ValidationError) as error:
        services.audit_set_status(audit=other, status="cancelled", user=people.quality)
    assert "cancellation_reason" in error.value.message_dict
    services.audit_set_status(audit=other, status="cancelled", user=people.quality,
                              reason="Service fermé")


def test_checklist_from_criteria_and_template(people, programme, auditor_ec):
    c1, c2 = af.CriterionFactory(), af.CriterionFactory(questions="")
    audit = services.audit_create(programme=programme, title="A", user=people.quality,
                                  services=[people.agent.service], lead_auditor=auditor_ec,
                                  criteria=[c1], **MARCH)
    template = af.ChecklistTemplateFactory(extra_questions="Les affichages sont-ils à jour ?")
    template.criteria.set([c1, c2])
    items = services.audit_build_checklist(audit=audit, user=auditor_ec.user,
                                           template=template)
    assert len(items) == 4  # 2 questions of c1, a default one for c2, 1 extra
    assert services.audit_build_checklist(audit=audit, user=people.quality,
                                          template=template) == []
    item = audit.checklist.first()
    with pytest.raises(ValidationError):
        services.checklist_answer(item=item, user=auditor_ec.user,
                                  answer=ChecklistItem.Answer.NONCONFORM)
    services.checklist_answer(item=item, user=auditor_ec.user, answer="nonconform",
                              evidence="Registre non signé")
    with pytest.raises(PermissionDenied):
        services.checklist_answer(item=item, user=people.pilot, answer="conform")


def test_findings_and_their_rules(people, programme, auditor_ec):
    audit = services.audit_create(programme=programme, title="A", user=people.quality,
                                  services=[people.agent.service], lead_auditor=auditor_ec,
                                  **MARCH)
    strength = services.finding_record(audit=audit, kind=Finding.Kind.STRENGTH,
                                       description="Accueil chaleureux", user=auditor_ec.user)
    assert not hasattr(strength, "nonconformity") or strength.nonconformity is None
    with pytest.raises(ValidationError) as error:
        services.finding_record(audit=audit, kind=Finding.Kind.MINOR_NC,
                                description="Registre incomplet", user=auditor_ec.user)
    assert {"evidence", "clause_reference", "service"} <= set(error.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.finding_record(audit=audit, kind=Finding.Kind.STRENGTH, description="x",
                                user=people.pilot)
    assert Finding.objects.count() == 1
