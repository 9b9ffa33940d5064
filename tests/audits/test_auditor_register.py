"""The auditor register on the intranet (/audits/auditeurs/): each auditor with their
service, qualifications (expired ones flagged) and the audits they led or took part in;
read by the quality engineer, the auditors and the direction; linked from the programme
page (where /audits/ leads); a number of queries that does not grow with the register."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from audits.models import Audit, AuditorQualification

from . import factories as af

pytestmark = pytest.mark.django_db

URL = reverse("audits:auditors")


def fr(message):
    with translation.override("fr"):
        return gettext(message)


def body(response) -> str:
    return html.unescape(response.content.decode())


def qualify(auditor, *, kind=AuditorQualification.Kind.ISO_19011, standard=None,
            obtained=None, expires=None, description=""):
    return AuditorQualification.objects.create(
        auditor=auditor, kind=kind, standard=standard,
        obtained_on=obtained or datetime.date(2024, 1, 15), expires_on=expires,
        description=description)


@pytest.fixture
def register(people, programme, auditor_ec, auditor_accueil):
    """Two internal auditors and an external one; auditor_ec leads two audits (one
    cancelled, not counted) and is on the team of a third."""
    today = timezone.localdate()
    iso = af.StandardFactory(code="iso-9001", name="ISO 9001")
    qualify(auditor_ec, kind=AuditorQualification.Kind.STANDARD, standard=iso,
            expires=today - datetime.timedelta(days=1), description="AFNOR 2021")
    qualify(auditor_ec, expires=today + datetime.timedelta(days=300))
    external = af.AuditorFactory(user=None, name="Cabinet Qualiconseil", is_internal=False,
                                 organisation="Qualiconseil SARL", email="audit@q.example")
    af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                    services=[people.agent.service])
    af.AuditFactory(programme=programme, lead_auditor=auditor_ec,
                    services=[people.agent.service], status=Audit.Status.CANCELLED)
    team = af.AuditFactory(programme=programme, lead_auditor=external,
                           services=[people.agent.service])
    team.team.set([auditor_ec, auditor_accueil])
    return {"ec": auditor_ec, "acc": auditor_accueil, "external": external, "iso": iso}


def _row(page, name):
    start = page.index(name)
    return page[start:page.index("</tr>", start)]


@pytest.mark.parametrize("who", ["quality", "auditor", "direction"])
def test_oversight_roles_read_the_register(client, people, register, dg, who):
    user = {"quality": people.quality, "auditor": register["ec"].user, "direction": dg}[who]
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    page = body(response)
    assert fr("Auditor register") in page
    assert "Cabinet Qualiconseil" in page and "Qualiconseil SARL" in page


@pytest.mark.parametrize("who", ["pilot", "agent", "other_pilot"])
def test_pilots_and_agents_may_not(client, people, register, who):
    client.force_login(getattr(people, who))
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code in (302, 403)


def test_service_qualifications_and_counts(client, people, register):
    client.force_login(people.quality)
    page = body(client.get(URL))
    ec = _row(page, str(register["ec"].user))
    assert people.other_agent.service.name in ec
    assert "ISO 9001" in ec and "AFNOR 2021" in ec
    # One qualification expired (flagged), the other still valid.
    assert ec.count(fr("Expired")) == 1 and ec.count('class="expired"') == 1
    counts = [cell.split("</td>")[0] for cell in ec.split('<td class="num">')[1:]]
    assert counts == ["1", "1"]  # led 1 (the cancelled audit is not counted), team 1
    acc = _row(page, str(register["acc"].user))
    assert fr("No qualification recorded.") in acc
    assert [c.split("</td>")[0] for c in acc.split('<td class="num">')[1:]] == ["0", "1"]
    external = _row(page, "Cabinet Qualiconseil")
    assert [c.split("</td>")[0] for c in external.split('<td class="num">')[1:]] == ["1", "0"]


def test_inactive_auditors_hidden_unless_asked(client, people, register):
    register["acc"].is_active = False
    register["acc"].save()
    client.force_login(people.quality)
    name = str(register["acc"].user)
    assert name not in body(client.get(URL))
    page = body(client.get(URL, {"inactive": "on"}))
    assert name in page and fr("No longer active") in page


def test_linked_from_the_audits_index(client, people, register, dg):
    client.force_login(people.quality)
    page = client.get(reverse("audits:index"), follow=True).content.decode()
    assert f'href="{URL}"' in page
    # Not offered to those who may not read it (the programme must be approved first).
    from audits.services import programme_approve
    programme_approve(programme=register["ec"].led_audits.first().programme, user=dg)
    client.force_login(people.agent)
    page = client.get(reverse("audits:index"), follow=True).content.decode()
    assert f'href="{URL}"' not in page


def test_register_queries_do_not_grow(client, people, register,
                                      django_assert_max_num_queries):
    client.force_login(people.quality)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    today = timezone.localdate()
    for i in range(6):
        auditor = af.AuditorFactory()
        qualify(auditor, standard=register["iso"], kind=AuditorQualification.Kind.STANDARD,
                expires=today - datetime.timedelta(days=i))
        qualify(auditor)
        af.AuditFactory(programme=register["ec"].led_audits.first().programme,
                        lead_auditor=auditor, services=[people.agent.service])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = body(client.get(URL))
    assert page.count('<tr class="inactive">') == 0
    assert page.count(fr("Expired")) == 1 + 5  # day 0 is still valid today
