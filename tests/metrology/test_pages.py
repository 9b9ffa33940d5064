import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from actions.models import Action
from metrology import services
from metrology.models import Verification
from tests.metrology.factories import ResourceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _verified(service, name, days_ago, interval=12):
    resource = ResourceFactory(name=name, service=service, interval_months=interval)
    services.verification_record(resource=resource, result="conform", performed_by="x",
                                 performed_on=TODAY - datetime.timedelta(days=days_ago))
    return resource


def test_register_counts_and_flags_overdue_first(client, people, accueil, ticketing):
    _verified(accueil, "Compteur à jour", 10)
    _verified(accueil, "Compteur en retard", 400)
    client.force_login(people.agent)
    response = client.get(reverse("metrology:register"))
    assert response.status_code == 200
    assert response.context["overdue_count"] == 2  # never verified + overdue
    names = [r.name for r in response.context["resources"]]
    assert names == ["Borne de file d'attente", "Compteur en retard", "Compteur à jour"]
    html = response.content.decode()
    assert '<svg class="met-timeline"' in html and 'class="late"' in html
    response = client.get(reverse("metrology:register"), {"overdue": "on"})
    assert response.context["count"] == 2


def test_register_queries_constant_as_rows_grow(client, people, accueil,
                                                django_assert_max_num_queries):
    client.force_login(people.pilot)
    for n in range(3):
        _verified(accueil, f"R{n}", 30 * n)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("metrology:register"))
    for n in range(3, 40):
        _verified(accueil, f"R{n}", 15 * n)
    with django_assert_max_num_queries(12) as large:
        client.get(reverse("metrology:register"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_resource_page_and_one_click_action(client, people, ticketing,
                                            django_assert_max_num_queries):
    verification = services.verification_record(
        resource=ticketing, performed_on=TODAY, result="not_conform", performed_by="Agent",
        comment="Tickets non horodatés.")
    client.force_login(people.pilot)
    url = reverse("metrology:resource", args=[ticketing.pk])
    with django_assert_max_num_queries(15):
        html = client.get(url).content.decode()
    propose = reverse("metrology:propose_action", args=[verification.pk])
    assert propose in html and "Tickets non horodatés." in html
    response = client.post(propose)
    action = Action.objects.for_source(verification).get()
    assert response.url == reverse("actions:detail", kwargs={"pk": action.pk})
    html = client.get(url).content.decode()
    assert action.reference in html and propose not in html


def test_verification_form_bad_input_then_fixed(client, people, ticketing):
    client.force_login(people.pilot)
    url = reverse("metrology:verify", args=[ticketing.pk])
    assert client.get(url).status_code == 200
    data = {"performed_on": TODAY.isoformat(), "result": "not_conform",
            "performed_by": "Technicien DSI", "comment": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert gettext("Say what was found not conform.") in response.context["errors"]
    assert "Technicien DSI" in response.content.decode()
    data["comment"] = "Écran figé."
    assert client.post(url, data).status_code == 302
    assert Verification.objects.get().comment == "Écran figé."


def test_others_are_refused(client, people, ticketing):
    client.force_login(people.other_pilot)
    assert client.get(reverse("metrology:resource", args=[ticketing.pk])).status_code == 404
    client.force_login(people.agent)
    assert client.get(reverse("metrology:resource", args=[ticketing.pk])).status_code == 200
    assert client.get(reverse("metrology:verify", args=[ticketing.pk])).status_code == 403


def test_admin_list_narrowed_for_a_pilot(client, people, ticketing, etat_civil):
    ResourceFactory(name="Balance état civil", service=etat_civil)
    client.force_login(people.pilot)
    html = client.get(reverse("wagtailsnippets_metrology_measuringresource:list")
                      ).content.decode()
    assert "Borne de file d&#x27;attente" in html or "Borne de file d'attente" in html
    assert "Balance état civil" not in html
    assert client.get(reverse("wagtailsnippets_metrology_verification:add")
                      ).status_code in (302, 403)
