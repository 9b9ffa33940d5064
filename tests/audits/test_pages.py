import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from audits import services
from audits.models import Finding, Nonconformity

from . import factories as af

pytestmark = pytest.mark.django_db

MARCH = {"planned_start": datetime.date(2026, 3, 10), "planned_end": datetime.date(2026, 3, 11)}


@pytest.fixture
def audit(people, programme, auditor_ec):
    return services.audit_create(programme=programme, title="Audit accueil",
                                 user=people.quality, services=[people.agent.service],
                                 lead_auditor=auditor_ec, **MARCH)


def test_programme_page_draft_hidden_from_agents(client, people, audit, dg):
    url = reverse("audits:programme", args=[2026])
    client.force_login(people.agent)
    assert client.get(url).status_code == 403
    client.force_login(dg)
    response = client.get(url)
    assert response.status_code == 200 and audit.reference in response.content.decode()
    assert client.post(reverse("audits:programme_approve", args=[2026])).status_code == 302
    client.force_login(people.agent)
    response = client.get(url)
    assert response.status_code == 200 and audit.reference in response.content.decode()
    client.force_login(people.other_agent)
    assert audit.reference not in client.get(url).content.decode()


def test_audit_page_and_report(client, people, audit, auditor_ec,
                               django_capture_on_commit_callbacks):
    services.finding_record(audit=audit, kind=Finding.Kind.STRENGTH,
                            description="Accueil chaleureux", user=auditor_ec.user)
    client.force_login(auditor_ec.user)
    page = client.get(audit.get_absolute_url())
    assert page.status_code == 200 and "Accueil chaleureux" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("audits:report_request", args=[audit.reference]))
    response = client.get(reverse("audits:report", args=[audit.reference]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(people.other_agent)
    assert client.get(audit.get_absolute_url()).status_code == 403
    assert client.get(reverse("audits:report", args=[audit.reference])).status_code == 403


def _ncs(service, n):
    today = timezone.localdate()
    for i in range(n):
        af.NonconformityFactory(service=service, detected_at=today - datetime.timedelta(10 + i),
                                target_closure_date=today - datetime.timedelta(1))


def test_nonconformity_list_scoped_with_constant_queries(client, people,
                                                         django_assert_max_num_queries):
    _ncs(people.agent.service, 3)
    _ncs(people.other_agent.service, 2)
    client.force_login(people.agent)
    url = reverse("audits:nonconformities")
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    body = response.content.decode()
    assert body.count('class="overdue"') == 3
    _ncs(people.agent.service, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="overdue"') == 23
    client.force_login(people.quality)
    assert client.get(url, {"service": people.other_agent.service.pk}).content.decode() \
        .count('class="overdue"') == 2


def test_nonconformity_page_and_closure(client, people):
    nc = services.nonconformity_create(title="Délai", description="x",
                                       service=people.agent.service, source_kind="internal",
                                       user=people.agent)
    services.nonconformity_record_analysis(nc=nc, user=people.pilot, method="five_whys",
                                           root_cause="Pas de suppléant", five_whys=["a"])
    action = services.nonconformity_add_action(nc=nc, user=people.pilot, title="Suppléant",
                                               owner=people.agent,
                                               due_date=timezone.localdate())
    client.force_login(people.quality)
    page = client.get(nc.get_absolute_url()).content.decode()
    assert action.reference in page and "Pas de suppléant" in page
    response = client.post(reverse("audits:nonconformity_close", args=[nc.reference]),
                           follow=True)
    assert action.reference in response.content.decode()
    assert not Nonconformity.objects.get(pk=nc.pk).is_closed
    action_services.action_record_effectiveness(action=action, user=people.quality,
                                                verdict="effective", evidence="OK")
    action_services.action_close(action=action, user=people.quality)
    client.post(reverse("audits:nonconformity_close", args=[nc.reference]),
                {"comment": "Vérifié"})
    assert Nonconformity.objects.get(pk=nc.pk).is_closed
    client.force_login(people.other_agent)
    assert client.get(nc.get_absolute_url()).status_code == 403
