"""Who may see and change complaints, requests, surveys and commitments.

- The quality engineer: everything.
- A pilot: the complaints, requests and surveys of their services (builds those surveys,
  exports those records); decides whether a complaint is justified; opens a
  nonconformity from a complaint.
- An agent: records the complaints and requests of their service (desk data entry),
  updates them (acknowledgement, answer) and reads them; never judges them, never
  exports the register, never builds a survey.
- The direction and auditors: read everything.
Commitments are managed by the quality engineer; every member of staff reads them."""

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_read_all(user) -> bool:
    return _active(user) and roles.user_has_oversight(user)


def visible_feedback(user, queryset):
    if not _active(user):
        return queryset.none()
    if can_read_all(user):
        return queryset
    return queryset.filter(service__in=service_ids_of(user))


def can_view_feedback(user, feedback) -> bool:
    return _active(user) and (can_read_all(user) or feedback.service_id in service_ids_of(user))


def can_record_feedback(user, service_id=None) -> bool:
    """Record a complaint or request (for `service_id` when given)."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    if not (roles.user_has_role(user, roles.PILOT) or roles.user_has_role(user, roles.AGENT)):
        return False
    return service_id is None or service_id in service_ids_of(user)


def can_edit_feedback(user, feedback) -> bool:
    return can_record_feedback(user, feedback.service_id)


def can_judge_feedback(user, feedback) -> bool:
    """Decide whether a complaint is justified: the quality engineer or its pilot."""
    if not _active(user):
        return False
    return is_quality_engineer(user) or (
        roles.user_has_role(user, roles.PILOT) and feedback.service_id in service_ids_of(user))


def can_open_nonconformity(user, feedback) -> bool:
    return feedback.is_complaint and can_judge_feedback(user, feedback)


def visible_surveys(user, queryset):
    if not _active(user):
        return queryset.none()
    if can_read_all(user):
        return queryset
    return queryset.filter(service__in=service_ids_of(user))


def can_manage_survey(user, survey) -> bool:
    """Create and change a survey: the quality engineer, or a pilot of its service."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    return (roles.user_has_role(user, roles.PILOT) and survey.service_id is not None
            and survey.service_id in service_ids_of(user))


def can_create_survey(user, service_id=None) -> bool:
    """Create a survey (for `service_id` when given): the quality engineer, or a pilot
    for one of their services (a municipality-wide survey is the quality engineer's)."""
    if not _active(user):
        return False
    if is_quality_engineer(user):
        return True
    if not roles.user_has_role(user, roles.PILOT):
        return False
    return service_id is None or service_id in service_ids_of(user)


def can_view_survey_results(user, survey) -> bool:
    if not _active(user):
        return False
    if can_read_all(user) or can_manage_survey(user, survey):
        return True
    return survey.service_id is not None and survey.service_id in service_ids_of(user)


def can_export_feedback(user) -> bool:
    """Export the register to a spreadsheet: those who read every service, and the pilots
    (their services' records only, through `visible_feedback`). Agents read the list but
    do not take the register away."""
    if not _active(user):
        return False
    return can_read_all(user) or is_quality_engineer(user) or roles.user_has_role(
        user, roles.PILOT)


def can_view_commitments(user) -> bool:
    return _active(user)


def can_manage_commitments(user) -> bool:
    return _active(user) and is_quality_engineer(user)


def can_feed_indicators(user) -> bool:
    return _active(user) and is_quality_engineer(user)
