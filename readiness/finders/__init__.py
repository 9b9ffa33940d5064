"""The evidence finders readiness owns: what the product's records show, service by
service, for the clauses of a standard (see qms.evidence). Each finder answers in one to
three queries whatever the number of records; ``register_kinds`` (called from
ReadinessConfig.ready) registers them under their codes."""

from django.utils.translation import gettext_lazy as _

from qms import evidence

from .assurance import audits, compliance, improvement_actions, management_review, nonconformities
from .docs import documents
from .organisation import context, process_sheets, roles
from .performance import feedback, indicators, objectives
from .risk import environmental_aspects, risks

__all__ = [
    "KINDS", "audits", "compliance", "context", "documents", "environmental_aspects",
    "feedback", "improvement_actions", "indicators", "management_review", "nonconformities",
    "objectives", "process_sheets", "register_kinds", "risks", "roles",
]

#: (code, label, order) of the kinds; the finder is readiness.finders.<code>.
KINDS = [
    ("documents", _("Documents linked to the clause"), 10),
    ("process_sheets", _("Process sheets"), 20),
    ("roles", _("Process pilots and heads of service"), 25),
    ("context", _("Issues and interested parties"), 30),
    ("risks", _("Risk sheets and their treatment"), 40),
    ("environmental_aspects", _("Environmental aspects"), 45),
    ("objectives", _("Objectives"), 50),
    ("indicators", _("Indicator values"), 55),
    ("feedback", _("Complaints, surveys and service commitments"), 60),
    ("audits", _("Internal audits"), 80),
    ("nonconformities", _("Nonconformities"), 85),
    ("compliance", _("Compliance evaluations"), 90),
    ("management_review", _("Management review"), 95),
    ("improvement_actions", _("Improvement actions"), 98),
]


def register_kinds() -> None:
    """Register the kinds readiness finds (idempotent)."""
    for code, label, order in KINDS:
        evidence.register(code, f"readiness.finders.{code}", label=label, order=order)
