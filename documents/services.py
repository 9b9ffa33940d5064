"""Writes about controlled documents: publishing an approved version, requesting and
recording read acknowledgements, review reminders. Admin, intranet, tasks and the demo
loader all go through these functions."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from wagtail.models import TaskState

from qms.models import Service, User
from qms.recipients import pilots_by_service

from .models import Acknowledgement, ControlledDocumentPage, DocumentVersion, PilotVerificationTask


@transaction.atomic
def document_publish_approved(workflow_state, user=None):
    """Wagtail's WAGTAIL_FINISH_WORKFLOW_ACTION: the last approval of the workflow
    stamps the version (number, approver, dates) on the approved revision, publishes it
    (now, or at its go-live date) and records the DocumentVersion."""
    page = workflow_state.content_object.specific
    if not isinstance(page, ControlledDocumentPage):
        return workflow_state.content_object.get_latest_revision().publish(user=user)

    approved_revision = page.get_latest_revision()
    document = approved_revision.as_object()
    last_number = (
        DocumentVersion.objects.filter(page=page).order_by("-number").values_list(
            "number", flat=True
        ).first()
        or 0
    )
    now = timezone.now()
    document.version = last_number + 1
    document.approver = user
    document.approved_at = now
    document.next_review_date = document.compute_next_review_date(timezone.localdate(now))
    document.full_clean()
    stamped = document.save_revision(
        user=approved_revision.user, log_action=False, clean=False, changed=False
    )
    verifier_state = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__content_type__model=PilotVerificationTask._meta.model_name,
        )
        .order_by("-finished_at")
        .first()
    )
    version = DocumentVersion.objects.create(
        page=page,
        number=document.version,
        revision=stamped,
        title=document.title,
        reference=document.reference,
        change_summary=document.change_summary,
        author_id=document.author_id,
        verifier_id=verifier_state.finished_by_id if verifier_state else None,
        approver=user,
        approved_at=now,
    )
    stamped.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    if page.live and page.live_revision_id == stamped.pk:
        document_version_activate(version=version)
    return version


@transaction.atomic
def document_version_activate(*, version: DocumentVersion) -> DocumentVersion:
    """The version is now the one in force: date it and ask its readers to acknowledge."""
    if version.published_at:
        return version
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    acknowledgements_request(version=version)
    return version


def versions_activate_due() -> int:
    """Activate the versions that Wagtail's publish_scheduled has just made live."""
    due = DocumentVersion.objects.filter(
        published_at__isnull=True,
        page__live=True,
        page__live_revision_id=F("revision_id"),
    ).select_related("page")
    count = 0
    for version in due:
        document_version_activate(version=version)
        count += 1
    return count


def readers_of(page: ControlledDocumentPage):
    """Active people of the services the document applies to (and their sub-services)."""
    services = Service.objects.filter(
        pk__in=page.applies_to_services.values("pk")
    ).with_descendants()
    return User.objects.filter(is_active=True, service__in=services)


def acknowledgements_request(*, version: DocumentVersion) -> int:
    """Ask every reader of the document to acknowledge this version."""
    page = version.page.specific
    readers = list(readers_of(page).only("pk", "service_id"))
    existing = set(
        Acknowledgement.objects.filter(version=version).values_list("user_id", flat=True)
    )
    bulk_create_with_history(
        [
            Acknowledgement(version=version, user_id=r.pk, service_id=r.service_id)
            for r in readers
            if r.pk not in existing
        ],
        Acknowledgement,
        batch_size=1000,
    )
    if readers:
        from .tasks import notify_acknowledgement_requested

        transaction.on_commit(lambda: notify_acknowledgement_requested.delay(version.pk))
    return len(readers) - len(existing)


@transaction.atomic
def document_acknowledge(*, page: ControlledDocumentPage, user: User) -> Acknowledgement:
    """'J'ai lu et compris' for the version in force of a published document."""
    if not page.live or not page.version:
        raise ValidationError(_("Only a published document can be acknowledged."))
    version = DocumentVersion.objects.filter(page=page, number=page.version).first()
    if version is None:
        raise ValidationError(_("This version of the document cannot be acknowledged."))
    ack, _created = Acknowledgement.objects.select_for_update().get_or_create(
        version=version, user=user, defaults={"service_id": user.service_id}
    )
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        ack.save(update_fields=["acknowledged_at"])
    return ack


def documents_due_for_review(*, today: date | None = None):
    """Published documents whose review is overdue or due within the configured window."""
    today = today or timezone.localdate()
    limit = today + timedelta(days=settings.QMS_REVIEW_DUE_SOON_DAYS)
    return (
        ControlledDocumentPage.objects.live()
        .filter(next_review_date__lte=limit)
        .select_related("owner_service", "author")
        .order_by("next_review_date", "reference")
    )


def document_owners(pages) -> dict[int, list]:
    """Who answers for each document's review: the pilots of its owner service, or its
    author when the service has no pilot. Returns {user_id: [pages]}."""
    service_ids = {p.owner_service_id for p in pages}
    pilots = pilots_by_service(service_ids)
    by_owner: dict[int, list] = defaultdict(list)
    users = {}
    for page in pages:
        owners = pilots.get(page.owner_service_id) or (
            [page.author] if page.author and page.author.is_active and page.author.email else []
        )
        for owner in owners:
            users[owner.pk] = owner
            by_owner[owner.pk].append(page)
    return {users[pk]: docs for pk, docs in by_owner.items()}


def review_reminders_send(*, today: date | None = None) -> int:
    """One e-mail per owner listing their documents overdue or due for review.
    Returns the number of messages sent."""
    today = today or timezone.localdate()
    pages = list(documents_due_for_review(today=today))
    sent = 0
    for owner, docs in document_owners(pages).items():
        overdue = [d for d in docs if d.next_review_date < today]
        due_soon = [d for d in docs if d.next_review_date >= today]
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Documents to review: %(overdue)s overdue, %(soon)s due soon") % {
                "overdue": len(overdue),
                "soon": len(due_soon),
            }
            body = render_to_string(
                "documents/email/review_reminder.txt",
                {
                    "owner": owner,
                    "overdue": overdue,
                    "due_soon": due_soon,
                    "base_url": settings.WAGTAILADMIN_BASE_URL,
                },
            )
        send_mail(subject, body, None, [owner.email])
        sent += 1
    return sent


def acknowledgement_notify(*, version_id: int) -> int:
    """E-mail the readers asked to acknowledge a version (one message each)."""
    version = DocumentVersion.objects.select_related("page").get(pk=version_id)
    recipients = list(
        Acknowledgement.objects.pending()
        .filter(version=version)
        .exclude(Q(user__email="") | Q(user__is_active=False))
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New version to read: %(document)s") % {"document": str(version)}
        body = render_to_string(
            "documents/email/acknowledgement_request.txt",
            {"version": version, "base_url": settings.WAGTAILADMIN_BASE_URL},
        )
    for email in recipients:
        send_mail(subject, body, None, [email])
    return len(recipients)
