import datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader

from audits.models import Audit
from certification import demo
from certification.models import Certification, CertificationAudit
from documents.demo.organisation import DIRECTIONS, SERVICES
from qms.models import Service
from tests import factories as f
from tests.audits import factories as af

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(people):
    directions = {code: f.ServiceFactory(code=code, name=name, kind="direction")
                  for code, name, _title in DIRECTIONS}
    for code, name, direction, _pilot, _agent in SERVICES:
        service = f.ServiceFactory(code=code)
        service.name, service.parent = name, directions[direction]
        service.save()
    f.SiteFactory(name=demo.STEP_SITE)
    accueil = Service.objects.get(code="accueil")
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    reception_audit = af.AuditFactory(
        programme=af.ProgrammeFactory(year=next_month.year), kind=Audit.Kind.CERTIFICATION,
        services=[accueil], planned_start=next_month, planned_end=next_month)

    counts = demo.load_demo()
    assert counts["certifications"] == 19
    certified = Certification.objects.certified()
    assert certified.count() == 18
    covered = set(certified.values_list("services__code", flat=True))
    assert len(covered) == 18
    assert {"juridique", "police", "elections", "sports"}.isdisjoint(covered)
    preparing = Certification.objects.get(status=Certification.Status.PREPARING)
    assert preparing.audits.get().kind == CertificationAudit.Kind.INITIAL
    step = Certification.objects.get(standard__code="iso-14001")
    assert step.site.name == demo.STEP_SITE
    qualivilles = Certification.objects.get(standard__code="qualivilles")
    assert qualivilles.audits.get(audit=reception_audit).held_date is None
    for certification in certified:
        years = {e.held_date.year for e in certification.audits.filter(held_date__isnull=False)}
        assert len(years) >= 2  # initial + yearly surveillance
        assert 2016 <= certification.first_certified_on.year <= 2024
        with certification.certificate_file.open("rb") as pdf:
            text = PdfReader(pdf).pages[0].extract_text()
        assert certification.certificate_number in text
    assert CertificationAudit.objects.filter(kind="renewal", result="renewed").exists()

    audits_before = CertificationAudit.objects.count()
    again = demo.load_demo()
    assert again == {"certifications": 0, "audits": 0, "attached": 0}
    assert CertificationAudit.objects.count() == audits_before
    assert CertificationAudit.objects.filter(audit=reception_audit).count() == 1
