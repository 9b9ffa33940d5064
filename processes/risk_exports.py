"""XLSX export (openpyxl) of the risk register with the register page's filters: one row
per risk or opportunity with every field of its sheet, its ratings before and after
treatment (numbers stay numbers), its treatment status and its review; criticality
levels are words, tinted; a second sheet tells which filters made the list."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import Criticality, Process, Risk
from .risk_selectors import Basis, RegisterFilters, TreatmentStatus

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LEVEL_FILLS = {
    Criticality.LOW: "D8EFDC",
    Criticality.MODERATE: "FFF0B3",
    Criticality.HIGH: "FFCC99",
    Criticality.CRITICAL: "F5B5B5",
}
DATE_FORMAT = "DD/MM/YYYY"


def _header() -> list[tuple[str, int]]:
    """(column title, width)."""
    return [
        (_("Reference"), 16), (_("Kind"), 12), (_("Risk or opportunity"), 45),
        (_("Process"), 12), (_("Process name"), 30), (_("Process family"), 18),
        (_("Service"), 25), (_("Description"), 40), (_("Cause"), 35), (_("Consequence"), 35),
        (_("Interested parties impacted"), 25), (_("Likelihood"), 10), (_("Severity"), 10),
        (_("Criticality"), 10), (_("Level"), 12), (_("Existing controls"), 40),
        (_("Treatment decision"), 16), (_("Reason for the decision"), 30),
        (_("Treatment status"), 22), (_("Open actions"), 10), (_("Actions done"), 10),
        (_("Residual likelihood"), 10), (_("Residual severity"), 10),
        (_("Residual criticality"), 10), (_("Residual level"), 12),
        (_("Last reviewed on"), 12), (_("Reviewer"), 22), (_("Next review"), 12),
        (_("Review overdue"), 10),
    ]


LEVEL_COLUMN, RESIDUAL_LEVEL_COLUMN = 15, 25
DATE_COLUMNS = (26, 28)


def _row(risk: Risk, today) -> list:
    process = risk.sheet.process
    level, residual_level = risk.criticality_level, risk.residual_level
    overdue = bool(risk.review_date and risk.review_date < today)
    return [
        risk.reference, str(risk.get_kind_display()), risk.title,
        process.code if process else "", process.name if process else risk.sheet.title,
        str(process.get_family_display()) if process else "", risk.sheet.service.name,
        risk.description, risk.cause, risk.consequence,
        ", ".join(risk.get_impacted_parties_display()), risk.likelihood, risk.severity,
        risk.criticality, str(level.label) if level else "", risk.existing_controls,
        str(risk.get_treatment_display()) if risk.treatment else "", risk.treatment_rationale,
        str(TreatmentStatus.labels.get(risk.treatment_status, "")),
        risk.open_actions, risk.done_actions,
        risk.residual_likelihood, risk.residual_severity, risk.residual_criticality,
        str(residual_level.label) if residual_level else "",
        risk.reviewed_at, str(risk.reviewer) if risk.reviewer_id else "", risk.review_date,
        _("yes") if overdue else _("no"),
    ]


def _filter_lines(filters: RegisterFilters) -> list[tuple[str, str]]:
    lines = []
    if filters.family:
        lines.append((_("Process family"), str(Process.Family(filters.family).label)))
    if filters.process:
        lines.append((_("Process"), str(filters.process)))
    if filters.service:
        lines.append((_("Service"), filters.service.name))
    if filters.level:
        lines.append((_("Criticality"), str(Criticality(filters.level).label)))
    if filters.kind:
        lines.append((_("Kind"), str(Risk.Kind(filters.kind).label)))
    if filters.treatment:
        lines.append((_("Treatment decision"), str(Risk.Treatment(filters.treatment).label)))
    if filters.status:
        lines.append((_("Treatment status"), str(TreatmentStatus.labels[filters.status])))
    if filters.likelihood:
        lines.append((_("Likelihood"), str(filters.likelihood)))
    if filters.severity:
        lines.append((_("Severity"), str(filters.severity)))
    if filters.overdue:
        lines.append((_("Review overdue"), _("yes")))
    if filters.basis == Basis.RESIDUAL:
        lines.append((_("Ratings"), str(dict(Basis.choices)[Basis.RESIDUAL])))
    return lines


def register_workbook(risks, filters: RegisterFilters) -> bytes:
    """The register's rows (risk_selectors.register(filters)) as an XLSX workbook."""
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Risk register")[:31]
    header = _header()
    sheet.append([title for title, _width in header])
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for i, (_title, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    risks = risks.select_related("reviewer")
    for line, risk in enumerate(risks.iterator(chunk_size=1000), start=2):
        sheet.append(_row(risk, today))
        for column, level in ((LEVEL_COLUMN, risk.criticality_level),
                              (RESIDUAL_LEVEL_COLUMN, risk.residual_level)):
            if level:
                sheet.cell(row=line, column=column).fill = PatternFill(
                    "solid", fgColor=LEVEL_FILLS[level])
        for column in DATE_COLUMNS:
            sheet.cell(row=line, column=column).number_format = DATE_FORMAT
    sheet.freeze_panes = "D2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions

    about = workbook.create_sheet(_("Filters")[:31])
    about.append([_("Risk register exported on %(date)s") % {"date": today.strftime("%d/%m/%Y")}])
    about["A1"].font = Font(bold=True)
    lines = _filter_lines(filters) or [(_("Filters"), _("none: every active risk"))]
    for label, value in lines:
        about.append([label, value])
    about.column_dimensions["A"].width = 28
    about.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
