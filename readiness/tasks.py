"""Celery tasks of the readiness matrix: thin wrappers around services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def refresh_scores() -> int:
    """Every active service's readiness score for every standard (nightly)."""
    return services.scores_refresh()
