import datetime

import pytest
from django.urls import reverse

from audits.models import Audit, Nonconformity

from . import factories as af

pytestmark = pytest.mark.django_db

MODELS = ["standard", "criterion", "checklisttemplate", "auditor", "auditorqualification",
          "auditprogramme", "audit", "finding", "nonconformity"]


def url(model, view="list", *args):
    return reverse(f"wagtailsnippets_audits_{model}:{view}", args=args)


def test_quality_engineer_lists_everything(client, people):
    af.NonconformityFactory(service=people.agent.service)
    client.force_login(people.quality)
    for model in MODELS:
        assert client.get(url(model)).status_code == 200, model


def test_audit_form_refuses_an_auditor_of_the_audited_service(client, people, programme,
                                                              auditor_accueil, auditor_ec):
    client.force_login(people.quality)
    data = {"programme": programme.pk, "title": "Audit accueil", "kind": "internal",
            "status": "planned", "services": [people.agent.service.pk],
            "lead_auditor": auditor_accueil.pk, "team": [auditor_ec.pk],
            "planned_start": "2026-04-01", "planned_end": "2026-04-02"}
    response = client.post(url("audit", "add"), data)
    assert response.status_code == 200
    assert "own service" in response.content.decode() or "propre service" in \
        response.content.decode()
    assert not Audit.objects.exists()
    data["lead_auditor"] = auditor_ec.pk
    data["team"] = []
    response = client.post(url("audit", "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    audit = Audit.objects.get()
    assert audit.reference == "AUD-2026-01" and audit.created_by == people.quality


def test_nonconformity_form_numbers_and_stores_the_analysis(client, people):
    client.force_login(people.pilot)
    today = datetime.date.today()
    data = {"title": "Attente", "severity": "minor", "source_kind": "internal",
            "service": people.agent.service.pk, "description": "Attente de 40 min",
            "detected_at": today.isoformat(), "analysis_method": "five_whys",
            "why_1": "Guichet fermé", "why_2": "Agent absent", "root_cause": "Pas de suppléant",
            "cause_methodes": "", "status": "open"}
    response = client.post(url("nonconformity", "add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    nc = Nonconformity.objects.get()
    assert nc.reference == f"NC-{today.year}-001"
    assert nc.five_whys == ["Guichet fermé", "Agent absent"]
    assert nc.status == Nonconformity.Status.ANALYSED
    # A pilot of another service neither sees nor edits it.
    client.force_login(people.other_pilot)
    assert client.get(url("nonconformity", "edit", nc.pk)).status_code in (302, 403)
    client.get(url("nonconformity"))  # consumes the « created » message of the pilot
    listing = client.get(url("nonconformity")).content.decode()
    assert url("nonconformity", "edit", nc.pk) not in listing and nc.reference not in listing


def test_pilot_cannot_plan_audits_and_agent_has_no_admin(client, people):
    client.force_login(people.pilot)
    assert client.get(url("audit", "add")).status_code in (302, 403)
    client.force_login(people.agent)
    assert client.get(url("nonconformity")).status_code in (302, 403)


def test_cancelling_in_the_admin_needs_a_reason(client, people, programme, auditor_ec):
    from audits import services

    audit = services.audit_create(programme=programme, title="Audit accueil",
                                  user=people.quality, services=[people.agent.service],
                                  lead_auditor=auditor_ec,
                                  planned_start=datetime.date(2026, 4, 1),
                                  planned_end=datetime.date(2026, 4, 2))
    client.force_login(people.quality)
    data = {"programme": programme.pk, "title": "Audit accueil", "kind": "internal",
            "status": "cancelled", "services": [people.agent.service.pk],
            "lead_auditor": auditor_ec.pk, "planned_start": "2026-04-01",
            "planned_end": "2026-04-02", "cancellation_reason": "  "}
    response = client.post(url("audit", "edit", audit.pk), data)
    assert response.status_code == 200
    audit.refresh_from_db()
    assert audit.status == Audit.Status.PLANNED
    data["cancellation_reason"] = "Service fermé pour travaux"
    assert client.post(url("audit", "edit", audit.pk), data).status_code == 302
    audit.refresh_from_db()
    assert audit.status == Audit.Status.CANCELLED


def test_finding_added_in_the_admin_opens_its_nonconformity(client, people, programme,
                                                            auditor_ec):
    from audits.models import Finding

    audit = af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                            services=[people.agent.service])
    client.force_login(people.quality)
    assert client.get(url("finding", "add")).status_code == 200
    data = {"audit": audit.pk, "kind": "major_nc", "clause_reference": "7.1.5",
            "service": people.agent.service.pk, "description": "Balance non étalonnée",
            "evidence": ""}
    response = client.post(url("finding", "add"), data)
    assert response.status_code == 200 and not Finding.objects.exists()  # evidence needed
    data["evidence"] = "Certificat expiré en 2024"
    response = client.post(url("finding", "add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = Finding.objects.get()
    assert finding.nonconformity.severity == "major"
    assert finding.history.latest().history_user == people.quality
