"""The demo loader (`manage.py load_demo`). The only tests that load the demo data.

Loading takes tens of seconds, so it is done once for the module, inside a transaction
that is rolled back at the end: the other test modules never see the demo data.
"""

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page, Revision, TaskState, WorkflowState

from documents import selectors
from documents.demo import DEMO_LOGINS, DemoRefused, load_demo
from documents.models import (
    Acknowledgement,
    ControlledDocumentPage,
    DocumentStatus,
    DocumentVersion,
    FormTemplatePage,
    GovernanceRulePage,
    InstructionPage,
    PilotVerificationTask,
    ProcedurePage,
    ProcessSheetPage,
    QualityApprovalTask,
)
from qms import roles
from qms.models import Service, Site, User

# Runs first (file order), before the module's demo data is loaded.


def test_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())
    with pytest.raises(DemoRefused):
        load_demo()
    assert not User.objects.exists()
    assert not Service.objects.exists()
    assert not ControlledDocumentPage.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, loaded once for the module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=out)
            yield SimpleNamespace(output=out.getvalue(), media_root=media)
            transaction.set_rollback(True)


def _counts():
    return {
        "services": Service.objects.count(),
        "sites": Site.objects.count(),
        "users": User.objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "versions": DocumentVersion.objects.count(),
        "acknowledgements": Acknowledgement.objects.count(),
        "acknowledged": Acknowledgement.objects.done().count(),
        "workflow states": WorkflowState.objects.count(),
        "task states": TaskState.objects.count(),
    }


def test_organisation(demo, db):
    services = Service.objects.filter(kind=Service.Kind.SERVICE)
    assert services.count() == 22
    assert not services.filter(parent__isnull=True).exists()  # each under a direction
    accueil = Service.objects.get(code="accueil")
    assert accueil.parent.kind == Service.Kind.DIRECTION
    assert Site.objects.filter(name="Hôtel de ville", services=accueil).exists()
    assert Site.objects.count() >= 3
    for service in services:
        members = User.objects.filter(service=service)
        assert members.filter(groups__name=roles.PILOT).exists(), service
        assert members.filter(groups__name=roles.AGENT).count() >= 2, service


@pytest.mark.parametrize(
    "username, role",
    [
        ("qualite", roles.QUALITY_ENGINEER),
        ("pilote", roles.PILOT),
        ("agent", roles.AGENT),
        ("auditeur", roles.AUDITOR),
        ("direction", roles.DIRECTION),
    ],
)
def test_demo_logins(demo, db, client, username, role):
    user = User.objects.get(username=username)
    assert set(user.groups.values_list("name", flat=True)) == {role}
    assert user.email.endswith("@mairie-belleville.fr")
    assert client.login(username=username, password="demo")
    assert username in demo.output  # the logins are printed at the end


def test_pilot_and_agent_belong_to_accueil(demo, db):
    assert User.objects.get(username="pilote").service.code == "accueil"
    assert User.objects.get(username="agent").service.code == "accueil"
    assert set(DEMO_LOGINS) == {"qualite", "pilote", "agent", "auditeur", "direction"}
    assert Group.objects.get(name=roles.PILOT).user_set.count() >= 22


def test_process_sheets_in_three_families(demo, db):
    sheets = ProcessSheetPage.objects.all()
    assert 10 <= sheets.count() <= 14
    families = {family: sheets.filter(family=family).count()
                for family in ProcessSheetPage.Family.values}
    assert all(families.values()), families
    for sheet in sheets:
        assert sheet.pilot and sheet.summary and sheet.activities
        assert sheet.criteria_and_methods, sheet.reference
        assert sheet.get_children().exists(), sheet.reference  # its procedures


def test_procedures_instructions_forms_and_governance_rules(demo, db, settings):
    settings.MEDIA_ROOT = demo.media_root
    assert ProcedurePage.objects.count() + InstructionPage.objects.count() >= 30
    assert GovernanceRulePage.objects.count() == 2
    forms = FormTemplatePage.objects.all()
    assert forms.count() >= 2
    for page in forms:
        assert page.attachment.file.read(5) == b"%PDF-"
    body_types = {
        block.block_type for page in ProcedurePage.objects.all() for block in page.body
    }
    assert {"heading", "paragraph", "steps", "table", "note", "document_link"} <= body_types
    accueil = Service.objects.get(code="accueil")
    assert ControlledDocumentPage.objects.filter(applies_to_services=accueil).count() >= 15


def test_published_through_the_workflow(demo, db):
    quality = User.objects.get(username="qualite")
    versions = DocumentVersion.objects.all()
    assert versions.count() >= 40
    for version in versions.select_related("page"):
        assert version.approver == quality
        assert version.verifier is not None and version.verifier != version.author
        assert version.published_at is not None
    assert ControlledDocumentPage.objects.live().count() >= 40


def test_several_versions(demo, db):
    documents = ControlledDocumentPage.objects.filter(version__gte=2)
    assert documents.count() >= 3
    assert ControlledDocumentPage.objects.filter(version__gte=3).exists()
    for page in documents:
        versions = list(page.versions.order_by("number"))
        assert [v.number for v in versions] == list(range(1, page.version + 1))
        assert len({v.revision_id for v in versions}) == len(versions)
        assert len({v.change_summary for v in versions}) == len(versions)
        assert versions[0].published_at < versions[-1].published_at


def test_documents_in_review_and_drafts(demo, db):
    in_progress = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    assert in_progress.count() >= 2
    tasks = {state.current_task_state.task.specific.__class__ for state in in_progress}
    assert {PilotVerificationTask, QualityApprovalTask} <= tasks  # waiting for pilote, qualite
    statuses = [page.status for page in ControlledDocumentPage.objects.all()]
    assert DocumentStatus.IN_REVIEW in statuses
    assert DocumentStatus.DRAFT in statuses
    # a published document whose next version is in review
    live_in_review = [p for p in ControlledDocumentPage.objects.live() if p.workflow_in_progress]
    assert live_in_review


def test_overdue_reviews(demo, db):
    today = date.today()
    overdue = ControlledDocumentPage.objects.live().filter(next_review_date__lt=today)
    assert overdue.count() >= 3
    assert {page.review_state for page in overdue} == {"overdue"}
    assert ControlledDocumentPage.objects.live().filter(next_review_date__gte=today).exists()


def test_acknowledgements(demo, db):
    agent = User.objects.get(username="agent")
    pending = selectors.pending_acknowledgements(agent)
    assert len(pending) >= 5
    assert Acknowledgement.objects.current().done().filter(user=agent).exists()
    rates = selectors.acknowledgement_rates_by_service()
    assert rates and all(40 <= row["rate"] <= 100 for row in rates), rates
    others = Acknowledgement.objects.current().exclude(user=agent)
    assert others.done().count() > 2 * others.pending().count()


def test_second_run_creates_nothing(demo, db, settings):
    settings.DEBUG = True
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "nothing to create" in out.getvalue()


def test_process_register_forms_the_map(demo, db):
    from processes.models import ContextIssue, InterestedParty, Process, ProcessInteraction

    processes = Process.objects.all()
    assert processes.count() == ProcessSheetPage.objects.count()
    assert not processes.filter(process_sheet__isnull=True).exists()  # each with its sheet
    assert {p.family for p in processes} == set(Process.Family.values)
    assert ProcessInteraction.objects.count() >= 15
    # Every process takes part in at least one interaction: nothing floats on the map.
    for process in processes:
        assert (process.outgoing_interactions.exists() or process.incoming_interactions.exists()), process
    # Procedures and instructions belong to their process, never the sheets themselves.
    accueil = processes.get(code="PRC-R01")
    assert accueil.documents.filter(reference="PRO-ACC-001").exists()
    assert not Process.documents.through.objects.filter(
        controlleddocumentpage__reference__startswith="PRC-").exists()
    assert ContextIssue.objects.filter(kind="internal").exists()
    assert ContextIssue.objects.filter(kind="external").exists()
    assert InterestedParty.objects.count() >= 10
    assert ContextIssue.objects.due_for_review().exists()  # the to-do list has work


def test_quality_policy_and_scope(demo, db):
    from documents.demo.governance import CERTIFIED, NOT_CERTIFIED
    from documents.models import QmsScopePage, QualityPolicyPage

    quality = User.objects.get(username="qualite")
    policy = QualityPolicyPage.objects.live().get(reference="POL-001")
    assert policy.version == 2 and policy.signatory_title.startswith("Maire")
    assert len(policy.commitments) >= 5
    assert policy.versions.get(number=2).approver == quality
    assert set(policy.applies_to_services.all()) == set(Service.objects.all())
    rate = selectors.policy_acknowledgement_rate(policy)
    assert 65 <= rate.rate < 90, rate  # real gaps to show
    assert any(row.rate < 90 for row in rate.by_service)
    assert policy.review_state == "ok"

    scope = QmsScopePage.objects.live().get(reference="DOM-001")
    covered = set(scope.services.values_list("code", flat=True))
    assert covered == set(CERTIFIED) and len(covered) == 18
    assert not covered & set(NOT_CERTIFIED)
    assert scope.sites.count() >= 6
    assert [block.value["clause"] for block in scope.exclusions] == ["8.3"]
    assert all(block.value["justification"] for block in scope.exclusions)
    assert scope.versions.get().approver == quality
    assert Acknowledgement.objects.filter(version__page=scope).done().exists()
