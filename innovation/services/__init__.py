"""Writes of the innovation & performance programme (atomic, validated, in the history
with who and why). Views, the back office, the tasks and the demo call these."""

from .contracts import (
    budget_move,
    contract_create,
    contract_sign,
    funded_action_create,
    funded_action_update,
    programme_totals,
    report_fill,
)
from .programme import (
    committee_record,
    follower_toggle,
    idea_answer,
    idea_submit,
    meeting_record,
    member_add,
    news_publish,
    programme_close,
    programme_evaluation_survey,
)
from .proposals import proposal_arbitrate, proposal_create, proposal_submit, proposal_update

__all__ = [
    "budget_move", "committee_record", "contract_create", "contract_sign",
    "follower_toggle", "funded_action_create", "funded_action_update", "idea_answer",
    "idea_submit", "meeting_record", "member_add", "news_publish", "programme_close",
    "programme_evaluation_survey",
    "programme_totals", "proposal_arbitrate", "proposal_create", "proposal_submit",
    "proposal_update", "report_fill",
]
