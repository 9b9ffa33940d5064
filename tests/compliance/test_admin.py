import pytest
from django.urls import reverse

from compliance.wagtail_hooks import regulation_policy, requirement_policy
from tests.compliance import factories as cf

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(people, accueil, etat_civil):
    mine = cf.RegulationFactory(title="Texte accueil", services=[accueil])
    cf.RequirementFactory(regulation=mine, article="art. A")
    theirs = cf.RegulationFactory(title="Texte état civil", services=[etat_civil])
    cf.RequirementFactory(regulation=theirs, article="art. B")
    return mine, theirs


def test_pilot_list_narrowed_to_their_services(client, texts, people):
    client.force_login(people.pilot)
    response = client.get(reverse("wagtailsnippets_compliance_regulation:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Texte accueil" in html and "Texte état civil" not in html
    mine, theirs = texts
    assert client.get(reverse("wagtailsnippets_compliance_regulation:edit",
                              args=[mine.pk])).status_code == 200
    assert client.get(reverse("wagtailsnippets_compliance_regulation:edit",
                              args=[theirs.pk])).status_code in (302, 403)


def test_quality_engineer_sees_all_and_never_deletes(client, texts, people):
    client.force_login(people.quality)
    html = client.get(reverse("wagtailsnippets_compliance_regulation:list")).content.decode()
    assert "Texte accueil" in html and "Texte état civil" in html
    assert client.get(reverse("wagtailsnippets_compliance_regulation:add")).status_code == 200
    assert not regulation_policy.user_has_permission(people.quality, "delete")
    assert not requirement_policy.user_has_permission(people.quality, "delete")


def test_agent_has_no_back_office_rights(client, texts, people):
    mine, _theirs = texts
    assert not regulation_policy.user_has_permission_for_instance(people.agent, "change", mine)
    assert requirement_policy.user_has_permission_for_instance(
        people.pilot, "change", mine.requirements.get())
    assert not requirement_policy.user_has_permission_for_instance(
        people.other_pilot, "change", mine.requirements.get())
