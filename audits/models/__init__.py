"""Audits and nonconformities: criteria (standards, clauses, checklist templates), the
auditor register, yearly programmes, audits with their checklists and findings, and the
nonconformity records with their cause analysis."""

from .audit import Audit, ChecklistItem, independence_errors
from .auditors import Auditor, AuditorQualification
from .criteria import ChecklistTemplate, Criterion, Standard
from .finding import Finding
from .nonconformity import Nonconformity
from .programme import AuditProgramme

__all__ = [
    "Audit", "AuditProgramme", "Auditor", "AuditorQualification", "ChecklistItem",
    "ChecklistTemplate", "Criterion", "Finding", "Nonconformity", "Standard",
    "independence_errors",
]
