"""Writes of the audits app (keyword-only, validated, atomic, the user in the history):
the programme and its audits (audits.py), nonconformities (nonconformity.py)."""

from .audits import (
    audit_build_checklist,
    audit_create,
    audit_report_request,
    audit_set_status,
    audit_update,
    check_independence,
    checklist_answer,
    finding_record,
    programme_approve,
    programme_create,
    programme_update,
)
from .nonconformity import (
    closure_blockers,
    corrective_actions,
    nonconformity_add_action,
    nonconformity_close,
    nonconformity_create,
    nonconformity_derived_status,
    nonconformity_record_analysis,
    nonconformity_refresh_status,
    nonconformity_refresh_statuses,
    nonconformity_update,
)

__all__ = [
    "audit_build_checklist", "audit_create", "audit_report_request", "audit_set_status",
    "audit_update",
    "check_independence", "checklist_answer", "closure_blockers", "corrective_actions",
    "finding_record", "nonconformity_add_action", "nonconformity_close",
    "nonconformity_create", "nonconformity_derived_status", "nonconformity_record_analysis",
    "nonconformity_refresh_status", "nonconformity_refresh_statuses",
    "nonconformity_update", "programme_approve", "programme_create", "programme_update",
]
