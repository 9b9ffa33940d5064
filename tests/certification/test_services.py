"""Bad input refused with a clear message on the field (nothing written), the rules of
who may write, and the history kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import date_format
from django.utils.translation import gettext

from audits.models import Audit
from certification import services
from certification.models import Certification, CertificationAudit
from tests import factories as f
from tests.audits import factories as af
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
Kind, Result = CertificationAudit.Kind, CertificationAudit.Result


def _messages(error: ValidationError, field: str) -> list[str]:
    return [str(m) for m in error.message_dict[field]]


# --- certifications ----------------------------------------------------------------------------
def test_create_certified_with_everything(people, accueil):
    cert = services.certification_create(
        standard=cf.standard("qualivilles"), services=[accueil], user=people.quality,
        check_permission=True, status=Certification.Status.CERTIFIED,
        certificate_number="QV-2021-001",
        certificate_file=ContentFile(b"%PDF-1.4", name="c.pdf"),
        first_certified_on=datetime.date(2021, 5, 1), valid_until=datetime.date(2027, 4, 30))
    assert list(cert.services.all()) == [accueil]
    record = cert.history.latest()
    assert record.history_user == people.quality
    assert record.history_change_reason == gettext("Creation")


def test_number_without_file_refused(people, accueil):
    with pytest.raises(ValidationError) as error:
        services.certification_create(
            standard=cf.standard(), services=[accueil], user=people.quality,
            certificate_number="AFAQ-1")
    assert _messages(error.value, "certificate_file") == [
        gettext("Attach the certificate that bears this number.")]
    assert not Certification.objects.exists()


def test_certified_needs_number_file_and_first_date(people, accueil):
    with pytest.raises(ValidationError) as error:
        services.certification_create(standard=cf.standard(), services=[accueil],
                                      user=people.quality,
                                      status=Certification.Status.CERTIFIED)
    assert _messages(error.value, "certificate_number") == [
        gettext("A certified status needs the certificate number.")]
    assert _messages(error.value, "certificate_file") == [
        gettext("A certified status needs the certificate (file).")]
    assert _messages(error.value, "first_certified_on") == [
        gettext("A certified status needs the date of first certification.")]


def test_valid_until_before_first_certification_refused(people, accueil):
    with pytest.raises(ValidationError) as error:
        services.certification_create(
            standard=cf.standard(), services=[accueil], user=people.quality,
            first_certified_on=datetime.date(2020, 1, 1), valid_until=datetime.date(2019, 1, 1))
    assert _messages(error.value, "valid_until") == [
        gettext("The certificate cannot end before the first certification.")]


def test_services_required_and_one_active_certification_per_standard(people, accueil,
                                                                      certification):
    with pytest.raises(ValidationError) as error:
        services.certification_create(standard=cf.standard(), services=[],
                                      user=people.quality)
    assert _messages(error.value, "services") == [
        gettext("Choose at least one service covered.")]
    with pytest.raises(ValidationError) as error:
        services.certification_create(standard=cf.standard(), services=[accueil],
                                      user=people.quality)
    assert _messages(error.value, "services") == [gettext(
        "%(services)s already holds an active %(standard)s certification: change that one."
    ) % {"services": accueil.name, "standard": "ISO 9001"}]
    assert Certification.objects.count() == 1


def test_only_quality_engineer_creates(people, accueil):
    with pytest.raises(PermissionDenied):
        services.certification_create(standard=cf.standard(), services=[accueil],
                                      user=people.pilot, check_permission=True)


def test_pilot_updates_own_not_others(people, certification, etat_civil):
    before = certification.history.count()
    services.certification_update(certification=certification, user=people.pilot,
                                  check_permission=True, certifying_body="Bureau Veritas",
                                  reason="Changement d'organisme")
    certification.refresh_from_db()
    assert certification.certifying_body == "Bureau Veritas"
    assert certification.history.latest().history_change_reason == "Changement d'organisme"
    assert certification.history.count() == before + 1
    with pytest.raises(PermissionDenied):
        services.certification_update(certification=certification, user=people.other_pilot,
                                      check_permission=True, notes="x")
    with pytest.raises(PermissionDenied):
        services.certification_update(certification=certification, user=people.agent,
                                      check_permission=True, notes="x")
    # A pilot cannot hand the certification over to services that are not theirs.
    with pytest.raises(PermissionDenied):
        services.certification_update(certification=certification, user=people.pilot,
                                      check_permission=True, services=[etat_civil])


def test_archive_keeps_history(people, certification):
    services.certification_update(certification=certification, user=people.quality,
                                  is_active=False, reason="Service réorganisé")
    assert Certification.objects.filter(pk=certification.pk).exists()
    assert certification.history.latest().is_active is False
    assert certification.history.filter(is_active=True).exists()


# --- certification audits ----------------------------------------------------------------------
def test_surveillance_before_first_certification_refused(people, certification):
    with pytest.raises(ValidationError) as error:
        services.certification_audit_plan(certification=certification, kind=Kind.SURVEILLANCE,
                                          planned_date=datetime.date(2020, 1, 10),
                                          user=people.pilot, check_permission=True)
    expected = gettext("A surveillance or renewal audit cannot take place before the first "
                       "certification (%(date)s).") % {
        "date": date_format(datetime.date(2020, 3, 15))}
    assert _messages(error.value, "planned_date") == [expected]
    assert not CertificationAudit.objects.exists()
    # An initial audit may be before it.
    entry = services.certification_audit_plan(
        certification=certification, kind=Kind.INITIAL, planned_date=datetime.date(2020, 1, 10),
        user=people.pilot, check_permission=True)
    assert entry.created_by == people.pilot


def test_renewal_held_before_first_certification_refused(people, certification):
    entry = cf.CertificationAuditFactory(certification=certification, kind=Kind.RENEWAL,
                                         planned_date=datetime.date(2023, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.certification_audit_record(certification_audit=entry,
                                            held_date=datetime.date(2019, 3, 1),
                                            result=Result.RENEWED, user=people.quality)
    assert "held_date" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.held_date is None and entry.result == Result.PENDING


def test_attached_audit_must_be_external_and_cover_a_service(people, certification, accueil,
                                                             etat_civil):
    internal = af.AuditFactory(kind=Audit.Kind.INTERNAL, services=[accueil])
    with pytest.raises(ValidationError) as error:
        services.certification_audit_plan(certification=certification, kind=Kind.SURVEILLANCE,
                                          planned_date=datetime.date(2026, 3, 10),
                                          audit=internal, user=people.quality)
    assert _messages(error.value, "audit") == [gettext(
        "Attach an external or certification audit: %(audit)s is of the type « %(kind)s »."
    ) % {"audit": internal.reference, "kind": gettext("Internal audit")}]
    elsewhere = af.AuditFactory(kind=Audit.Kind.EXTERNAL, services=[etat_civil])
    with pytest.raises(ValidationError) as error:
        services.certification_audit_plan(certification=certification, kind=Kind.SURVEILLANCE,
                                          planned_date=datetime.date(2026, 3, 10),
                                          audit=elsewhere, user=people.quality)
    assert _messages(error.value, "audit") == [gettext(
        "The audit %(audit)s audits none of the services of this certification."
    ) % {"audit": elsewhere.reference}]
    good = af.AuditFactory(kind=Audit.Kind.CERTIFICATION, services=[accueil, etat_civil])
    entry = services.certification_audit_plan(
        certification=certification, kind=Kind.SURVEILLANCE,
        planned_date=datetime.date(2026, 3, 10), audit=good, user=people.quality)
    assert entry.audit == good


def test_record_result_and_suspension(people, certification):
    entry = services.certification_audit_plan(certification=certification,
                                              kind=Kind.SURVEILLANCE,
                                              planned_date=datetime.date(2025, 3, 1),
                                              user=people.pilot, check_permission=True)
    with pytest.raises(ValidationError) as error:
        services.certification_audit_record(certification_audit=entry, held_date=None,
                                            result=Result.MAINTAINED, user=people.pilot)
    assert _messages(error.value, "held_date") == [
        gettext("Give the date the audit was held to record its result.")]
    services.certification_audit_record(certification_audit=entry,
                                        held_date=datetime.date(2025, 3, 2),
                                        result=Result.SUSPENDED, summary="2 écarts majeurs",
                                        user=people.pilot, check_permission=True)
    certification.refresh_from_db()
    assert certification.status == Certification.Status.SUSPENDED
    assert entry.history.count() == 2
    assert entry.history.latest().history_user == people.pilot


def test_other_pilot_and_agent_cannot_plan_or_record(people, certification):
    for user in (people.other_pilot, people.agent):
        with pytest.raises(PermissionDenied):
            services.certification_audit_plan(certification=certification,
                                              kind=Kind.SURVEILLANCE,
                                              planned_date=datetime.date(2026, 3, 10),
                                              user=user, check_permission=True)
    entry = cf.CertificationAuditFactory(certification=certification)
    with pytest.raises(PermissionDenied):
        services.certification_audit_record(certification_audit=entry,
                                            held_date=datetime.date(2025, 3, 2),
                                            result=Result.MAINTAINED,
                                            user=people.other_pilot, check_permission=True)


def test_direction_pilot_manages_its_services(people, accueil, certification):
    dpc = f.ServiceFactory(code="dpc", kind="direction")
    accueil.parent = dpc
    accueil.save()
    director = f.pilot(username="directeur-dpc", service=dpc)
    entry = services.certification_audit_plan(certification=certification,
                                              kind=Kind.SURVEILLANCE,
                                              planned_date=datetime.date(2026, 3, 10),
                                              user=director, check_permission=True)
    assert entry.pk


def test_new_date_restarts_reminders(people, certification):
    entry = cf.CertificationAuditFactory(certification=certification, reminders_sent=[90, 30])
    services.certification_audit_update(certification_audit=entry, user=people.quality,
                                        planned_date=datetime.date(2027, 6, 1))
    entry.refresh_from_db()
    assert entry.reminders_sent == []
