"""Celery tasks of the innovation app: thin wrappers around its services."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_news(news_id: int) -> int:
    """E-mail a programme's news item to its followers; returns the number of mails."""
    from .notifications import news_mail

    return news_mail(news_id)


@shared_task
def send_report_reminders() -> int:
    """Month end: remind each contract manager whose report of the month is missing."""
    from .notifications import report_reminders

    return report_reminders()
