"""An action's life cycle through the forms of its page: update, effectiveness check,
close, cancel, reopen — the rules of actions.services enforced, their messages shown on
the form, the input kept, nothing written on a refusal; who may post; CSRF."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext as _

from actions import services
from actions.models import Action

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def corrective(people, accueil):
    return services.action_create(
        title="Corriger le délai de réponse aux courriers", kind=Action.Kind.CORRECTIVE,
        owner=people.agent, service=accueil, start_date=days(-30), due_date=days(30),
        user=people.pilot)


def post(client, action, step, **data):
    payload = {"step": step, **{f"{step}-{name}": value for name, value in data.items()}}
    return client.post(f"/actions/{action.pk}/", payload)


def update_data(action, **changes):
    data = {"status": action.status, "progress": action.progress,
            "start_date": action.start_date.isoformat() if action.start_date else "",
            "due_date": action.due_date.isoformat(), "operating_budget_planned": "0",
            "operating_budget_spent": "0", "investment_budget_planned": "0",
            "investment_budget_spent": "0", "expected_result": "", "reason": ""}
    data.update(changes)
    return data


def field_errors(response, form, name) -> list[str]:
    return response.context["forms"][form].errors.get(name, [])


def test_update_through_the_form(client, people, corrective):
    client.force_login(people.pilot)
    response = post(client, corrective, "update", **update_data(
        corrective, progress="40", operating_budget_planned="1200.50",
        investment_budget_planned="8000", expected_result="Réponse en 8 jours",
        reason="Point mensuel"))
    assert response.status_code == 302 and response["Location"] == f"/actions/{corrective.pk}/"
    corrective.refresh_from_db()
    assert corrective.progress == 40 and corrective.status == Action.Status.IN_PROGRESS
    assert str(corrective.operating_budget_planned) == "1200.50"
    assert corrective.expected_result == "Réponse en 8 jours"
    record = corrective.history.latest()
    assert record.history_user == people.pilot and record.history_change_reason == "Point mensuel"
    page = client.get(response["Location"]).content.decode()
    assert _("Action %(reference)s updated.") % {"reference": corrective.reference} in page


def test_a_due_date_before_the_start_is_refused_and_the_input_kept(client, people, corrective):
    client.force_login(people.pilot)
    response = post(client, corrective, "update", **update_data(
        corrective, due_date=days(-40).isoformat(), progress="55",
        expected_result="Texte saisi à ne pas perdre"))
    assert response.status_code == 400
    assert _("The due date cannot be before the start date.") in field_errors(
        response, "update", "due_date")
    html = response.content.decode()
    assert "Texte saisi à ne pas perdre" in html and 'value="55"' in html
    assert f'value="{days(-40).isoformat()}"' in html
    corrective.refresh_from_db()
    assert corrective.due_date == days(30) and corrective.progress == 0


@pytest.mark.parametrize("field, value", [("progress", "140"),
                                          ("operating_budget_spent", "-5")])
def test_bad_numbers_are_refused_with_the_model_message(client, people, corrective, field,
                                                        value):
    client.force_login(people.pilot)
    response = post(client, corrective, "update", **update_data(corrective, **{field: value}))
    assert response.status_code == 400
    errors = field_errors(response, "update", field)
    assert errors and any(
        message in errors for message in (
            _("Progress is a percentage between 0 and 100."),
            _("An amount cannot be negative."),
            "Assurez-vous que cette valeur est inférieure ou égale à 100.",
            "Ensure this value is less than or equal to 100."))


def test_closing_a_corrective_action_needs_an_effective_check(client, people, corrective):
    client.force_login(people.pilot)
    response = post(client, corrective, "close")
    assert response.status_code == 400
    errors = response.context["forms"]["close"].non_field_errors()
    assert any("efficac" in e.lower() or "effective" in e.lower() for e in errors), errors
    assert "role=\"alert\"" in response.content.decode()
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.PLANNED

    # a check that found it not effective is not enough either
    response = post(client, corrective, "effectiveness", checked_at=TODAY.isoformat(),
                    verdict="not_effective", evidence="Délai toujours à 20 jours")
    assert response.status_code == 302
    assert post(client, corrective, "close").status_code == 400

    response = post(client, corrective, "effectiveness", checked_at=TODAY.isoformat(),
                    verdict="effective", evidence="Délai moyen mesuré : 7 jours sur 3 mois")
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.effectiveness_verdict == "effective"
    assert corrective.effectiveness_checked_by == people.pilot

    response = post(client, corrective, "close")
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.DONE and corrective.progress == 100
    assert corrective.completed_at == TODAY


def test_an_improvement_closes_without_a_check(client, people, accueil):
    action = services.action_create(title="Plan de salle", kind=Action.Kind.IMPROVEMENT,
                                    owner=people.agent, service=accueil, due_date=days(10))
    client.force_login(people.agent)  # the owner
    assert post(client, action, "close").status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


@pytest.mark.parametrize("checked_at, evidence, field, message", [
    (days(3).isoformat(), "Mesure", "checked_at",
     "An effectiveness check cannot be dated in the future."),
    (TODAY.isoformat(), "", "evidence", "Give the evidence of the check."),
])
def test_effectiveness_check_bad_input(client, people, corrective, checked_at, evidence,
                                       field, message):
    client.force_login(people.pilot)
    response = post(client, corrective, "effectiveness", checked_at=checked_at,
                    verdict="effective", evidence=evidence)
    assert response.status_code == 400
    assert _(message) in field_errors(response, "effectiveness", field)
    corrective.refresh_from_db()
    assert not corrective.effectiveness_verdict


def test_cancelling_needs_a_reason(client, people, corrective):
    client.force_login(people.pilot)
    response = post(client, corrective, "cancel", reason="   ")
    assert response.status_code == 400
    assert _("Give the reason why the action is cancelled.") in field_errors(
        response, "cancel", "reason")
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.PLANNED

    response = post(client, corrective, "cancel", reason="Doublon de ACT-2026-0001")
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.CANCELLED
    assert corrective.cancellation_reason == "Doublon de ACT-2026-0001"
    page = client.get(f"/actions/{corrective.pk}/").content.decode()
    assert "Doublon de ACT-2026-0001" in page
    assert 'value="update"' not in page and 'value="reopen"' in page


def test_reopening_needs_a_reason_and_puts_the_action_back_in_progress(client, people,
                                                                       corrective):
    services.action_cancel(action=corrective, user=people.pilot, reason="Sans objet")
    client.force_login(people.pilot)
    response = post(client, corrective, "reopen", reason="")
    assert response.status_code == 400
    assert _("Give the reason why the action is reopened.") in field_errors(
        response, "reopen", "reason")
    response = post(client, corrective, "reopen", reason="Réclamations en hausse")
    assert response.status_code == 302
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.IN_PROGRESS
    assert corrective.cancellation_reason == ""
    assert corrective.history.latest().history_change_reason.startswith("Réouverture")


def test_a_closed_action_offers_only_reopen(client, people, accueil):
    action = services.action_create(title="Plan de salle", kind=Action.Kind.IMPROVEMENT,
                                    owner=people.agent, service=accueil, due_date=days(10))
    services.action_close(action=action, user=people.pilot)
    client.force_login(people.pilot)
    html = client.get(f"/actions/{action.pk}/").content.decode()
    steps = re.findall(r'name="step" value="(\w+)"', html)
    assert steps == ["effectiveness", "reopen"]
    # an update posted anyway is refused with the service's message
    response = post(client, action, "update", **update_data(action, status="in_progress",
                                                            progress="50"))
    assert response.status_code == 400
    assert _("A closed or cancelled action can no longer be changed; reopen it first.") in \
        response.context["forms"]["update"].non_field_errors()
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


@pytest.mark.parametrize("who, status", [
    ("pilot", 302), ("quality", 302), ("agent", 302),  # pilot of the service, QE, the owner
    ("agent2", 403), ("other_pilot", 403), ("other_agent", 403),
])
def test_who_may_post(client, people, corrective, who, status):
    client.force_login(getattr(people, who))
    response = post(client, corrective, "update", **update_data(corrective, progress="10"))
    assert response.status_code == status
    corrective.refresh_from_db()
    assert corrective.progress == (10 if status == 302 else 0)


def test_who_sees_the_forms(client, people, corrective):
    client.force_login(people.agent2)  # same service, not the owner: reads only
    assert 'name="step"' not in client.get(f"/actions/{corrective.pk}/").content.decode()
    client.force_login(people.agent)  # the owner
    assert 'name="step" value="update"' in client.get(
        f"/actions/{corrective.pk}/").content.decode()


def test_an_unknown_step_is_a_bad_request(client, people, corrective):
    client.force_login(people.pilot)
    assert client.post(f"/actions/{corrective.pk}/", {"step": "delete"}).status_code == 400


def test_forms_need_the_csrf_token(people, corrective):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.pilot)
    response = client.post(f"/actions/{corrective.pk}/", {"step": "cancel",
                                                          "cancel-reason": "Sans objet"})
    assert response.status_code == 403
    corrective.refresh_from_db()
    assert corrective.status == Action.Status.PLANNED
    page = client.get(f"/actions/{corrective.pk}/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 4
