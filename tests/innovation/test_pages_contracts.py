"""The contracts' pages: who reads and writes each, the forms and their errors in French
(nothing lost), and query counts pinned and constant as contracts grow."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from actions.models import Action
from innovation import services
from innovation.models import (
    BudgetMove,
    Contract,
    ContractReport,
    FundedAction,
    InnovationProgramme,
    SteeringCommittee,
)
from tests import factories as f

from .test_contracts import fund
from .test_selectors import add_contract

D = Decimal


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, seeds, *args):
    return reverse(f"innovation:{name}", args=[seeds.programme.code, *args])


@pytest.fixture
def funded(seeds, contract):
    slow = fund(seeds, contract, "Refonte du site", po=30_000, pi=40_000, committed=10_000)
    fast = fund(seeds, contract, "Standard unique", po=10_000)
    return slow, fast


# --- permissions -----------------------------------------------------------------------------
@pytest.mark.parametrize("page", ["dashboard", "budget", "steering", "closing",
                                  "steering_pack"])
def test_an_agent_may_not_open_the_steering_pages(client, seeds, contract, page):
    client.force_login(seeds.agent)
    assert client.get(url(page, seeds)).status_code == 403


@pytest.mark.parametrize("who", ["coordinator", "director", "manager", "referent"])
def test_those_who_steer_read_the_dashboard_and_the_pack(client, seeds, funded, who):
    client.force_login(getattr(seeds, who))
    for page in ("dashboard", "budget", "steering", "steering_pack"):
        assert client.get(url(page, seeds)).status_code == 200, page


def test_closing_is_for_those_who_run_the_programme(client, seeds, contract):
    client.force_login(seeds.manager)  # steers, but does not run the programme
    assert client.get(url("closing", seeds)).status_code == 403
    client.force_login(seeds.coordinator)
    assert client.get(url("closing", seeds)).status_code == 200


def test_an_agent_reads_a_contract_without_its_money(client, seeds, funded, contract):
    client.force_login(seeds.agent)
    response = client.get(contract.get_absolute_url())
    body = text(response)
    assert response.status_code == 200 and "Refonte du site" in body
    assert fr("Committed") not in body and fr("Add a funded action") not in body
    assert client.get(url("contract_pdf", seeds, contract.number)).status_code == 403
    assert client.get(url("report", seeds, contract.number)).status_code == 403
    response = client.post(url("contract_action_add", seeds, contract.number), {})
    assert response.status_code == 403


def test_a_manager_reports_on_their_own_contract_only(client, seeds, contract):
    other_manager = f.pilot(username="autre-resp", service=seeds.accueil)
    other = services.contract_create(
        programme=seeds.programme, axis=seeds.axis, number=7, title="Autre contrat",
        manager=other_manager, referent=seeds.referent, objectives="x",
        deadline=datetime.date(2027, 12, 31), user=seeds.coordinator)
    client.force_login(seeds.manager)
    assert client.get(url("report", seeds, contract.number)).status_code == 200
    assert client.get(url("report", seeds, other.number)).status_code == 403
    response = client.post(url("report", seeds, other.number),
                           {"month": timezone.localdate().strftime("%Y-%m"), "comment": "x"})
    assert response.status_code == 403 and not ContractReport.objects.exists()


def test_only_the_direction_moves_budgets(client, seeds, funded):
    slow, fast = funded
    data = {"source": slow.pk, "target": fast.pk, "envelope": "operating",
            "amount": "5000", "reason": "Le standard avance vite."}
    client.force_login(seeds.coordinator)  # runs the programme, is not the direction
    response = client.get(url("budget", seeds))
    assert response.status_code == 200 and fr("Move the funds") not in text(response)
    assert client.post(url("budget", seeds), data).status_code == 403
    client.force_login(seeds.director)
    response = client.post(url("budget", seeds), data)
    assert response.status_code == 302
    move = BudgetMove.objects.get()
    assert move.moved_by == seeds.director and move.amount == D(5_000)
    slow.refresh_from_db()
    assert slow.programme_operating == D(25_000)


# --- the dashboard ---------------------------------------------------------------------------
def test_dashboard_shows_the_figures_and_the_charts(client, seeds, funded, contract):
    slow, fast = funded
    Action.objects.filter(pk=fast.action_id).update(status="done")
    client.force_login(seeds.coordinator)
    response = client.get(url("dashboard", seeds))
    body = text(response)
    assert response.status_code == 200
    assert body.count("<svg") == 3 and 'role="img"' in body
    assert contract.title in body and str(seeds.axis) in body
    assert fr("Timeline") in body and fr("Today") in body
    assert "80\xa0000\xa0€" in body  # the programme funds allotted


def test_dashboard_queries_are_pinned_and_constant(client, seeds, contract,
                                                   django_assert_max_num_queries):
    fund(seeds, contract, "Standard unique", po=1_000)
    client.force_login(seeds.coordinator)
    with django_assert_max_num_queries(18) as few:
        assert client.get(url("dashboard", seeds)).status_code == 200
    for number in range(10, 16):
        add_contract(seeds, number, actions=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("dashboard", seeds))
    assert "Contrat d'essai 15" in text(response)


# --- the contract page -------------------------------------------------------------------------
def test_contract_page_shows_actions_money_and_forms(client, seeds, funded, contract):
    slow, fast = funded
    FundedAction.objects.filter(pk=slow.pk).update(is_blocked=True,
                                                   blocked_reason="Attente du marché")
    Action.objects.filter(pk=fast.action_id).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2))
    services.committee_record(programme=seeds.programme, held_on=timezone.localdate(),
                              title="COPIL T2", user=seeds.coordinator,
                              decisions=[(contract, "Prioriser le standard.")])
    client.force_login(seeds.manager)
    body = text(client.get(contract.get_absolute_url()))
    for expected in (slow.action.reference, reverse("actions:detail", args=[slow.action_id]),
                     "Attente du marché", fr("Late"), fr("Blocked"), "Prioriser le standard.",
                     fr("Add a funded action"), contract.proposals.get().reference,
                     url("contract_pdf", seeds, contract.number)):
        assert expected in body, expected
    assert fr("Record the signature") not in body  # the coordinator records it


def test_contract_page_queries_are_constant(client, seeds, funded, contract,
                                            django_assert_max_num_queries):
    client.force_login(seeds.manager)
    with django_assert_max_num_queries(20) as few:
        client.get(contract.get_absolute_url())
    for i in range(4):
        fund(seeds, contract, f"Encore {i}", so=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(contract.get_absolute_url())


def test_the_manager_adds_and_updates_a_funded_action(client, seeds, contract):
    client.force_login(seeds.manager)
    due = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    data = {"new-title": "Formation des agents", "new-owner": seeds.manager.pk,
            "new-service": seeds.accueil.pk, "new-due_date": due,
            "new-programme_operating": "120000", "new-programme_investment": "0",
            "new-service_operating": "0", "new-service_investment": "0",
            "new-committed": "0"}
    response = client.post(url("contract_action_add", seeds, contract.number), data)
    assert response.status_code == 400  # the 100,000 € operating envelope is exceeded
    body = text(response)
    assert "Formation des agents" in body  # nothing lost
    assert not FundedAction.objects.exists()
    data["new-programme_operating"] = "12000"
    response = client.post(url("contract_action_add", seeds, contract.number), data)
    assert response.status_code == 302
    funded = FundedAction.objects.get()
    assert funded.action.title == "Formation des agents"
    assert funded.programme_operating == D(12_000)

    update = url("contract_action_update", seeds, contract.number, funded.pk)
    prefix = f"fa{funded.pk}-"
    values = {prefix + "programme_operating": "12000", prefix + "programme_investment": "0",
              prefix + "service_operating": "3000", prefix + "service_investment": "0",
              prefix + "committed": "5000", prefix + "is_blocked": "on",
              prefix + "blocked_reason": ""}
    response = client.post(update, values)
    assert response.status_code == 400
    assert fr("Say why the action is blocked.") in text(response)
    values[prefix + "blocked_reason"] = "Attente du prestataire"
    assert client.post(update, values).status_code == 302
    funded.refresh_from_db()
    assert (funded.committed, funded.is_blocked, funded.service_operating) == \
        (D(5_000), True, D(3_000))


def test_signature_with_its_scan(client, seeds, contract):
    client.force_login(seeds.coordinator)
    page = text(client.get(contract.get_absolute_url()))
    assert fr("Record the signature") in page
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url("contract_sign", seeds, contract.number),
                           {"sign-signed_on": future})
    assert response.status_code == 400
    assert fr("A contract cannot be signed in the future.") in text(response)
    scan = SimpleUploadedFile("contrat.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(url("contract_sign", seeds, contract.number),
                           {"sign-signed_on": timezone.localdate().isoformat(),
                            "sign-signed_file": scan})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.status == Contract.Status.SIGNED and contract.signed_file


# --- the monthly report ------------------------------------------------------------------------
def test_monthly_report_form(client, seeds, funded, contract):
    client.force_login(seeds.manager)
    page = client.get(url("report", seeds, contract.number))
    body = text(page)
    assert page.status_code == 200
    assert timezone.localdate().strftime("%Y-%m") in body  # the current month by default
    assert fr("Actions done") in body
    future = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40))
    response = client.post(url("report", seeds, contract.number),
                           {"month": future.strftime("%Y-%m"), "comment": "Marché lancé."})
    assert response.status_code == 400
    assert fr("A report cannot be filled in for a month to come.") in text(response)
    assert "Marché lancé." in text(response)
    response = client.post(url("report", seeds, contract.number),
                           {"month": timezone.localdate().strftime("%Y-%m"),
                            "comment": "Marché lancé."})
    assert response.status_code == 302
    report = ContractReport.objects.get()
    assert report.actions_total == 2 and report.budget_committed == D(10_000)
    assert "Marché lancé." in text(client.get(contract.get_absolute_url()))


def test_no_report_on_a_closed_contract(client, seeds, contract):
    Contract.objects.filter(pk=contract.pk).update(status=Contract.Status.CLOSED)
    client.force_login(seeds.manager)
    response = client.post(url("report", seeds, contract.number),
                           {"month": timezone.localdate().strftime("%Y-%m"), "comment": "x"})
    assert response.status_code == 400
    with translation.override("fr"):
        contract.refresh_from_db()
        message = gettext("%(contract)s is closed: no more monthly reports.") % {
            "contract": contract}
    assert message in text(response)
    assert not ContractReport.objects.exists()


# --- budget moves --------------------------------------------------------------------------
def test_budget_move_errors_in_french_and_nothing_lost(client, seeds, funded):
    slow, fast = funded
    client.force_login(seeds.director)
    page = text(client.get(url("budget", seeds)))
    assert slow.action.reference in page and fr("Move the funds") in page
    for amount, message in (("-500", "Move a positive amount."),
                            ("0", "Move a positive amount.")):
        response = client.post(url("budget", seeds), {
            "source": slow.pk, "target": fast.pk, "envelope": "operating",
            "amount": amount, "reason": "Réaffectation urgente"})
        assert response.status_code == 400
        body = text(response)
        assert fr(message) in body and "Réaffectation urgente" in body
    response = client.post(url("budget", seeds), {
        "source": slow.pk, "target": fast.pk, "envelope": "operating", "amount": "35000",
        "reason": "Trop"})
    assert response.status_code == 400 and slow.action.reference in text(response)
    assert not BudgetMove.objects.exists()
    slow.refresh_from_db()
    assert slow.programme_operating == D(30_000)


def test_budget_history_keeps_the_totals(client, seeds, funded,
                                         django_assert_max_num_queries):
    slow, fast = funded
    before = services.programme_totals(seeds.programme)
    for amount in (1_000, 2_000, 3_000):
        services.budget_move(source=slow, target=fast, envelope="operating",
                             amount=D(amount), reason=f"Mouvement {amount}",
                             user=seeds.director)
    assert services.programme_totals(seeds.programme) == before
    client.force_login(seeds.director)
    with django_assert_max_num_queries(12):
        body = text(client.get(url("budget", seeds)))
    for amount in (1_000, 2_000, 3_000):
        assert f"Mouvement {amount}" in body
    assert body.index("Mouvement 3000") < body.index("Mouvement 1000")  # latest first


# --- steering committees -----------------------------------------------------------------------
def test_record_a_committee_with_decisions(client, seeds, contract):
    client.force_login(seeds.coordinator)
    data = {"copil-held_on": timezone.localdate().isoformat(), "copil-title": "COPIL T3",
            "copil-minutes": "Point d'étape.", "copil-attendees": [seeds.manager.pk],
            "decision-TOTAL_FORMS": "4", "decision-INITIAL_FORMS": "0",
            "decision-MIN_NUM_FORMS": "0", "decision-MAX_NUM_FORMS": "30",
            "decision-0-contract": contract.pk, "decision-0-text": "Accélérer.",
            "decision-1-contract": "", "decision-1-text": "Communiquer aux agents.",
            "decision-2-contract": contract.pk, "decision-2-text": ""}
    response = client.post(url("steering", seeds), data)
    assert response.status_code == 400  # a contract chosen without its decision
    assert not SteeringCommittee.objects.exists() and "COPIL T3" in text(response)
    data["decision-2-contract"] = ""
    assert client.post(url("steering", seeds), data).status_code == 302
    committee = SteeringCommittee.objects.get()
    assert sorted(d.text for d in committee.decisions.all()) == [
        "Accélérer.", "Communiquer aux agents."]
    body = text(client.get(url("steering", seeds)))
    assert "Accélérer." in body and "COPIL T3" in body
    client.force_login(seeds.manager)  # steers but does not record
    assert client.get(url("steering", seeds)).status_code == 200
    assert client.post(url("steering", seeds), data).status_code == 403


# --- closing and roadmaps --------------------------------------------------------------------
def test_closing_seminar_and_the_direction_roadmap(client, seeds, funded, contract):
    slow, fast = funded
    Action.objects.filter(pk=fast.action_id).update(status="done")
    client.force_login(seeds.coordinator)
    page = text(client.get(url("closing", seeds)))
    assert slow.action.reference in page and fast.action.reference in page
    field = f"report_{contract.pk}"
    response = client.post(url("closing", seeds), {field: ""})
    assert response.status_code == 400
    seeds.programme.refresh_from_db()
    assert not seeds.programme.is_closed
    response = client.post(url("closing", seeds), {field: "Le standard est en service."})
    assert response.status_code == 302
    seeds.programme.refresh_from_db()
    assert seeds.programme.status == InnovationProgramme.Status.CLOSED
    body = text(client.get(url("closing", seeds)))
    roadmap = reverse("innovation:roadmap", args=[seeds.direction.pk])
    assert "Le standard est en service." in body and roadmap in body

    client.force_login(seeds.agent)  # a service of that direction
    response = client.get(roadmap)
    assert response.status_code == 200 and slow.action.reference in text(response)
    assert fast.action.reference not in text(response)
    outsider = f.agent(username="ailleurs", service=f.ServiceFactory(code="autre-dir"))
    client.force_login(outsider)
    assert client.get(roadmap).status_code == 403
