"""Celery tasks of user feedback: thin wrappers around the services."""

from celery import shared_task

from .services import feedback_indicators_compute


@shared_task
def compute_feedback_indicators(period: str | None = None) -> dict:
    """Monthly (beat, the 2nd at 03:30): last month's processing times and complaint rates
    recorded in their indicators. Idempotent: safe to run again."""
    return feedback_indicators_compute(period=period)


@shared_task
def erase_citizen_data() -> int:
    """Monthly: the citizens' names and contacts erased a year after the answer (GDPR)."""
    from .services import feedback_erase_citizen_data

    return feedback_erase_citizen_data()
