"""The process register and map (ISO 9001 §4.4), the context of the organisation
(§4.1 issues, §4.2 interested parties) and the risk & impact sheets (§6.1)."""

from .context import ContextIssue, InterestedParty
from .process import Process, ProcessInteraction
from .risks import Criticality, Risk, RiskSheet

__all__ = [
    "ContextIssue", "Criticality", "InterestedParty", "Process", "ProcessInteraction", "Risk",
    "RiskSheet",
]
