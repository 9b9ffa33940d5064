"""The programme in the back office: the quality engineer lists and edits its set-up; an
agent has no access; the money and the reporting are read only (no add or edit address);
the model's rules and the services' rules show on the forms; a proposal's status moves
only on the intranet; a closed programme is read-only; the history records who changed
what; listings run a constant number of queries."""

import datetime
import html
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.permissions import policy_registry

from innovation import services
from innovation.models import (
    BudgetMove,
    Contract,
    FundedAction,
    InnovationProgramme,
    InventoryItem,
    Membership,
    Proposal,
    Theme,
)
from qms import roles
from tests import factories as f

from .conftest import accept, make_proposal
from .test_contracts import fund

pytestmark = pytest.mark.django_db

MODELS = ["innovationprogramme", "body", "axis", "arbitrationlevel", "theme", "workinggroup",
          "membership", "meeting", "inventoryitem", "idea", "proposal", "arbitration",
          "contract", "fundedaction", "budgetmove", "contractreport", "steeringcommittee",
          "steeringdecision", "news"]
READ_ONLY = ["fundedaction", "budgetmove", "contractreport", "arbitration"]


def url(model, view="list", *args):
    return reverse(f"wagtailsnippets_innovation_{model}:{view}", args=args)


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and (
            response["Location"] == reverse("wagtailadmin_home")
            or response["Location"].startswith(reverse("wagtailadmin_login"))))


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def money(seeds, contract):
    """A signed contract with two funded actions, a budget move and a monthly report."""
    slow = fund(seeds, contract, "Standard unique", po=20_000, pi=10_000)
    fast = fund(seeds, contract, "Formation à l'accueil", po=5_000)
    services.contract_sign(contract=contract, signed_on=timezone.localdate(),
                           user=seeds.coordinator)
    services.budget_move(source=slow, target=fast, envelope="operating",
                         amount=Decimal("3000"), reason="Avance plus vite", user=seeds.director)
    services.report_fill(contract=contract, month=timezone.localdate(), comment="RAS",
                         user=seeds.manager)
    services.member_add(group=seeds.group, member=seeds.agent, user=seeds.facilitator)
    services.meeting_record(group=seeds.group, number=1, date=timezone.localdate(),
                            user=seeds.facilitator, status="held", minutes="CR",
                            attendees=[seeds.agent])
    services.idea_submit(theme=seeds.theme, title="Rappel automatique",
                         description="Rappeler les usagers.", user=seeds.agent)
    services.committee_record(programme=seeds.programme, held_on=timezone.localdate(),
                              title="COPIL T1", user=seeds.coordinator,
                              decisions=[(contract, "Poursuivre")])
    services.news_publish(programme=seeds.programme, title="Lancement", body="…",
                          user=seeds.coordinator)
    InventoryItem.objects.create(group=seeds.group, kind="strength", title="Accueil souriant",
                                 how_to_keep="Formation des nouveaux agents")
    return contract


def test_the_quality_engineer_opens_every_listing_and_inspect_view(client, seeds, money):
    client.force_login(seeds.coordinator)
    for model in MODELS:
        response = client.get(url(model))
        assert response.status_code == 200, model
        obj = _model(model)._default_manager.first()
        assert obj is not None, model
        assert client.get(url(model, "inspect", obj.pk)).status_code == 200, model
        model_policy = policy(_model(model))
        if model_policy.user_has_permission(seeds.coordinator, "add"):
            assert client.get(url(model, "add")).status_code == 200, model
        if model_policy.user_has_permission_for_instance(seeds.coordinator, "change", obj):
            assert client.get(url(model, "edit", obj.pk)).status_code == 200, model
    draft = make_proposal(seeds, title="Borne d'accueil")
    assert client.get(url("proposal", "edit", draft.pk)).status_code == 200
    assert client.get(url("proposal") + "?q=Accueil").status_code == 200
    assert client.get(url("proposal") + f"?status=accepted&theme={seeds.theme.pk}") \
        .status_code == 200


def policy(model):
    return policy_registry.get_by_type(model)


def _model(name):
    from django.apps import apps

    return apps.get_model("innovation", name)


def test_an_agent_is_refused_and_a_pilot_only_reads(client, seeds, money):
    client.force_login(seeds.agent)
    for model in ("innovationprogramme", "proposal", "contract", "budgetmove"):
        assert refused(client.get(url(model))), model
    client.force_login(seeds.facilitator)  # a pilot
    assert client.get(url("innovationprogramme")).status_code == 200
    assert client.get(url("contract")).status_code == 200
    assert refused(client.get(url("contract", "add")))
    assert refused(client.get(url("contract", "edit", money.pk)))
    assert refused(client.get(url("budgetmove")))


def test_the_direction_reads_everything_and_changes_contracts(seeds):
    contract_policy = policy(Contract)
    assert contract_policy.user_has_permission(seeds.director, "change")
    assert not contract_policy.user_has_permission(seeds.director, "add")
    for model in MODELS:
        model_policy = policy(_model(model))
        assert model_policy.user_has_permission(seeds.director, "view"), model
        if model != "contract":
            assert not model_policy.user_has_permission(seeds.director, "change"), model


def test_money_and_reporting_are_read_only(client, seeds, money):
    move = BudgetMove.objects.get()
    for model in READ_ONLY:
        with pytest.raises(NoReverseMatch):
            url(model, "add")
        with pytest.raises(NoReverseMatch):
            url(model, "edit", 1)
        model_policy = policy(_model(model))
        for action in ("add", "change", "delete"):
            assert not model_policy.user_has_permission(seeds.coordinator, action), (model, action)
            assert not model_policy.user_has_permission(seeds.director, action), (model, action)
    assert not Permission.objects.filter(
        group__name=roles.QUALITY_ENGINEER, codename__in=[
            "add_budgetmove", "change_budgetmove", "add_fundedaction",
            "change_fundedaction"]).exists()
    client.force_login(seeds.coordinator)
    listing = text(client.get(url("budgetmove")))
    assert "/budgetmove/add/" not in listing and url("budgetmove", "inspect", move.pk) in listing


def test_nothing_is_deleted(client, seeds):
    client.force_login(seeds.coordinator)
    assert refused(client.get(url("theme", "delete", seeds.theme.pk)))
    assert Theme.objects.filter(pk=seeds.theme.pk).exists()


def test_a_member_added_twice_is_refused_with_the_french_message(client, seeds):
    client.force_login(seeds.coordinator)
    data = {"group": seeds.group.pk, "user": seeds.agent.pk, "joined_on": ""}
    assert client.post(url("membership", "add"), data).status_code == 302
    membership = Membership.objects.get()
    assert membership.history.first().history_user == seeds.coordinator
    response = client.post(url("membership", "add"), data)
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext("%(person)s is already a member of this group.") % {
            "person": seeds.agent}
    assert expected in text(response)
    assert Membership.objects.count() == 1


def test_a_meeting_held_needs_its_minutes_and_members_as_attendees(client, seeds):
    client.force_login(seeds.coordinator)
    data = {"group": seeds.group.pk, "number": 1, "date": "2026-03-02", "status": "held",
            "place": "", "agenda": "", "minutes": "", "attendees": [seeds.agent.pk]}
    response = client.post(url("meeting", "add"), data)
    assert response.status_code == 200
    page = text(response)
    with translation.override("fr"):
        assert gettext("A meeting held has its minutes.") in page
    assert str(seeds.agent) in page  # not a member of the group
    assert not seeds.group.meetings.exists()


def _proposal_data(seeds, **changes):
    data = {"theme": seeds.theme.pk, "title": "Rappel des usagers",
            "description": "Rappeler les usagers qui ont laissé un message.",
            "services": [seeds.accueil.pk], "deadline": "2027-06-30", "people_needed": "",
            "operating_budget": "1000", "investment_budget": "0",
            "expected_results": "Moins d'appels perdus.", "gain_money": "0",
            "gain_time": "", "gain_quality": "", "gain_environment": "",
            "impact_working_conditions": "", "impact_environment": "",
            "impact_running_costs": "", "status": "accepted"}
    data.update(changes)
    return data


def test_a_proposal_is_written_through_the_services_and_its_status_is_not_editable(
        client, seeds):
    client.force_login(seeds.coordinator)
    response = client.post(url("proposal", "add"), _proposal_data(seeds))
    assert response.status_code == 302, text(response)[:3000]
    proposal = Proposal.objects.get()
    assert proposal.reference.startswith("PRP-2026-")
    assert proposal.status == Proposal.Status.DRAFT and proposal.created_by == seeds.coordinator
    response = client.post(url("proposal", "edit", proposal.pk),
                           _proposal_data(seeds, title="Rappel sous 24 h"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Rappel sous 24 h" and proposal.status == Proposal.Status.DRAFT
    # In arbitration, the group no longer changes it: inspect only.
    services.proposal_submit(proposal=proposal, user=seeds.facilitator)
    assert refused(client.get(url("proposal", "edit", proposal.pk)))
    assert refused(client.post(url("proposal", "edit", proposal.pk),
                               _proposal_data(seeds, title="forged")))
    client.get(url("proposal"))  # consumes the « updated » message and its edit link
    listing = text(client.get(url("proposal")))
    assert url("proposal", "inspect", proposal.pk) in listing
    assert url("proposal", "edit", proposal.pk) not in listing
    proposal.refresh_from_db()
    assert proposal.title == "Rappel sous 24 h"


def test_a_contract_groups_accepted_proposals(client, seeds):
    accepted = accept(seeds, make_proposal(seeds))
    draft = make_proposal(seeds, title="Borne d'accueil")
    client.force_login(seeds.coordinator)
    add = client.get(url("contract", "add"))
    assert accepted.reference in text(add) and draft.reference not in text(add)
    data = {"programme": seeds.programme.pk, "axis": seeds.axis.pk, "number": 1,
            "title": "Améliorer l'accueil téléphonique", "manager": seeds.manager.pk,
            "referent": seeds.referent.pk, "objectives": "Répondre à 90 % des appels.",
            "deadline": "2027-12-31", "proposals": [accepted.pk]}
    response = client.post(url("contract", "add"), data)
    assert response.status_code == 302, text(response)[:3000]
    contract = Contract.objects.get()
    accepted.refresh_from_db()
    assert accepted.contract == contract
    assert contract.history.first().history_user == seeds.coordinator


def test_a_closed_programme_is_read_only(client, seeds):
    client.force_login(seeds.coordinator)
    services.programme_close(programme=seeds.programme, user=seeds.coordinator,
                             closing_reports={})
    assert refused(client.get(url("theme", "edit", seeds.theme.pk)))
    assert client.get(url("theme", "inspect", seeds.theme.pk)).status_code == 200
    response = client.post(url("axis", "add"), {"programme": seeds.programme.pk,
                                                "number": 9, "title": "Nouvel axe"})
    assert response.status_code == 200
    with translation.override("fr"):
        assert gettext("The programme is closed: its records can no longer be changed.") \
            in text(response)
    assert not seeds.programme.axes.filter(number=9).exists()
    # …and the status « closed » is not offered on an open programme's form.
    other = InnovationProgramme.objects.create(
        name="Autre", code="autre", starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31), coordinator=seeds.coordinator)
    form = text(client.get(url("innovationprogramme", "edit", other.pk)))
    assert 'value="closed"' not in form


def test_an_admin_edit_is_in_the_history_with_its_author(client, seeds):
    client.force_login(seeds.coordinator)
    response = client.post(url("theme", "edit", seeds.theme.pk), {
        "programme": seeds.programme.pk, "number": 1, "title": "Accueil des usagers",
        "description": "Téléphone et guichet", "accepts_ideas": "on"})
    assert response.status_code == 302, text(response)[:3000]
    last = seeds.theme.history.first()
    assert last.history_user == seeds.coordinator and last.description == "Téléphone et guichet"


def _rows(seeds, contract, start, count):
    for i in range(start, start + count):
        proposal = make_proposal(seeds, title=f"Proposition {i}")
        if i % 2:
            accept(seeds, proposal)
        fund(seeds, contract, f"Action {i}", po=100)
        services.member_add(group=seeds.group, member=f.agent(service=seeds.accueil),
                            user=seeds.coordinator)
        services.contract_create(
            programme=seeds.programme, axis=seeds.axis, number=10 + i, title=f"Contrat {i}",
            manager=seeds.manager, referent=seeds.referent, objectives="x",
            deadline=datetime.date(2027, 12, 31), user=seeds.coordinator)


@pytest.mark.parametrize("model", ["proposal", "fundedaction", "membership", "contract"])
def test_listings_run_a_constant_number_of_queries(client, seeds, contract, model,
                                                   django_assert_max_num_queries):
    _rows(seeds, contract, 0, 2)
    client.force_login(seeds.coordinator)
    client.get(url(model))  # warm the caches (permissions, site)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(model)).status_code == 200
    _rows(seeds, contract, 2, 5)
    assert FundedAction.objects.count() == 7
    with django_assert_max_num_queries(min(len(few), 16)):
        assert client.get(url(model)).status_code == 200
