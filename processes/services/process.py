"""Writes on the process register and the context: the interactions of the map, the
processes' register data, the context issues and interested parties and their periodic
review. Keyword-only, validated (`full_clean`), atomic, the user kept in the history."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.permissions import is_pilot_of, is_quality_engineer
from qms.services import save_with_history as _save

from ..models import ContextIssue, InterestedParty, Process, ProcessInteraction

__all__ = [
    "can_edit_interaction",
    "can_edit_process",
    "context_issue_create",
    "context_review_record",
    "interested_party_create",
    "process_interaction_create",
    "process_interaction_update",
    "process_update",
]

#: Fields of the register a caller may set through process_update.
PROCESS_FIELDS = {"name", "family", "pilot", "service", "process_sheet", "map_order", "status"}


# --- who may write ------------------------------------------------------------------------------
def can_edit_process(user, process: Process) -> bool:
    """The quality engineer: every process; a pilot: the processes owned by their
    services."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_quality_engineer(user) or (
        process.service_id is not None and is_pilot_of(user, process.service_id)
    )


def can_edit_interaction(user, interaction: ProcessInteraction) -> bool:
    """An interaction belongs to the process it leaves: who edits that process edits its
    outgoing arrows."""
    return interaction.source_id is not None and can_edit_process(user, interaction.source)


# --- processes ----------------------------------------------------------------------------------
@transaction.atomic
def process_update(*, process: Process, user=None, reason: str = "", services=None,
                   check_permission: bool = False, **fields) -> Process:
    """Change the register data of a process (not its text: that is the process sheet's)."""
    unknown = set(fields) - PROCESS_FIELDS
    if unknown:
        raise TypeError(f"process_update() got unexpected fields: {', '.join(sorted(unknown))}")
    if check_permission and not can_edit_process(user, process):
        raise PermissionDenied(_("You may only change the processes of your services."))
    for name, value in fields.items():
        setattr(process, name, value)
    _save(process, user=user, reason=reason)
    if services is not None:
        process.services.set(services)
    return process


# --- interactions -------------------------------------------------------------------------------
@transaction.atomic
def process_interaction_create(*, source: Process, target: Process, description: str = "",
                               user=None, check_permission: bool = False) -> ProcessInteraction:
    """Record that `source` hands something (`description`) to `target`. Refused: an
    interaction of a process with itself, one already recorded, and — with
    `check_permission` — one leaving a process the user does not own."""
    interaction = ProcessInteraction(source=source, target=target, description=description)
    if check_permission and not can_edit_interaction(user, interaction):
        raise PermissionDenied(
            _("You may only record the interactions leaving the processes of your services.")
        )
    return _save(interaction, user=user)


@transaction.atomic
def process_interaction_update(*, interaction: ProcessInteraction, description: str,
                               user=None, check_permission: bool = False) -> ProcessInteraction:
    if check_permission and not can_edit_interaction(user, interaction):
        raise PermissionDenied(
            _("You may only record the interactions leaving the processes of your services.")
        )
    interaction.description = description
    return _save(interaction, user=user)


# --- the context --------------------------------------------------------------------------------
@transaction.atomic
def context_issue_create(*, user=None, processes=(), **fields) -> ContextIssue:
    issue = _save(ContextIssue(**fields), user=user)
    issue.processes.set(processes)
    return issue


@transaction.atomic
def interested_party_create(*, user=None, processes=(), **fields) -> InterestedParty:
    party = _save(InterestedParty(**fields), user=user)
    party.processes.set(processes)
    return party


@transaction.atomic
def context_review_record(
    *, item: ContextIssue | InterestedParty, user, reviewed_on: datetime.date | None = None,
    next_review_date: datetime.date | None = None, comment: str = "",
    check_permission: bool = True,
) -> ContextIssue | InterestedParty:
    """Record the periodic review of a context issue or an interested party: who reviewed
    it, when (today unless told), and when it is to be reviewed next (after its review
    period unless told). The quality engineer reviews the context."""
    if check_permission and not is_quality_engineer(user):
        raise PermissionDenied(_("Only the quality engineer reviews the context."))
    reviewed_on = reviewed_on or timezone.localdate()
    item.last_reviewed_at = reviewed_on
    item.last_reviewed_by = user
    item.next_review_date = next_review_date or (
        reviewed_on + relativedelta(months=item.review_period_months)
    )
    return _save(item, user=user, reason=comment or _("Periodic review"))
