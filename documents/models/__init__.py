from .pages import (
    DOCUMENT_TYPES,
    ControlledDocumentPage,
    DocumentStatus,
    FormTemplatePage,
    GovernanceRulePage,
    InstructionPage,
    IntranetHomePage,
    LibraryPage,
    ProcedurePage,
    ProcessSheetPage,
)
from .records import Acknowledgement, DocumentVersion
from .workflow import PilotVerificationTask, QualityApprovalTask

__all__ = [
    "DOCUMENT_TYPES",
    "Acknowledgement",
    "ControlledDocumentPage",
    "DocumentStatus",
    "DocumentVersion",
    "FormTemplatePage",
    "GovernanceRulePage",
    "InstructionPage",
    "IntranetHomePage",
    "LibraryPage",
    "PilotVerificationTask",
    "ProcedurePage",
    "ProcessSheetPage",
    "QualityApprovalTask",
]
