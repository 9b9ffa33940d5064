"""The action plan's back office: a pilot works on their services' actions only, the
quality engineer on all; creating an action goes through actions.services (it gets its
reference there); the model's rules refuse bad input with their message and nothing is
written; the source is shown, never edited."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from actions.models import Action
from actions.services import action_create
from tests import factories as f
from tests.actions.factories import ActionFactory

TODAY = timezone.localdate()


def url(view, *args):
    return reverse(f"wagtailsnippets_actions_action:{view}", args=args)


def page(response):
    return response.content.decode()


def refused(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard (or to the
    login page for someone who has no access to the admin at all)."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and (
            response["Location"] == reverse("wagtailadmin_home")
            or response["Location"].startswith(reverse("wagtailadmin_login"))
        )
    )


def french(message):
    with translation.override("fr"):
        return gettext(message)


def in_page(message, html):
    """The message as the page shows it (HTML-escaped apostrophes and quotes)."""
    from django.utils.html import escape

    return escape(french(message)) in html


def form(action=None, **changes):
    """The admin form's data for `action` (or a new one), with `changes`."""
    data = {
        "title": "", "kind": Action.Kind.IMPROVEMENT, "description": "", "expected_result": "",
        "owner": "", "service": "", "start_date": "", "due_date": "", "status": "planned",
        "progress": "0", "cancellation_reason": "", "change_reason": "",
        "operating_budget_planned": "0", "operating_budget_spent": "0",
        "investment_budget_planned": "0", "investment_budget_spent": "0",
        "effectiveness_checked_at": "", "effectiveness_verdict": "",
        "effectiveness_evidence": "",
    }
    if action is not None:
        for name in data:
            if hasattr(action, name) and name not in ("owner", "service"):
                value = getattr(action, name)
                data[name] = "" if value is None else str(value)
        data["owner"], data["service"] = action.owner_id, action.service_id
    data.update({k: "" if v is None else v for k, v in changes.items()})
    return data


@pytest.fixture
def own(people, accueil):
    return ActionFactory(reference="ACT-2026-0101", title="Refaire la signalétique du hall",
                         service=accueil, owner=people.agent)


@pytest.fixture
def foreign(people, etat_civil):
    return ActionFactory(reference="ACT-2026-0102", title="Numériser les registres de 1950",
                         service=etat_civil, owner=people.other_agent)


# --- Scope ----------------------------------------------------------------------------------------


def test_the_plan_is_in_the_admin_menu(client, people):
    client.force_login(people.pilot)
    html = page(client.get(reverse("wagtailadmin_home")))
    assert url("list") in html


def test_a_pilot_lists_only_their_services_actions(client, people, own, foreign):
    client.force_login(people.pilot)
    html = page(client.get(url("list")))
    assert "ACT-2026-0101" in html and "ACT-2026-0102" not in html
    client.force_login(people.quality)
    html = page(client.get(url("list")))
    assert "ACT-2026-0101" in html and "ACT-2026-0102" in html


def test_a_pilot_also_lists_the_actions_they_own_elsewhere(client, people, etat_civil):
    ActionFactory(reference="ACT-2026-0150", service=etat_civil, owner=people.pilot)
    client.force_login(people.pilot)
    assert "ACT-2026-0150" in page(client.get(url("list")))


def test_agents_do_not_reach_the_plan_in_the_admin(client, people, own):
    client.force_login(people.agent)
    assert refused(client.get(url("list")))
    assert refused(client.get(url("edit", own.pk)))


def test_a_pilot_may_not_open_or_change_another_services_action(client, people, foreign):
    client.force_login(people.pilot)
    edit = url("edit", foreign.pk)
    assert refused(client.get(edit))
    assert refused(client.post(edit, form(foreign, title="Piraté")))
    assert refused(client.get(url("history", foreign.pk)))
    foreign.refresh_from_db()
    assert foreign.title == "Numériser les registres de 1950"


def test_a_pilot_edits_their_services_action(client, people, own):
    client.force_login(people.pilot)
    edit = url("edit", own.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, form(own, progress="40", change_reason="Devis reçu"))
    assert response.status_code == 302, page(response)[:3000]
    own.refresh_from_db()
    assert (own.progress, own.status) == (40, Action.Status.IN_PROGRESS)  # normalised
    record = own.history.latest()
    assert record.history_user == people.pilot
    assert record.history_change_reason == "Devis reçu"


def test_a_pilot_may_not_move_an_action_to_another_service(client, people, own, etat_civil):
    client.force_login(people.pilot)
    response = client.post(url("edit", own.pk), form(own, service=etat_civil.pk))
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    own.refresh_from_db()
    assert own.service.code == "accueil"


def test_the_quality_engineer_edits_any_action(client, people, foreign):
    client.force_login(people.quality)
    response = client.post(url("edit", foreign.pk), form(foreign, title="Numériser 1950-1960"))
    assert response.status_code == 302, page(response)[:3000]
    foreign.refresh_from_db()
    assert foreign.title == "Numériser 1950-1960"


def test_nothing_is_deleted_from_the_back_office(client, people, own):
    client.force_login(people.quality)
    assert refused(client.post(url("delete", own.pk)))
    assert Action.objects.filter(pk=own.pk).exists()


# --- Creation goes through the service ------------------------------------------------------------


def test_creating_an_action_gives_it_its_reference(client, people, accueil):
    client.force_login(people.pilot)
    assert client.get(url("add")).status_code == 200
    due = TODAY + datetime.timedelta(days=60)
    response = client.post(url("add"), form(
        title="Installer une borne d'appel au guichet", kind=Action.Kind.IMPROVEMENT,
        owner=people.agent.pk, service=accueil.pk, start_date=TODAY.isoformat(),
        due_date=due.isoformat(), operating_budget_planned="1500",
    ))
    assert response.status_code == 302, page(response)[:3000]
    action = Action.objects.get()
    assert re.fullmatch(rf"ACT-{TODAY.year}-\d{{4}}", action.reference)
    assert action.reference == f"ACT-{TODAY.year}-0001"
    assert (action.owner, action.service, action.created_by) == (people.agent, accueil,
                                                                 people.pilot)
    assert action.operating_budget_planned == 1500
    assert action.history.get().history_change_reason == "Création"
    # the next one takes the next number
    client.post(url("add"), form(title="Deuxième", owner=people.agent.pk, service=accueil.pk,
                                 due_date=due.isoformat()))
    assert Action.objects.latest("pk").reference == f"ACT-{TODAY.year}-0002"


def test_a_new_action_is_prefilled_with_the_user_and_their_service(client, people, accueil):
    client.force_login(people.pilot)
    initial = client.get(url("add")).context["form"].initial
    assert initial["owner"] == people.pilot.pk and initial["service"] == accueil.pk


def test_a_new_action_cannot_start_closed(client, people, accueil):
    client.force_login(people.quality)
    response = client.post(url("add"), form(
        title="Déjà faite", owner=people.agent.pk, service=accueil.pk, status="done",
        due_date=TODAY.isoformat()))
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not Action.objects.exists()


def test_a_due_date_before_the_start_date_is_refused(client, people, accueil):
    client.force_login(people.pilot)
    response = client.post(url("add"), form(
        title="Former les agents", owner=people.agent.pk, service=accueil.pk,
        start_date="2026-06-01", due_date="2026-05-01"))
    assert response.status_code == 200
    assert in_page("The due date cannot be before the start date.", page(response))
    assert "due_date" in response.context["form"].errors
    assert not Action.objects.exists()


def test_a_pilot_may_not_create_in_another_service(client, people, etat_civil):
    client.force_login(people.pilot)
    response = client.post(url("add"), form(
        title="Hors périmètre", owner=people.pilot.pk, service=etat_civil.pk,
        due_date=TODAY.isoformat()))
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert not Action.objects.exists()


def test_missing_required_fields_are_named(client, people, accueil):
    client.force_login(people.pilot)
    response = client.post(url("add"), form(owner=people.pilot.pk, service=accueil.pk))
    assert response.status_code == 200
    assert {"title", "due_date"} <= set(response.context["form"].errors)
    assert not Action.objects.exists()


# --- The rules of the life cycle ------------------------------------------------------------------


def test_cancelling_needs_a_reason(client, people, own):
    client.force_login(people.pilot)
    response = client.post(url("edit", own.pk), form(own, status="cancelled"))
    assert response.status_code == 200
    assert in_page("Give the reason why the action is cancelled.", page(response))
    own.refresh_from_db()
    assert own.status == Action.Status.PLANNED
    response = client.post(url("edit", own.pk), form(
        own, status="cancelled", cancellation_reason="Travaux repris par la métropole"))
    assert response.status_code == 302, page(response)[:3000]
    own.refresh_from_db()
    assert own.status == Action.Status.CANCELLED
    assert own.cancellation_reason == "Travaux repris par la métropole"
    assert own.history.latest().history_change_reason == "Annulation"


def test_a_corrective_action_is_closed_only_once_checked(client, people, accueil):
    action = ActionFactory(kind=Action.Kind.CORRECTIVE, service=accueil, owner=people.pilot,
                           status=Action.Status.IN_PROGRESS, progress=80)
    client.force_login(people.pilot)
    response = client.post(url("edit", action.pk), form(action, status="done"))
    assert response.status_code == 200
    message = ("A corrective action is closed only once its effectiveness has been "
               "checked: give the date, an « effective » verdict and the evidence.")
    assert in_page(message, page(response))
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS and action.progress == 80
    response = client.post(url("edit", action.pk), form(
        action, status="done", effectiveness_checked_at=TODAY.isoformat(),
        effectiveness_verdict="effective",
        effectiveness_evidence="Aucune réclamation sur le sujet depuis trois mois."))
    assert response.status_code == 302, page(response)[:3000]
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert (action.progress, action.completed_at) == (100, TODAY)
    assert action.effectiveness_checked_by == people.pilot
    reasons = [h.history_change_reason for h in action.history.order_by("history_id")]
    assert reasons[-2:] == ["Vérification de l'efficacité", "Clôture"]


def test_a_closed_action_is_reopened_with_a_reason(client, people, accueil):
    action = action_create(title="Afficher les horaires", kind=Action.Kind.IMPROVEMENT,
                           owner=people.pilot, service=accueil, due_date=TODAY,
                           status=Action.Status.DONE, user=people.pilot)
    client.force_login(people.pilot)
    response = client.post(url("edit", action.pk), form(action, title="Autre titre"))
    assert response.status_code == 200  # a done action is not changed in place
    assert in_page("A closed or cancelled action can no longer be changed; reopen it first.",
                   page(response))
    response = client.post(url("edit", action.pk), form(action, status="in_progress"))
    assert response.status_code == 200
    assert in_page("Give the reason why the action is reopened.", page(response))
    action.refresh_from_db()
    assert action.status == Action.Status.DONE and action.title == "Afficher les horaires"
    response = client.post(url("edit", action.pk), form(
        action, status="in_progress", change_reason="Horaires d'été oubliés"))
    assert response.status_code == 302, page(response)[:3000]
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS and action.completed_at is None


# --- The source: shown, not edited ----------------------------------------------------------------


def test_the_source_is_shown_and_not_editable(client, people, accueil):
    source = f.ServiceFactory(code="source-record", name="Guichet numérique")
    action = action_create(title="Traiter le signalement", kind=Action.Kind.CORRECTIVE,
                           owner=people.pilot, service=accueil, due_date=TODAY, source=source,
                           user=people.quality)
    client.force_login(people.quality)
    response = client.get(url("edit", action.pk))
    html = page(response)
    assert action.source_label in html and action.reference in html
    assert "source_label" not in response.context["form"].fields
    data = form(action, title="Traiter le signalement vite", source_label="Autre chose",
                source_object_id="999")
    assert client.post(url("edit", action.pk), data).status_code == 302
    action.refresh_from_db()
    assert action.title == "Traiter le signalement vite"
    assert action.source == source and action.source_label == "Service Guichet numérique"


# --- Filters, search and queries ------------------------------------------------------------------


def test_filters_and_search(client, people, accueil):
    late = ActionFactory(reference="ACT-2026-0201", service=accueil, owner=people.pilot,
                         due_date=TODAY - datetime.timedelta(days=3))
    soon = ActionFactory(reference="ACT-2026-0202", service=accueil, owner=people.pilot,
                         kind=Action.Kind.CORRECTIVE, title="Réparer la porte automatique")
    client.force_login(people.pilot)
    html = page(client.get(url("list"), {"late": "true"}))
    assert late.reference in html and soon.reference not in html
    with translation.override("fr"):
        assert ngettext("%(days)s day late", "%(days)s days late", 3) % {"days": 3} in html
    html = page(client.get(url("list"), {"kind": "corrective"}))
    assert soon.reference in html and late.reference not in html
    html = page(client.get(url("list"), {"q": "porte automatique"}))
    assert soon.reference in html and late.reference not in html


def test_the_list_takes_the_same_queries_as_actions_grow(client, people, accueil,
                                                         django_assert_max_num_queries):
    client.force_login(people.quality)
    ActionFactory.create_batch(3, service=accueil)
    client.get(url("list"))  # warm the per-process caches (content types, menu)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url("list")).status_code == 200
    ActionFactory.create_batch(30, service=accueil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list"))
    assert response.status_code == 200
    assert page(response).count("ACT-2026-") >= 20
