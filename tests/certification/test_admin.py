"""The back office: a pilot works on the certifications of their services only, the
quality engineer on all and alone adds one; the forms write through the services (their
rules shown on the fields, nothing written); nothing is deleted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from certification.models import Certification, CertificationAudit
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_certification_certification:add"
EDIT = "wagtailsnippets_certification_certification:edit"
LIST = "wagtailsnippets_certification_certification:list"
AUDIT_ADD = "wagtailsnippets_certification_certificationaudit:add"


def _data(accueil, **extra):
    data = {"standard": cf.standard("qualivilles").pk, "services": [accueil.pk],
            "scope": "Accueil", "status": "certified", "certifying_body": "AFNOR",
            "certificate_number": "QV-1", "first_certified_on": "2021-05-01",
            "valid_until": "2024-04-30", "notes": "", "is_active": "on"}
    data.update(extra)
    return data


def test_quality_engineer_adds_through_the_service(client, people, accueil):
    client.force_login(people.quality)
    response = client.post(reverse(ADD), _data(accueil, certificate_file=SimpleUploadedFile(
        "certificat.pdf", b"%PDF-1.4 x", content_type="application/pdf")))
    assert response.status_code == 302, response.context["form"].errors
    cert = Certification.objects.get()
    assert cert.certificate_file and list(cert.services.all()) == [accueil]
    assert cert.history.earliest().history_change_reason == gettext("Creation")


def test_back_office_shows_the_rules_on_the_fields(client, people, accueil):
    client.force_login(people.quality)
    response = client.post(reverse(ADD), _data(accueil, valid_until="2020-01-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["valid_until"] == [
        gettext("The certificate cannot end before the first certification.")]
    assert errors["certificate_file"] == [
        gettext("Attach the certificate that bears this number.")]
    assert not Certification.objects.exists()


def test_pilot_cannot_add_and_edits_only_theirs(client, people, certification, etat_civil):
    theirs = cf.CertificationFactory(services=[etat_civil])
    client.force_login(people.pilot)
    assert client.get(reverse(ADD)).status_code in (302, 403)
    html = client.get(reverse(LIST)).content.decode()
    assert reverse(EDIT, args=[certification.pk]) in html
    assert reverse(EDIT, args=[theirs.pk]) not in html
    assert client.get(reverse(EDIT, args=[certification.pk])).status_code == 200
    assert client.get(reverse(EDIT, args=[theirs.pk])).status_code in (302, 403)


def test_pilot_plans_an_audit_in_the_back_office(client, people, certification):
    client.force_login(people.pilot)
    data = {"certification": certification.pk, "kind": "surveillance",
            "planned_date": "2019-01-01", "summary": "", "result": "pending",
            "is_active": "on"}
    response = client.post(reverse(AUDIT_ADD), data)
    assert response.status_code == 200
    assert "planned_date" in response.context["form"].errors
    data["planned_date"] = (datetime.date.today() + datetime.timedelta(days=100)).isoformat()
    response = client.post(reverse(AUDIT_ADD), data)
    assert response.status_code == 302, response.context["form"].errors
    entry = CertificationAudit.objects.get()
    assert entry.created_by == people.pilot


def test_never_deleted(people):
    from certification.wagtail_hooks import CertificationPermissionPolicy

    policy = CertificationPermissionPolicy(Certification)
    assert not policy.user_has_permission(people.quality, "delete")
    assert policy.user_has_permission(people.quality, "add")
    assert not policy.user_has_permission(people.pilot, "add")
