"""The innovation & performance programme: from the agents' ideas, through working
groups and arbitration, to funded contracts steered monthly and quarterly."""

from .contracts import (
    BudgetMove,
    Contract,
    ContractReport,
    Follower,
    FundedAction,
    News,
    SteeringCommittee,
    SteeringDecision,
)
from .programme import (
    READ_ONLY_MESSAGE,
    ArbitrationLevel,
    Axis,
    Body,
    Idea,
    InnovationProgramme,
    InventoryItem,
    Meeting,
    Membership,
    Theme,
    WorkingGroup,
)
from .proposals import Arbitration, Proposal

__all__ = [
    "READ_ONLY_MESSAGE", "Arbitration", "ArbitrationLevel", "Axis", "Body", "BudgetMove",
    "Contract", "ContractReport", "Follower", "FundedAction", "Idea", "InnovationProgramme",
    "InventoryItem", "Meeting", "Membership", "News", "Proposal", "SteeringCommittee",
    "SteeringDecision", "Theme", "WorkingGroup",
]
