"""The process register: interactions in both directions, refused interactions (with
itself, twice), who edits which process and interaction in the back office, the register
page and the page of a process (their query counts pinned)."""

import html

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from actions.services import action_create
from processes.models import Process, ProcessInteraction
from processes.services import process as services
from tests import factories as f
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory
from tests.processes.factories import (
    InteractionFactory,
    ProcessFactory,
    RiskFactory,
    RiskSheetFactory,
)

M, R, S = Process.Family.MANAGEMENT, Process.Family.REALISATION, Process.Family.SUPPORT


class World:
    """Four processes: reception (owned by the reception service, the `people.pilot`'s),
    civil status (owned by the civil status service, `people.other_pilot`'s), steering
    and IT; reception hands requests to civil status and receives its acts back."""

    def __init__(self, people, accueil, etat_civil):
        self.steering = ProcessFactory(code="PRC-M01", name="Pilotage", family=M,
                                       service=people.quality.service, map_order=10)
        self.reception = ProcessFactory(code="PRC-R01", name="Accueil des usagers", family=R,
                                        service=accueil, pilot=people.pilot, map_order=10)
        self.civil = ProcessFactory(code="PRC-R02", name="État civil", family=R,
                                    service=etat_civil, pilot=people.other_pilot,
                                    map_order=20)
        self.it = ProcessFactory(code="PRC-S04", name="Systèmes d'information", family=S,
                                 service=f.ServiceFactory(code="dsi"), map_order=10)
        self.reception.services.set([accueil, etat_civil])
        self.requests = InteractionFactory(source=self.reception, target=self.civil,
                                           description="Demandes d'actes")
        self.acts = InteractionFactory(source=self.civil, target=self.reception,
                                       description="Actes délivrés")
        self.software = InteractionFactory(source=self.it, target=self.reception,
                                           description="Logiciel de relation usagers")


@pytest.fixture
def world(people, accueil, etat_civil):
    return World(people, accueil, etat_civil)


def admin_url(model, view, *args):
    return reverse(f"wagtailsnippets_processes_{model}:{view}", args=args)


def refused(response):
    """Wagtail answers a refused admin view with 403, a redirect to the dashboard, or —
    for someone without access to the admin — to its login page."""
    return response.status_code == 403 or (
        response.status_code == 302 and (
            response["Location"] == reverse("wagtailadmin_home")
            or response["Location"].startswith(reverse("wagtailadmin_login"))
        )
    )


def text(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


# --- interactions --------------------------------------------------------------------------------------


def test_a_process_has_interactions_in_both_directions(world):
    reception = world.reception
    assert {i.target for i in reception.outgoing_interactions.all()} == {world.civil}
    assert {i.source for i in reception.incoming_interactions.all()} == {world.civil, world.it}
    # seen from the other end
    assert list(world.civil.incoming_interactions.all()) == [world.requests]


def test_a_process_cannot_interact_with_itself(world, people):
    with pytest.raises(ValidationError) as refused_error:
        services.process_interaction_create(source=world.reception, target=world.reception,
                                            description="Boucle", user=people.quality)
    assert messages_of(refused_error.value) == [_("A process cannot interact with itself.")]
    assert not ProcessInteraction.objects.filter(source=world.reception,
                                                 target=world.reception).exists()


def test_an_interaction_is_recorded_once(world, people):
    with pytest.raises(ValidationError) as refused_error:
        services.process_interaction_create(source=world.reception, target=world.civil,
                                            description="Encore", user=people.quality)
    assert _("This interaction is already in the register.") in messages_of(refused_error.value)
    world.requests.refresh_from_db()
    assert world.requests.description == "Demandes d'actes"  # nothing lost


def test_an_interaction_keeps_its_history_and_author(world, people):
    interaction = services.process_interaction_create(
        source=world.reception, target=world.steering, description="Réclamations",
        user=people.pilot, check_permission=True,
    )
    services.process_interaction_update(interaction=interaction, user=people.pilot,
                                        description="Bilan des réclamations",
                                        check_permission=True)
    records = list(interaction.history.order_by("history_date"))
    assert [r.description for r in records] == ["Réclamations", "Bilan des réclamations"]
    assert {r.history_user for r in records} == {people.pilot}


def test_a_pilot_records_only_interactions_leaving_their_processes(world, people):
    with pytest.raises(PermissionDenied):
        services.process_interaction_create(source=world.civil, target=world.steering,
                                            user=people.pilot, check_permission=True)
    with pytest.raises(PermissionDenied):
        services.process_interaction_update(interaction=world.acts, description="x",
                                            user=people.pilot, check_permission=True)
    assert not ProcessInteraction.objects.filter(source=world.civil,
                                                 target=world.steering).exists()


# --- the back office ---------------------------------------------------------------------------------


def process_form(process, **changes):
    data = {
        "code": process.code, "name": process.name, "family": process.family,
        "status": process.status, "pilot": process.pilot_id or "",
        "service": process.service_id or "",
        "services": [s.pk for s in process.services.all()],
        "process_sheet": process.process_sheet_id or "", "documents": [],
        "map_order": process.map_order,
    }
    data.update(changes)
    return data


def test_a_pilot_edits_their_own_process(client, world, people):
    client.force_login(people.pilot)
    url = admin_url("process", "edit", world.reception.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, process_form(world.reception, name="Accueil et orientation"))
    assert response.status_code == 302, response.content.decode()[:2000]
    world.reception.refresh_from_db()
    assert world.reception.name == "Accueil et orientation"
    assert world.reception.history.first().history_user == people.pilot


def test_a_pilot_cannot_edit_another_services_process(client, world, people):
    client.force_login(people.pilot)
    url = admin_url("process", "edit", world.civil.pk)
    assert refused(client.get(url))
    assert refused(client.post(url, process_form(world.civil, name="Piraté")))
    world.civil.refresh_from_db()
    assert world.civil.name == "État civil"


def test_a_pilot_lists_only_the_processes_of_their_services(client, world, people):
    client.force_login(people.pilot)
    listing = client.get(admin_url("process", "list")).content.decode()
    assert "PRC-R01" in listing and "PRC-R02" not in listing


def test_a_pilot_keeps_their_process_in_their_services(client, world, people, etat_civil):
    client.force_login(people.pilot)
    response = client.post(admin_url("process", "edit", world.reception.pk),
                           process_form(world.reception, service=etat_civil.pk))
    assert response.status_code == 200  # the form again, with the error
    world.reception.refresh_from_db()
    assert world.reception.service.code == "accueil"


def test_the_quality_engineer_edits_every_process_and_archives_one(client, world, people):
    client.force_login(people.quality)
    response = client.post(admin_url("process", "edit", world.civil.pk),
                           process_form(world.civil, status=Process.Status.ARCHIVED))
    assert response.status_code == 302
    world.civil.refresh_from_db()
    assert world.civil.status == Process.Status.ARCHIVED


def test_nobody_deletes_a_process_from_the_back_office(client, world, people):
    client.force_login(people.quality)
    assert refused(client.post(admin_url("process", "delete", world.it.pk)))
    assert Process.objects.filter(pk=world.it.pk).exists()


def test_agents_do_not_reach_the_register_back_office(client, world, people):
    client.force_login(people.agent)
    assert refused(client.get(admin_url("process", "edit", world.reception.pk)))
    assert refused(client.get(admin_url("processinteraction", "add")))


def interaction_form(source, target, description="Flux"):
    return {"source": source.pk, "target": target.pk, "description": description}


def test_a_pilot_adds_an_interaction_from_their_process_in_the_back_office(client, world,
                                                                           people):
    client.force_login(people.pilot)
    response = client.post(admin_url("processinteraction", "add"),
                           interaction_form(world.reception, world.steering, "Réclamations"))
    assert response.status_code == 302
    assert ProcessInteraction.objects.filter(source=world.reception,
                                             target=world.steering).exists()


def test_a_pilot_cannot_add_an_interaction_from_another_process(client, world, people):
    client.force_login(people.pilot)
    response = client.post(admin_url("processinteraction", "add"),
                           interaction_form(world.civil, world.steering))
    assert response.status_code == 200  # the form, with the refused choice
    assert not ProcessInteraction.objects.filter(source=world.civil,
                                                 target=world.steering).exists()


def test_the_self_interaction_is_refused_in_the_admin_form_in_french(client, world, people):
    client.force_login(people.quality)
    response = client.post(admin_url("processinteraction", "add"),
                           interaction_form(world.civil, world.civil))
    assert response.status_code == 200
    assert _("A process cannot interact with itself.") in response.content.decode()


def test_a_pilot_edits_only_the_interactions_leaving_their_processes(client, world, people):
    client.force_login(people.pilot)
    assert client.get(admin_url("processinteraction", "edit", world.requests.pk)).status_code \
        == 200
    assert refused(client.get(admin_url("processinteraction", "edit", world.acts.pk)))


# --- the register page --------------------------------------------------------------------------------


def test_the_register_lists_the_active_processes_by_family_with_filters(client, world, people,
                                                                        accueil):
    world.it.status = Process.Status.ARCHIVED
    world.it.save()
    client.force_login(people.agent)
    page = client.get(reverse("processes:index")).content.decode()
    assert "PRC-R01" in page and "PRC-M01" in page
    assert reverse("processes:process", args=["PRC-R01"]) in page
    assert "PRC-S04" not in page  # archived: neither drawn nor listed
    realisation = client.get(reverse("processes:index"), {"family": R}).content.decode()
    register = realisation.split('id="register-title"')[1]
    assert "PRC-R01" in register and "PRC-M01" not in register
    # By service: the processes it owns or takes part in.
    by_service = client.get(reverse("processes:index"), {"service": accueil.pk})
    register = by_service.content.decode().split('id="register-title"')[1]
    assert "PRC-R01" in register and "PRC-R02" not in register


def grow(world, count, offset=0):
    """More processes with interactions, indicators and risks."""
    for i in range(count):
        process = ProcessFactory(code=f"PRC-X{offset + i:02d}", family=[M, R, S][i % 3])
        process.services.add(process.service)
        InteractionFactory(source=process, target=world.reception)
        IndicatorFactory(service=process.service).processes.add(process)
        RiskFactory(sheet=RiskSheetFactory(process=process))


REGISTER_QUERIES = 9
"""Measured when written (change it deliberately): session, user, groups, the page's own
(the map: processes, interactions; the register: processes, their services; the
filter's services) and the user's service in the menu."""


def test_the_register_page_runs_a_fixed_number_of_queries(client, world, people,
                                                          django_assert_num_queries):
    client.force_login(people.agent)
    url = reverse("processes:index")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(world, 9)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with django_assert_num_queries(REGISTER_QUERIES):
        client.get(url)


# --- the page of a process ----------------------------------------------------------------------------


def test_the_process_page_shows_its_identity_interactions_and_links(client, world, people):
    IndicatorFactory(code="IND-ACC-01", title="Appels décrochés",
                     service=world.reception.service).processes.add(world.reception)
    ObjectiveFactory(code="OBJ-ACC", title="Accueillir mieux",
                     service=world.reception.service).processes.add(world.reception)
    client.force_login(people.other_agent)  # any member of staff
    response = client.get(reverse("processes:process", args=["PRC-R01"]))
    assert response.status_code == 200
    page = text(response)
    for expected in ["Accueil des usagers", str(people.pilot), "État civil",
                     "Demandes d'actes", "Actes délivrés", "Logiciel de relation usagers",
                     "IND-ACC-01", "OBJ-ACC", _("No process sheet yet."),
                     _("No risk sheet yet.")]:
        assert expected in page, expected
    upstream, downstream = page.split('id="upstream-title"')[1].split('id="downstream-title"')
    assert "PRC-S04" in upstream and "Actes délivrés" in upstream
    assert "Demandes d'actes" in downstream and "PRC-S04" not in downstream
    # The indicator of another service is listed, not linked, for this reader.
    assert reverse("indicators:indicator_detail", args=["IND-ACC-01"]) not in page


def test_the_process_page_sums_up_risks_and_lists_attached_actions(client, world, people):
    sheet = RiskSheetFactory(process=world.reception)
    risk = RiskFactory(sheet=sheet, likelihood=4, severity=4)  # critical
    RiskFactory(sheet=sheet, likelihood=1, severity=2)  # low
    RiskFactory(sheet=sheet, likelihood=4, severity=4, is_active=False)  # archived
    from datetime import date, timedelta

    action_create(source=risk, title="Former les agents à l'accueil difficile",
                  kind="risk_treatment", owner=people.pilot, service=world.reception.service,
                  due_date=date.today() - timedelta(days=3), user=people.quality)
    action_create(source=world.reception, title="Revoir la signalétique",
                  kind="improvement", owner=people.pilot, service=world.reception.service,
                  due_date=date.today() + timedelta(days=30), user=people.quality)
    client.force_login(people.pilot)
    response = client.get(reverse("processes:process", args=["PRC-R01"]))
    page = response.context["page"]
    counts = {level: count for level, _label, count in page.risks.by_level}
    assert counts == {"critical": 1, "high": 0, "moderate": 0, "low": 1}
    assert page.risks.risks == 2
    content = text(response)
    assert "Former les agents à l'accueil difficile" in content
    assert "Revoir la signalétique" in content
    assert _("Late") in content


def test_the_process_page_offers_the_back_office_to_who_may_edit(client, world, people):
    url = reverse("processes:process", args=["PRC-R01"])
    edit = admin_url("process", "edit", world.reception.pk)
    client.force_login(people.pilot)
    assert edit in client.get(url).content.decode()
    client.force_login(people.other_pilot)
    assert edit not in client.get(url).content.decode()


def test_an_unknown_process_is_not_found(client, world, people):
    client.force_login(people.agent)
    assert client.get(reverse("processes:process", args=["PRC-Z99"])).status_code == 404


def test_an_archived_process_stays_consultable(client, world, people):
    world.civil.status = Process.Status.ARCHIVED
    world.civil.save()
    client.force_login(people.agent)
    assert _("Archived") in text(client.get(reverse("processes:process", args=["PRC-R02"])))


PROCESS_PAGE_QUERIES = 19
"""Measured when written (change it deliberately): session, user, the process, its
services, interactions both ways, indicators, objectives, documents, issues, parties,
the risk sheet and its counts, groups, the user's services (three), the actions, and the
user's service in the menu."""


def test_the_process_page_runs_a_fixed_number_of_queries(client, world, people,
                                                         django_assert_num_queries):
    client.force_login(people.pilot)
    url = reverse("processes:process", args=["PRC-R01"])
    sheet = RiskSheetFactory(process=world.reception)
    client.get(url)  # the content types of the actions' sources, cached from then on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        other = ProcessFactory(code=f"PRC-Y{i}")
        InteractionFactory(source=other, target=world.reception)
        InteractionFactory(source=world.reception, target=other)
        IndicatorFactory(service=world.reception.service).processes.add(world.reception)
        RiskFactory(sheet=sheet, likelihood=1 + i % 4, severity=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        client.get(url)


def test_the_process_page_offers_a_new_action_attached_to_the_process(client, world, people):
    url = reverse("processes:process", args=["PRC-R01"])
    client.force_login(people.pilot)
    page = text(client.get(url))
    assert reverse("actions:create") in page
    source = f"{ContentType.objects.get_for_model(Process).pk}:{world.reception.pk}"
    assert urlencode({"source": source}) in page
    client.force_login(people.agent)
    assert reverse("actions:create") not in text(client.get(url))


def test_the_process_page_links_the_risk_sheet_only_for_who_may_read_it(client, world,
                                                                        people):
    sheet = RiskSheetFactory(process=world.reception, service=world.reception.service)
    url = reverse("processes:process", args=["PRC-R01"])
    sheet_url = reverse("processes:risk_sheet", kwargs={"pk": sheet.pk})
    client.force_login(people.agent)  # an agent of the reception service
    assert sheet_url in text(client.get(url))
    assert client.get(sheet_url).status_code == 200
    client.force_login(people.other_agent)  # an agent of the civil registry
    assert sheet_url not in text(client.get(url))
    assert client.get(sheet_url).status_code == 403
