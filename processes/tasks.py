"""Celery tasks of the processes app: thin wrappers around services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from . import risk_digests


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_risk_review_digests() -> dict[str, int]:
    """One digest per pilot of the risks whose review date has come (weekly)."""
    return risk_digests.risk_review_digests_send()
