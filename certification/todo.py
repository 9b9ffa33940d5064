"""The certifications' part of the to-do list: the certification audits of the next 90
days, for the quality engineer (all) and the pilots of the covered services (two
queries)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of
from qms.todo import LIMIT, TodoItem

UPCOMING_DAYS = 90


def upcoming_audits(user) -> list[TodoItem]:
    from .models import CertificationAudit

    if not user.is_authenticated or not user.is_active:
        return []
    today = timezone.localdate()
    entries = (CertificationAudit.objects.upcoming(today)
               .filter(planned_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS)))
    if not is_quality_engineer(user):
        if not roles.user_has_role(user, roles.PILOT):
            return []
        ids = service_ids_of(user)
        if not ids:
            return []
        entries = entries.filter(certification__services__in=ids).distinct()
    entries = (entries.select_related("certification__standard")
               .prefetch_related("certification__services")
               .order_by("planned_date", "pk")[:LIMIT])
    return [
        TodoItem(
            category=_("Certification audits to prepare"),
            title=f"{entry.certification.standard.name} — {entry.get_kind_display()}",
            url=entry.certification.get_absolute_url(), due=entry.planned_date,
            detail=", ".join(s.name for s in entry.certification.services.all()),
        )
        for entry in entries
    ]
