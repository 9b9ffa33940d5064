"""Who may see and change the reviews.

- The quality engineer prepares, compiles, comments and validates the management reviews
  and writes every process review.
- The direction, the auditors and the pilots read the management reviews; a pilot
  prepares the process reviews of the processes of their services.
- Agents have no access.
- Nobody changes a validated review."""

from qms import roles
from qms.permissions import is_quality_engineer, service_ids_of


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_view_reviews(user) -> bool:
    return _active(user) and (
        roles.user_has_oversight(user) or roles.user_has_role(user, roles.PILOT))


def can_edit_review(user, review=None) -> bool:
    """Prepare (create, compile, comment, decide) a management review."""
    if not _active(user) or not is_quality_engineer(user):
        return False
    return review is None or not review.is_validated


def can_validate_review(user, review) -> bool:
    return can_edit_review(user, review)


def can_edit_process_review(user, process_review=None, process=None) -> bool:
    """The quality engineer, or a pilot of the process's owner service."""
    if not _active(user):
        return False
    if process_review is not None:
        if process_review.is_validated:
            return False
        process = process_review.process
    if is_quality_engineer(user):
        return True
    if not roles.user_has_role(user, roles.PILOT):
        return False
    return process is None or (
        process.service_id in service_ids_of(user) or process.pilot_id == user.pk)
