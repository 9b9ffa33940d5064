import datetime
import io

import pytest
from pypdf import PdfReader

from audits import services
from audits.models import Audit, Finding

pytestmark = pytest.mark.django_db


def test_report_generated_by_task_and_read_back(people, programme, auditor_ec,
                                                django_capture_on_commit_callbacks):
    from . import factories as af

    criterion = af.CriterionFactory(reference="7.5.3", title="Maîtrise documentaire")
    audit = services.audit_create(
        programme=programme, title="Accueil", user=people.quality,
        services=[people.agent.service], lead_auditor=auditor_ec, criteria=[criterion],
        planned_start=datetime.date(2026, 3, 10), planned_end=datetime.date(2026, 3, 11),
        objectives="Vérifier l'accueil", distribution="Maire\nDGS")
    services.finding_record(audit=audit, kind=Finding.Kind.MINOR_NC, description="Registre",
                            evidence="3 fiches non signées", criterion=criterion,
                            service=people.agent.service, user=people.quality)
    services.finding_record(audit=audit, kind=Finding.Kind.STRENGTH, description="Accueil",
                            user=people.quality)
    services.audit_update(audit=audit, user=people.quality, conclusions="Satisfaisant",
                          criteria_met="largely")
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_report_request(audit=audit, user=people.quality)
        assert Audit.objects.get(pk=audit.pk).report_state == "pending"
    audit.refresh_from_db()
    assert audit.report_state == "ready" and audit.report_generated_at
    reader = PdfReader(io.BytesIO(audit.report_file.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Vérifier l'accueil", "Maîtrise documentaire", "3 fiches non signées",
                     "Satisfaisant", "Maire", audit.reference):
        assert expected in text, expected
    assert "chantillon" in text or "sample" in text
