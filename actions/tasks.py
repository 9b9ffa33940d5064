"""Celery tasks of the action plan: thin wrappers around its services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from . import digests


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_action_digests() -> dict[str, int]:
    """The weekly digest to each owner of actions overdue or due within two weeks."""
    return digests.action_digests_send()
