"""Celery tasks of the documents app: thin wrappers around services."""

from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_review_reminders() -> int:
    return services.review_reminders_send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_acknowledgement_requested(version_id: int) -> int:
    return services.acknowledgement_notify(version_id=version_id)


@shared_task
def publish_scheduled() -> int:
    """Wagtail's go-live / expiry dates, then the versions that just went live."""
    call_command("publish_scheduled")
    return services.versions_activate_due()
