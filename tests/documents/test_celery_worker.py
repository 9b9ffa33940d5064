"""The same tasks through a real Celery worker over Redis (run by .ci/run with
CELERY_BROKER_URL=redis://..., against PostgreSQL). Skipped with the eager default."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from documents import tasks
from documents.models import ControlledDocumentPage, DocumentVersion
from tests import factories as f
from tests.worker import needs_real_broker, wait_for

pytestmark = needs_real_broker


def test_review_reminders_through_the_worker(worker, intranet_structure):
    library = intranet_structure
    svc = f.ServiceFactory(code="accueil-w", name="Accueil")
    pilot = f.pilot(username="pilote-w", service=svc)
    quality = f.quality_engineer(username="qualite-w")
    page = f.make_document(library, owner_service=svc, author=f.agent(service=svc),
                           reference="PRO-W-001")
    f.publish(page, verifier=pilot, approver=quality)
    ControlledDocumentPage.objects.filter(pk=page.pk).update(
        next_review_date=timezone.localdate() - timedelta(days=3)
    )
    mail.outbox.clear()
    result = tasks.send_review_reminders.delay()
    assert result.get(timeout=60) == 1
    assert [m.to for m in mail.outbox] == [["pilote-w@mairie.example"]]
    assert "PRO-W-001" in mail.outbox[0].body


def test_acknowledgement_requests_are_mailed_after_commit(worker, intranet_structure):
    library = intranet_structure
    svc = f.ServiceFactory(code="accueil-x", name="Accueil X")
    pilot = f.pilot(username="pilote-x", service=svc)
    quality = f.quality_engineer(username="qualite-x")
    agent = f.agent(username="agent-x", service=svc)
    page = f.make_document(library, owner_service=svc, author=agent, reference="PRO-X-001",
                           applies_to=[svc])
    mail.outbox.clear()
    f.publish(page, verifier=pilot, approver=quality)  # autocommit: on_commit fires at once
    def ours():
        with translation.override("fr"):
            subject = gettext("New version to read: %(document)s") % {
                "document": str(DocumentVersion.objects.get(page=page))
            }
        return [m for m in mail.outbox if m.subject == subject]

    assert wait_for(lambda: len(ours()) >= 2)
    assert sorted(m.to[0] for m in ours()) == [
        "agent-x@mairie.example", "pilote-x@mairie.example"
    ]
