"""The back office of the organisation: services and sites, with their history."""

from django.urls import reverse

from qms.models import Service
from tests import factories as f


def test_quality_engineer_edits_a_service_and_sees_its_history(client, db):
    quality = f.quality_engineer(username="qualite")
    service = f.ServiceFactory(code="accueil", name="Accueil")
    client.force_login(quality)
    url = reverse("wagtailsnippets_qms_service:edit", args=[service.pk])
    response = client.post(url, {
        "name": "Accueil – Guichet unique", "code": "accueil", "kind": "service",
        "parent": "", "email": "", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Service.objects.get(pk=service.pk).name == "Accueil – Guichet unique"
    record = service.history.latest("history_date")
    assert record.history_user == quality
    html = client.get(url).content.decode()
    assert "Historique des modifications" in html or "Change history" in html
    assert "Accueil → Accueil – Guichet unique" in html


def test_pilot_cannot_edit_services(client, db):
    pilot = f.pilot(username="pilote")
    service = f.ServiceFactory(code="accueil2", name="Accueil")
    client.force_login(pilot)
    url = reverse("wagtailsnippets_qms_service:edit", args=[service.pk])
    response = client.post(url, {"name": "Piraté", "code": "accueil2", "kind": "service",
                                 "is_active": "on"})
    assert response.status_code in (302, 403)
    assert Service.objects.get(pk=service.pk).name == "Accueil"


def test_user_form_has_the_service(client, db):
    quality = f.quality_engineer(username="qualite3")
    agent = f.agent(username="agent3")
    client.force_login(quality)
    html = client.get(reverse("wagtailusers_users:edit", args=[agent.pk])).content.decode()
    assert 'name="service"' in html and 'name="job_title"' in html
