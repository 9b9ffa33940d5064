"""The approval workflow: writing → verification by the owner service's pilot →
approval by the quality engineer; versions numbered at each approved publication."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import Page

from documents.models import DocumentVersion
from tests import factories as f


def refresh(page):
    return Page.objects.get(pk=page.pk).specific


def test_submitted_document_is_in_review_not_published(draft, people):
    f.submit(draft, people.agent)
    page = refresh(draft)
    assert page.status == "in_review"
    assert not page.live
    assert page.version == 0


def test_pilot_verification_then_quality_approval_publishes_version_1(draft, people):
    f.submit(draft, people.agent)
    f.act(draft, people.pilot)
    assert not refresh(draft).live, "the pilot's verification alone must not publish"
    f.act(draft, people.quality)
    page = refresh(draft)
    assert page.live and page.status == "published"
    assert page.version == 1
    assert page.approver == people.quality
    assert page.approved_at is not None
    assert page.next_review_date is not None
    version = DocumentVersion.objects.get(page=page)
    assert (version.number, version.verifier, version.approver, version.author) == (
        1, people.pilot, people.quality, people.agent
    )
    assert version.published_at is not None
    assert version.revision_id == page.live_revision_id


def test_rejection_returns_document_with_comment(draft, people):
    f.submit(draft, people.agent)
    f.act(draft, people.pilot, "reject", comment="Préciser les horaires d'ouverture.")
    page = refresh(draft)
    assert not page.live
    assert page.status == "draft"
    state = page.workflow_states.order_by("-created_at").first()
    assert state.status == "needs_changes"
    rejected = state.task_states.get(status="rejected")
    assert rejected.comment == "Préciser les horaires d'ouverture."


def test_only_the_pilot_of_the_owner_service_may_verify(draft, people):
    f.submit(draft, people.agent)
    page = refresh(draft)
    task = page.current_workflow_task
    assert task.get_actions(page, people.pilot)
    assert task.get_actions(page, people.other_pilot) == []
    assert task.get_actions(page, people.agent2) == []


def test_author_cannot_approve_own_document(library, accueil, people):
    page = f.make_document(
        library, owner_service=accueil, author=people.quality, reference="PRO-ACC-002"
    )
    f.submit(page, people.quality)
    f.act(page, people.pilot)
    page = refresh(page)
    task = page.current_workflow_task
    assert task.get_actions(page, people.quality) == []
    with translation.override("fr"), pytest.raises(
        PermissionDenied, match="une autre personne doit le faire"
    ):
        f.act(page, people.quality)
    assert not refresh(page).live
    f.act(page, people.quality2)
    assert refresh(page).live


def test_pilot_cannot_verify_own_document(library, accueil, people):
    page = f.make_document(
        library, owner_service=accueil, author=people.pilot, reference="PRO-ACC-003"
    )
    f.submit(page, people.pilot)
    page = refresh(page)
    assert page.current_workflow_task.get_actions(page, people.pilot) == []
    with pytest.raises(PermissionDenied):
        f.act(page, people.pilot)


def test_nobody_publishes_directly(published, people):
    for user in (people.quality, people.pilot, people.agent):
        assert not published.permissions_for_user(user).can_publish()


def test_new_version_increments_number_and_keeps_previous(published, people):
    page = refresh(published)
    page.change_summary = "Nouveaux horaires d'ouverture"
    page.title = "Procédures d'accueil du public (2026)"
    page.save_revision(user=people.agent)
    assert refresh(page).version == 1, "a draft does not change the version in force"
    f.publish(page, verifier=people.pilot, approver=people.quality, submitter=people.agent)
    page = refresh(page)
    assert page.version == 2
    assert page.title == "Procédures d'accueil du public (2026)"
    numbers = list(page.versions.order_by("number").values_list("number", "change_summary"))
    assert numbers == [(1, "Création du document"), (2, "Nouveaux horaires d'ouverture")]
    old = DocumentVersion.objects.get(page=page, number=1).revision.as_object()
    assert old.title == "Procédures d'accueil du public"
    assert old.version == 1
