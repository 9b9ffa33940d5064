"""Scheduled publication and withdrawal use Wagtail's go-live / expiry dates."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from documents import tasks
from documents.models import Acknowledgement, DocumentVersion
from tests import factories as f


def test_approved_version_goes_live_at_its_date(draft, people):
    page = draft.get_latest_revision_as_object()
    page.go_live_at = timezone.now() + timedelta(days=2)
    page.save_revision(user=people.agent)
    f.publish(page, verifier=people.pilot, approver=people.quality)
    page = Page.objects.get(pk=draft.pk).specific
    assert not page.live
    version = DocumentVersion.objects.get(page=page)
    assert version.published_at is None
    assert not Acknowledgement.objects.exists()

    # Two days pass: the go-live date of the approved revision is reached.
    past = timezone.now() - timedelta(minutes=1)
    revision = version.revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    tasks.publish_scheduled.delay().get()

    page = Page.objects.get(pk=draft.pk).specific
    assert page.live and page.version == 1
    version.refresh_from_db()
    assert version.published_at is not None
    assert Acknowledgement.objects.filter(version=version).count() == 3


def test_expiry_withdraws_the_document(published, people):
    Page.objects.filter(pk=published.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    tasks.publish_scheduled.delay().get()
    page = Page.objects.get(pk=published.pk).specific
    assert not page.live and page.expired
    assert page.status == "obsolete"
