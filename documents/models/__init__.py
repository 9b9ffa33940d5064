from .governance import QmsScopePage, QualityPolicyPage, StandardCode
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

# The governance documents are types of the library like the others (filters, labels).
DOCUMENT_TYPES.update({"policy": QualityPolicyPage, "scope": QmsScopePage})

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
    "QmsScopePage",
    "QualityApprovalTask",
    "QualityPolicyPage",
    "StandardCode",
]
