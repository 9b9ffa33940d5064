"""XLSX export (openpyxl) of a filtered list of nonconformities: one row per
nonconformity with its source, service, dates, age in days, overdue flag, status, actions
and analysis. Dates stay dates and numbers numbers, so the spreadsheet can sort and sum
them; overdue rows are marked in words and tinted (after actions/exports.py)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
OVERDUE_FILL = PatternFill("solid", fgColor="FBE6E6")
DAY = "DD/MM/YYYY"


def _columns():
    """(header, width, number format, value of a nonconformity given today's date)."""
    return [
        (_("Reference"), 14, None, lambda nc, today: nc.reference),
        (_("Title"), 44, None, lambda nc, today: nc.title),
        (_("Severity"), 10, None, lambda nc, today: str(nc.get_severity_display())),
        (_("Source"), 18, None, lambda nc, today: str(nc.get_source_kind_display())),
        (_("Source record"), 30, None,
         lambda nc, today: nc.finding.audit.reference if nc.finding_id else nc.source_label),
        (_("Service"), 26, None, lambda nc, today: nc.service.name),
        (_("Process"), 26, None, lambda nc, today: str(nc.process) if nc.process_id else ""),
        (_("Detected on"), 12, DAY, lambda nc, today: nc.detected_at),
        (_("Age (days)"), 9, "0", lambda nc, today: _age(nc, today)),
        (_("Target closure date"), 12, DAY, lambda nc, today: nc.target_closure_date),
        (_("Overdue"), 9, None, lambda nc, today: _("Yes") if _overdue(nc, today) else _("No")),
        (_("Status"), 22, None, lambda nc, today: str(nc.get_status_display())),
        (_("Open actions"), 9, "0", lambda nc, today: getattr(nc, "open_action_count", None)),
        (_("Actions"), 9, "0", lambda nc, today: getattr(nc, "action_count", None)),
        (_("Cause analysis method"), 14, None,
         lambda nc, today: str(nc.get_analysis_method_display()) if nc.analysis_method else ""),
        (_("Root cause"), 40, None, lambda nc, today: nc.root_cause),
        (_("Closed on"), 12, DAY, lambda nc, today: nc.closed_at),
        (_("Description"), 44, None, lambda nc, today: nc.description),
    ]


def _age(nc, today) -> int:
    end = nc.closed_at or today
    return (end - nc.detected_at).days if nc.detected_at else 0


def _overdue(nc, today) -> bool:
    return (not nc.is_closed and nc.target_closure_date is not None
            and nc.target_closure_date < today)


def nonconformity_workbook(nonconformities, *, title: str) -> bytes:
    """The nonconformities (an iterable read once, with the select_related and action
    counts of audits.selectors.nonconformity_list) as an XLSX file."""
    today = timezone.localdate()
    columns = _columns()
    overdue_column = next(i for i, (header, *_rest) in enumerate(columns, start=1)
                          if header == _("Overdue"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Nonconformities")[:31]
    sheet.append([header for header, *_rest in columns])
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for nc in nonconformities:
        sheet.append([value(nc, today) for *_rest, value in columns])
        if _overdue(nc, today):
            sheet.cell(row=sheet.max_row, column=overdue_column).fill = OVERDUE_FILL
    for index, (_header, width, number_format, _value) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "C2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
