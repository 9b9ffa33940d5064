"""The intranet forms of the audit page: findings, checklist building and answers."""

import datetime

import pytest
from django.urls import reverse

from audits import services
from audits.models import ChecklistItem, Finding, Nonconformity

from . import factories as af

pytestmark = pytest.mark.django_db

MARCH = {"planned_start": datetime.date(2026, 3, 10), "planned_end": datetime.date(2026, 3, 11)}


@pytest.fixture
def criterion(db):
    return af.CriterionFactory(reference="8.5.1", title="Maîtrise de la production",
                               questions="Les consignes sont-elles affichées ?\n"
                                         "Les registres sont-ils tenus ?")


@pytest.fixture
def audit(people, programme, auditor_ec, criterion):
    return services.audit_create(programme=programme, title="Audit accueil",
                                 user=people.quality, services=[people.agent.service],
                                 lead_auditor=auditor_ec, criteria=[criterion], **MARCH)


def finding_data(**overrides):
    data = {"finding-kind": "minor_nc", "finding-clause_reference": "8.5.1",
            "finding-description": "Registre non signé",
            "finding-evidence": "Registre de mars, 4 pages sans visa", "finding-process": "",
            "finding-criterion": "", "finding-target_closure_date": "2026-12-31"}
    data.update(overrides)
    return data


def test_lead_auditor_records_a_nonconformity_finding(client, people, audit, auditor_ec):
    client.force_login(auditor_ec.user)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert 'name="finding-description"' in page and "csrfmiddlewaretoken" in page
    response = client.post(reverse("audits:finding_add", args=[audit.reference]),
                           finding_data(**{"finding-service": people.agent.service.pk}),
                           follow=True)
    finding = Finding.objects.get()
    nc = Nonconformity.objects.get(finding=finding)
    assert nc.service == people.agent.service and nc.source_kind == "audit"
    assert nc.target_closure_date == datetime.date(2026, 12, 31)
    body = response.content.decode()
    assert nc.reference in body and nc.get_absolute_url() in body
    assert finding.history.latest().history_user == auditor_ec.user


def test_refused_finding_keeps_the_input_and_shows_errors_beside_fields(client, audit,
                                                                         auditor_ec):
    client.force_login(auditor_ec.user)
    response = client.post(reverse("audits:finding_add", args=[audit.reference]),
                           finding_data(**{"finding-evidence": "",
                                           "finding-clause_reference": "",
                                           "finding-description": "Registre non signé"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_finding-evidence-errors"' in body
    assert 'id="id_finding-clause_reference-errors"' in body
    assert "Registre non signé" in body  # input kept
    assert not Finding.objects.exists() and not Nonconformity.objects.exists()
    # a missing description is caught by the form itself
    response = client.post(reverse("audits:finding_add", args=[audit.reference]),
                           finding_data(**{"finding-kind": "strength",
                                           "finding-description": ""}))
    assert response.status_code == 400 and not Finding.objects.exists()


def test_strength_finding_and_who_may_write(client, people, audit, auditor_ec):
    url = reverse("audits:finding_add", args=[audit.reference])
    data = finding_data(**{"finding-kind": "strength", "finding-evidence": "",
                           "finding-description": "Accueil chaleureux"})
    client.force_login(people.pilot)  # reads the audit of their service, writes nothing
    page = client.get(audit.get_absolute_url())
    assert 'name="finding-description"' not in page.content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(people.quality)
    assert client.post(url, data).status_code == 302
    assert Finding.objects.get().kind == Finding.Kind.STRENGTH
    assert not Nonconformity.objects.exists()
    client.logout()
    assert client.post(url, data).status_code == 302  # to the login page
    assert Finding.objects.count() == 1


def test_build_checklist_from_criteria_and_template(client, audit, auditor_ec):
    template = af.ChecklistTemplateFactory(extra_questions="Le plan de crise est-il connu ?")
    client.force_login(auditor_ec.user)
    url = reverse("audits:checklist_build", args=[audit.reference])
    assert client.post(url, {"build-template": ""}).status_code == 302
    assert ChecklistItem.objects.filter(audit=audit).count() == 2
    assert client.post(url, {"build-template": template.pk}).status_code == 302
    assert ChecklistItem.objects.filter(audit=audit).count() == 3
    response = client.post(url, {"build-template": "999999"})
    assert response.status_code == 400
    assert 'id="id_build-template-errors"' in response.content.decode()


def _answers(items, **by_index):
    data = {"checklist-TOTAL_FORMS": len(items), "checklist-INITIAL_FORMS": len(items),
            "checklist-MIN_NUM_FORMS": 0, "checklist-MAX_NUM_FORMS": 1000}
    for i, item in enumerate(items):
        answer, evidence = by_index.get(f"q{i}", (item.answer, item.evidence))
        data.update({f"checklist-{i}-id": item.pk, f"checklist-{i}-answer": answer,
                     f"checklist-{i}-evidence": evidence})
    return data


def test_answer_the_checklist(client, people, audit, auditor_ec):
    services.audit_build_checklist(audit=audit, user=people.quality)
    items = list(audit.checklist.all())
    client.force_login(auditor_ec.user)
    page = client.get(audit.get_absolute_url()).content.decode()
    assert 'name="checklist-0-answer"' in page and items[0].question in page
    url = reverse("audits:checklist_save", args=[audit.reference])
    # « not conform » without evidence: refused, nothing saved, the other answer kept
    response = client.post(url, _answers(items, q0=("conform", "Vu"), q1=("nonconform", "")))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_checklist-1-evidence-errors"' in body and "Vu" in body
    assert set(audit.checklist.values_list("answer", flat=True)) == {""}
    response = client.post(url, _answers(items, q0=("conform", "Vu"),
                                         q1=("nonconform", "Registre de mars")))
    assert response.status_code == 302
    assert dict(audit.checklist.values_list("order", "answer")) == {
        items[0].order: "conform", items[1].order: "nonconform"}
    # a bad choice is refused by the form
    response = client.post(url, _answers(items, q0=("maybe", "")))
    assert response.status_code == 400
    client.force_login(people.agent)
    assert client.post(url, _answers(items)).status_code == 403


def test_closed_audit_has_no_forms(client, people, audit, auditor_ec):
    services.audit_set_status(audit=audit, user=people.quality, status="cancelled",
                              reason="Grève")
    client.force_login(auditor_ec.user)
    body = client.get(audit.get_absolute_url()).content.decode()
    assert 'name="finding-description"' not in body
    assert client.post(reverse("audits:finding_add", args=[audit.reference]),
                       finding_data()).status_code == 403
