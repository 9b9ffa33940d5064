import pytest
from django.urls import reverse

from providers.models import Provider

pytestmark = pytest.mark.django_db


def test_pilot_list_narrowed_to_their_services(client, people, cleaning, other_provider):
    client.force_login(people.pilot)
    html = client.get(reverse("wagtailsnippets_providers_provider:list")).content.decode()
    assert "Propreté Services" in html and "Archives Numérisation" not in html
    assert client.get(reverse("wagtailsnippets_providers_provider:edit",
                              args=[cleaning.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_providers_provider:edit",
                              args=[other_provider.pk])).status_code in (302, 403)


def test_quality_engineer_adds_a_provider_due_one_interval_later(client, people, accueil):
    client.force_login(people.quality)
    url = reverse("wagtailsnippets_providers_provider:add")
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "name": "Nouveau", "kind": "supplier", "siret": "", "services": [accueil.pk],
        "criticality": "medium", "evaluation_interval_months": 12,
        "contract_start": "2025-02-01", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    provider = Provider.objects.get(name="Nouveau")
    assert str(provider.next_evaluation_due) == "2026-02-01"


def test_pilot_cannot_add_for_another_service(client, people, etat_civil):
    client.force_login(people.pilot)
    response = client.post(reverse("wagtailsnippets_providers_provider:add"), {
        "name": "Intrus", "kind": "supplier", "services": [etat_civil.pk],
        "criticality": "medium", "evaluation_interval_months": 12, "is_active": "on",
    })
    assert response.status_code == 200
    assert not Provider.objects.filter(name="Intrus").exists()


def test_evaluations_read_only_and_criteria_for_the_quality_engineer(client, people):
    client.force_login(people.pilot)
    assert client.get(reverse("wagtailsnippets_providers_evaluation:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_providers_evaluation:add")).status_code in (
        302, 403)
    assert client.get(reverse(
        "wagtailsnippets_providers_evaluationcriterion:add")).status_code in (302, 403)
    client.force_login(people.quality)
    assert client.get(reverse(
        "wagtailsnippets_providers_evaluationcriterion:list")).status_code == 200
