"""Recording and handling complaints and service requests."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.references import next_reference

from ..models import UserFeedback
from ..permissions import (
    can_edit_feedback,
    can_judge_feedback,
    can_open_nonconformity,
    can_record_feedback,
)

EDITABLE_FIELDS = {
    "kind", "channel", "service", "subject", "description", "citizen_name",
    "citizen_contact", "received_on", "acknowledged_on", "answered_on", "answer",
    "justified",
}
_PREFIX = {UserFeedback.Kind.COMPLAINT: "REC", UserFeedback.Kind.REQUEST: "DEM"}


def _next_reference(kind: str, year: int) -> str:
    return next_reference(UserFeedback.objects, f"{_PREFIX[kind]}-{year}-", 4)


def _save(feedback: UserFeedback, *, user, reason: str) -> UserFeedback:
    feedback.full_clean(exclude=["reference"])
    feedback._history_user = user if user and user.is_authenticated else None
    feedback._change_reason = reason[:100]
    feedback.save()
    return feedback


def _strip(fields: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


@transaction.atomic
def feedback_create(*, kind: str, channel: str, service, subject: str, user,
                    check_permission: bool = True, **fields: Any) -> UserFeedback:
    """Record a complaint or a request. Agents record those of their service; a
    complaint's `justified` is decided by its pilot or the quality engineer."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"feedback_create() got unexpected fields: {', '.join(sorted(unknown))}")
    feedback = UserFeedback(kind=kind, channel=channel, service=service, subject=subject,
                            recorded_by=user if user and user.is_authenticated else None,
                            **_strip(fields))
    if check_permission:
        if not can_record_feedback(user, service.pk if service else None):
            raise PermissionDenied(_("You may not record complaints or requests for this "
                                     "service."))
        if (feedback.justified != UserFeedback.Justified.UNKNOWN
                and not can_judge_feedback(user, feedback)):
            raise PermissionDenied(_("Only the service's pilot or the quality engineer decides "
                                     "whether a complaint is justified."))
    year = (feedback.received_on or timezone.localdate()).year
    for _attempt in range(3):
        feedback.reference = _next_reference(kind, year)
        try:
            with transaction.atomic():
                return _save(feedback, user=user, reason="Enregistrement")
        except IntegrityError:  # a reference taken meanwhile: take the next one
            feedback.pk = None
    raise ValidationError(_("Could not allocate a reference; try again."))


@transaction.atomic
def feedback_update(*, feedback: UserFeedback, user, reason: str = "",
                    check_permission: bool = True, **fields: Any) -> UserFeedback:
    """Change a record (acknowledge, answer, correct). Its history keeps each version."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"feedback_update() got unexpected fields: {', '.join(sorted(unknown))}")
    if check_permission and not can_edit_feedback(user, feedback):
        raise PermissionDenied(_("You may not change this record."))
    old_justified = feedback.justified
    for name, value in _strip(fields).items():
        setattr(feedback, name, value)
    if check_permission:
        if feedback.justified != old_justified and not can_judge_feedback(user, feedback):
            raise PermissionDenied(_("Only the service's pilot or the quality engineer decides "
                                     "whether a complaint is justified."))
        if not can_edit_feedback(user, feedback):  # moved to a service out of reach
            raise PermissionDenied(_("You may not record complaints or requests for this "
                                     "service."))
    return _save(feedback, user=user, reason=reason or "Mise à jour")


def nonconformity_available() -> bool:
    """Whether audits offers `nonconformity_create` (built in parallel in issue 5)."""
    try:
        from audits import services as audit_services
    except ImportError:
        return False
    return callable(getattr(audit_services, "nonconformity_create", None))


@transaction.atomic
def feedback_open_nonconformity(*, feedback: UserFeedback, user, description: str = ""):
    """Open a nonconformity from a complaint, through audits' own service, with the
    complaint as its source."""
    if not feedback.is_complaint:
        raise ValidationError(_("Only a complaint can open a nonconformity."))
    if not can_open_nonconformity(user, feedback):
        raise PermissionDenied(_("Only the service's pilot or the quality engineer opens a "
                                 "nonconformity from a complaint."))
    if not nonconformity_available():
        raise ValidationError(_("Nonconformities are not available yet."))
    from audits.services import nonconformity_create

    existing = nonconformities_of(feedback)
    if existing:
        raise ValidationError(_("This complaint already opened nonconformity %(nc)s.")
                              % {"nc": existing[0]})
    return nonconformity_create(
        title=feedback.subject[:255],
        description=description or feedback.description or feedback.subject,
        service=feedback.service,
        source_kind="complaint",
        user=user,
        source=feedback,
    )


def nonconformities_of(feedback: UserFeedback) -> list:
    """The nonconformities opened from this complaint (none while audits lacks them)."""
    if not nonconformity_available():
        return []
    from django.contrib.contenttypes.models import ContentType

    from audits.models import Nonconformity

    return list(Nonconformity.objects.filter(
        source_content_type=ContentType.objects.get_for_model(UserFeedback),
        source_object_id=feedback.pk))


#: How long a citizen's name and contact are kept after the answer (GDPR minimisation).
CITIZEN_DATA_RETENTION_DAYS = 365


def feedback_erase_citizen_data(*, today=None,
                                retention_days: int = CITIZEN_DATA_RETENTION_DAYS) -> int:
    """Blank the citizen's name and contact of the records answered more than
    `retention_days` ago; the record itself (subject, dates, answer) is kept for the
    indicators. Each erasure is a history entry with its reason, and the earlier
    history entries lose the personal data too. Returns the count."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=retention_days)
    rows = (UserFeedback.objects.filter(answered_on__lt=limit)
            .exclude(citizen_name="", citizen_contact=""))
    count = 0
    for feedback in rows.iterator():
        feedback.citizen_name = feedback.citizen_contact = ""
        feedback._change_reason = "Effacement des données personnelles (RGPD)"
        feedback.save(update_fields=["citizen_name", "citizen_contact"])
        # The personal data leaves the history too (the only rewrite of history: GDPR).
        UserFeedback.history.filter(id=feedback.pk).update(citizen_name="", citizen_contact="")
        count += 1
    return count
