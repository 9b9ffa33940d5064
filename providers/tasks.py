"""Celery tasks of the providers' register: thin wrappers around services. Scheduled in
settings.CELERY_BEAT_SCHEDULE (Mondays)."""

from celery import shared_task

from . import reminders


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_evaluation_reminders() -> dict[str, int]:
    """One e-mail per pilot of the provider evaluations due within 30 days or overdue."""
    return reminders.evaluation_reminders_send()
