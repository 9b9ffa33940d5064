"""The intranet pages: the municipality-wide view (counts, filters, chart), a
certification's page, the certificate download (staff concerned only), the calendar and
its .ics export, the forms to plan and record an audit — and their query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from audits.models import Audit
from certification.models import Certification, CertificationAudit
from tests import factories as f
from tests.audits import factories as af
from tests.certification import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
Kind = CertificationAudit.Kind


@pytest.fixture
def municipality(people, accueil, etat_civil):
    """Two directions, five services: three certified (one through a shared certificate),
    one preparing, one without certification."""
    dpc = f.ServiceFactory(code="dpc", name="Direction de la population", kind="direction")
    dst = f.ServiceFactory(code="dst", name="Direction technique", kind="direction")
    for service in (accueil, etat_civil):
        service.parent = dpc
        service.save()
    step = f.ServiceFactory(code="step", name="Station d'épuration", parent=dst)
    voirie = f.ServiceFactory(code="voirie", name="Voirie", parent=dst)
    sports = f.ServiceFactory(code="sports", name="Sports", parent=dst)
    people.quality.service.kind = "direction"  # the quality engineer's "dgs"
    people.quality.service.save()
    shared = cf.CertificationFactory(services=[accueil, etat_civil],
                                     first_certified_on=datetime.date(2016, 3, 15))
    cf.CertificationFactory(standard=cf.standard("qualivilles"), services=[accueil])
    cf.CertificationFactory(standard=cf.standard("iso-14001"), services=[step],
                            certifying_body="Bureau Veritas")
    cf.CertificationFactory(services=[sports], status=Certification.Status.PREPARING,
                            certificate_number="", certificate_file=None,
                            first_certified_on=None, valid_until=None)
    cf.CertificationAuditFactory(certification=shared,
                                 planned_date=TODAY + datetime.timedelta(days=40))
    return {"step": step, "voirie": voirie, "sports": sports, "shared": shared}


def test_municipality_view_counts(client, people, municipality, accueil):
    client.force_login(people.agent)
    response = client.get(reverse("certification:index"))
    assert response.status_code == 200
    html = response.content.decode()
    headline = ngettext("%(counter)s service certified out of %(total)s",
                        "%(counter)s services certified out of %(total)s", 3) % {
        "counter": 3, "total": 5}
    assert headline in html
    data = response.context["overview"]
    assert (data.certified, data.total) == (3, 5)
    assert [s.code for s in data.standards] == ["iso-14001", "iso-9001", "qualivilles"]
    rows = {row.service.code: row for group in data.groups for row in group.rows}
    assert rows["voirie"].cells == [None, None, None]
    shared_cell = rows["etat-civil"].cells[1]
    assert shared_cell.certification == municipality["shared"]
    assert shared_cell.next_audit.planned_date == TODAY + datetime.timedelta(days=40)
    assert [g.direction.code for g in data.groups] == ["dpc", "dst"]
    assert 'role="img"' in html and "<svg" in html
    assert reverse("certification:detail", args=[municipality["shared"].pk]) in html


def test_filters_by_standard_and_status(client, people, municipality):
    client.force_login(people.agent)
    data = client.get(reverse("certification:index"),
                      {"standard": cf.standard().pk}).context["overview"]
    assert [s.code for s in data.standards] == ["iso-9001"]
    assert (data.certified, data.total) == (2, 5)
    data = client.get(reverse("certification:index"),
                      {"status": "preparing"}).context["overview"]
    assert [row.service.code for g in data.groups for row in g.rows] == ["sports"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_constant(client, people, municipality, django_assert_max_num_queries):
    client.force_login(people.quality)
    urls = [reverse("certification:index"), reverse("certification:calendar"),
            reverse("certification:detail", args=[municipality["shared"].pk])]
    before = [_count(client, url) for url in urls]
    for index in range(12):
        service = f.ServiceFactory(parent=municipality["step"].parent)
        cert = cf.CertificationFactory(services=[service])
        cf.CertificationAuditFactory(certification=cert,
                                     planned_date=TODAY + datetime.timedelta(days=10 + index))
        cf.CertificationAuditFactory(certification=municipality["shared"],
                                     planned_date=TODAY + datetime.timedelta(days=60 + index))
        cf.CertificationAuditFactory(certification=municipality["shared"],
                                     kind=Kind.SURVEILLANCE,
                                     planned_date=datetime.date(2021, 3, 1 + index),
                                     held_date=datetime.date(2021, 3, 1 + index),
                                     result="maintained")
    after = [_count(client, url) for url in urls]
    print("query counts (index, calendar, detail):", before, after)
    assert after == before
    for url, limit in zip(urls, (9, 7, 7), strict=True):
        with django_assert_max_num_queries(limit):
            client.get(url)


def test_certification_page(client, people, certification, accueil):
    audit = af.AuditFactory(kind=Audit.Kind.EXTERNAL, services=[accueil])
    af.FindingFactory(audit=audit, kind="minor_nc")
    af.FindingFactory(audit=audit, kind="strength")
    cf.CertificationAuditFactory(certification=certification, audit=audit,
                                 planned_date=datetime.date(2025, 3, 1),
                                 held_date=datetime.date(2025, 3, 2), result="maintained",
                                 summary="Certification maintenue")
    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=TODAY + datetime.timedelta(days=30))
    client.force_login(people.agent)
    response = client.get(reverse("certification:detail", args=[certification.pk]))
    html = response.content.decode()
    assert reverse("audits:audit", args=[audit.reference]) in html
    held = response.context["entries"]["held"][0]
    assert (held.major_count, held.minor_count, held.other_count) == (0, 1, 1)
    assert len(response.context["entries"]["upcoming"]) == 1
    # The agent reads the page but not the certificate, and may not plan.
    assert reverse("certification:certificate", args=[certification.pk]) not in html
    assert reverse("certification:plan", args=[certification.pk]) not in html
    client.force_login(people.pilot)
    html = client.get(reverse("certification:detail", args=[certification.pk])).content.decode()
    assert reverse("certification:certificate", args=[certification.pk]) in html
    assert reverse("certification:plan", args=[certification.pk]) in html


@pytest.mark.parametrize("who, status", [
    ("quality", 200), ("pilot", 200), ("direction", 200), ("auditor", 200),
    ("agent", 403), ("other_pilot", 403),
])
def test_certificate_download(client, people, certification, direction_user, auditor, who,
                              status):
    user = {"direction": direction_user, "auditor": auditor}.get(who) or getattr(people, who)
    client.force_login(user)
    response = client.get(reverse("certification:certificate", args=[certification.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]


def test_certificate_not_in_a_public_url(client, people, certification):
    client.force_login(people.quality)
    html = client.get(reverse("certification:detail", args=[certification.pk])).content
    assert certification.certificate_file.url.encode() not in html


def test_calendar_lists_certification_and_unattached_external_audits(client, people, accueil,
                                                                    certification):
    next_month = TODAY + datetime.timedelta(days=35)
    programme = af.ProgrammeFactory(year=next_month.year, status="approved")
    attached = af.AuditFactory(programme=programme, kind=Audit.Kind.CERTIFICATION,
                               services=[accueil], planned_start=next_month,
                               planned_end=next_month, title="Audit rattaché")
    cf.CertificationAuditFactory(certification=certification, planned_date=next_month,
                                 audit=attached)
    loose = af.AuditFactory(programme=programme, kind=Audit.Kind.EXTERNAL, services=[accueil],
                            planned_start=next_month, planned_end=next_month,
                            title="Audit externe DDPP")
    af.AuditFactory(programme=programme, kind=Audit.Kind.INTERNAL, services=[accueil],
                    planned_start=next_month, planned_end=next_month, title="Audit interne")
    cf.CertificationAuditFactory(certification=certification,
                                 planned_date=TODAY + datetime.timedelta(days=400))
    client.force_login(people.quality)
    response = client.get(reverse("certification:calendar"))
    months = response.context["months"]
    titles = [e.title for m in months for e in m.entries]
    assert titles == sorted(titles) and len(titles) == 2
    assert "Audit externe DDPP" in titles and "Audit interne" not in titles
    assert "Audit rattaché" not in titles  # shown as the certification's audit
    assert loose.get_absolute_url() in response.content.decode()
    ics = client.get(reverse("certification:calendar_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.count("BEGIN:VEVENT") == 2 and "\r\n" in body
    assert f"DTSTART;VALUE=DATE:{next_month:%Y%m%d}" in body


def test_plan_form_bad_date_then_fixed(client, people, certification):
    url = reverse("certification:plan", args=[certification.pk])
    client.force_login(people.pilot)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": Kind.SURVEILLANCE, "planned_date": "2019-05-10"})
    assert response.status_code == 400
    html = response.content.decode()
    expected = gettext("A surveillance or renewal audit cannot take place before the first "
                       "certification (%(date)s).") % {
        "date": date_format(datetime.date(2020, 3, 15))}
    assert response.context["form"].errors["planned_date"] == [expected]
    assert 'value="2019-05-10"' in html  # nothing lost
    assert 'aria-invalid="true"' in html
    assert not CertificationAudit.objects.exists()
    response = client.post(url, {"kind": Kind.SURVEILLANCE, "planned_date": "2027-03-05"})
    assert response.status_code == 302
    assert CertificationAudit.objects.get().planned_date == datetime.date(2027, 3, 5)


@pytest.mark.parametrize("who", ["agent", "other_pilot"])
def test_plan_and_record_refused_to_others(client, people, certification, who):
    entry = cf.CertificationAuditFactory(certification=certification)
    client.force_login(getattr(people, who))
    assert client.get(reverse("certification:plan", args=[certification.pk])).status_code == 403
    response = client.post(reverse("certification:plan", args=[certification.pk]),
                           {"kind": Kind.SURVEILLANCE, "planned_date": "2027-03-05"})
    assert response.status_code == 403
    response = client.post(reverse("certification:record", args=[certification.pk, entry.pk]),
                           {"planned_date": "2027-03-05", "held_date": "2025-03-05",
                            "result": "maintained"})
    assert response.status_code == 403
    assert CertificationAudit.objects.count() == 1


def test_record_form(client, people, certification):
    entry = cf.CertificationAuditFactory(certification=certification,
                                         planned_date=datetime.date(2025, 3, 1))
    url = reverse("certification:record", args=[certification.pk, entry.pk])
    client.force_login(people.quality)
    response = client.post(url, {"planned_date": "2025-03-01", "held_date": "",
                                 "result": "maintained"})
    assert response.status_code == 400
    assert response.context["form"].errors["held_date"] == [
        gettext("Give the date the audit was held to record its result.")]
    response = client.post(url, {"planned_date": "2025-03-01", "held_date": "2025-03-03",
                                 "result": "maintained", "summary": "RAS"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.held_date, entry.result, entry.summary) == (
        datetime.date(2025, 3, 3), "maintained", "RAS")


def test_anonymous_redirected(client, certification):
    response = client.get(reverse("certification:index"))
    assert response.status_code == 302
