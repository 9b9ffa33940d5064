"""Celery tasks of the audits app: thin wrappers around its services. Scheduled in
settings.CELERY_BEAT_SCHEDULE."""

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Audit


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def audit_report_generate(audit_id: int) -> str:
    """Render the audit report PDF and store it on the audit."""
    from .pdf import render_audit_report

    audit = Audit.objects.get(pk=audit_id)
    try:
        content = render_audit_report(audit)
    except Exception:
        Audit.objects.filter(pk=audit_id).update(report_state=Audit.ReportState.FAILED)
        raise
    audit.report_file.save(f"{audit.reference}-rapport.pdf", ContentFile(content), save=False)
    Audit.objects.filter(pk=audit_id).update(
        report_file=audit.report_file.name, report_state=Audit.ReportState.READY,
        report_generated_at=timezone.now())
    return audit.report_file.name


@shared_task
def refresh_nonconformity_statuses() -> int:
    """Daily: bring each open nonconformity's status in line with its corrective actions
    (in progress, or all carried out and awaiting the effectiveness check)."""
    from .services import nonconformity_refresh_statuses

    return nonconformity_refresh_statuses()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_nonconformity_digests() -> dict[str, int]:
    """Weekly (Monday): to the pilots of each service, its overdue nonconformities."""
    from .digests import nonconformity_digests_send

    return nonconformity_digests_send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_audit_digests() -> dict[str, int]:
    """Weekly (Monday): to lead auditors and the audited services' pilots, the audits
    starting within two weeks."""
    from .digests import audit_digests_send

    return audit_digests_send()
