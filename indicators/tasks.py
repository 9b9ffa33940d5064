"""Celery tasks of the indicators app: thin wrappers around services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from . import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_missing_measurement_reminders() -> int:
    """One digest per owner of indicators without a value for their last closed period."""
    return reminders.missing_measurement_reminders_send()
