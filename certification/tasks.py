"""Celery tasks of the certifications: thin wrappers around services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from . import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_audit_reminders() -> dict[str, int]:
    """Daily: the reminders 90, 30 and 7 days before each certification audit."""
    return reminders.audit_reminders_send()
