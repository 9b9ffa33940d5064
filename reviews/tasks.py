"""Celery tasks of the reviews app: thin wrappers around its services."""

from celery import shared_task
from django.contrib.auth import get_user_model


@shared_task
def review_compile_sections(review_id: int, user_id: int) -> int:
    """Compile a management review's §9.3.2 inputs section by section (the page shows
    the progress); returns the number of sections compiled."""
    from .services import review_compile_run

    user = get_user_model().objects.get(pk=user_id)
    return review_compile_run(review_id=review_id, user=user).compile_done
