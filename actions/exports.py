"""XLSX export (openpyxl) of a filtered action plan: one row per action with every field —
source, owner, dates, status, progress, the four budgets, the expected result, the
effectiveness check. Dates stay dates and amounts numbers, so the spreadsheet can sort
and sum them; late actions are marked in words and tinted."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .selectors import source_type_label

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
LATE_FILL = PatternFill("solid", fgColor="FBE6E6")
MONEY = '#,##0.00 "€"'
DAY = "DD/MM/YYYY"


def _columns():
    """(header, width, number format, value of an action)."""
    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    return [
        (_("Reference"), 15, None, lambda a, late: a.reference),
        (_("Title"), 44, None, lambda a, late: a.title),
        (_("Kind"), 16, None, lambda a, late: str(a.get_kind_display())),
        (_("Status"), 13, None, lambda a, late: str(a.get_status_display())),
        (_("Late"), 8, None, lambda a, late: _("Yes") if late else _("No")),
        (_("Days late"), 9, "0", lambda a, late: (timezone.localdate() - a.due_date).days
         if late else None),
        (_("Source type"), 18, None, lambda a, late: source_type_label(a)),
        (_("Source"), 36, None, lambda a, late: a.source_label),
        (_("Service"), 26, None, lambda a, late: a.service.name),
        (_("Owner"), 22, None, lambda a, late: str(a.owner)),
        (_("Start date"), 12, DAY, lambda a, late: a.start_date),
        (_("Due date"), 12, DAY, lambda a, late: a.due_date),
        (_("Completed on"), 12, DAY, lambda a, late: a.completed_at),
        (_("Progress"), 9, "0%", lambda a, late: a.progress / 100),
        (_("Operating budget planned"), 14, MONEY, lambda a, late: a.operating_budget_planned),
        (_("Operating budget spent"), 14, MONEY, lambda a, late: a.operating_budget_spent),
        (_("Investment budget planned"), 14, MONEY,
         lambda a, late: a.investment_budget_planned),
        (_("Investment budget spent"), 14, MONEY, lambda a, late: a.investment_budget_spent),
        (_("Expected result"), 36, None, lambda a, late: a.expected_result),
        (_("Effectiveness checked on"), 12, DAY, lambda a, late: a.effectiveness_checked_at),
        (_("Effectiveness verdict"), 14, None,
         lambda a, late: str(a.get_effectiveness_verdict_display())
         if a.effectiveness_verdict else ""),
        (_("Evidence of effectiveness"), 36, None, lambda a, late: a.effectiveness_evidence),
        (_("Reason for cancellation"), 30, None, lambda a, late: a.cancellation_reason),
        (_("Description"), 44, None, lambda a, late: a.description),
        (_("Created"), 16, "DD/MM/YYYY HH:MM", lambda a, late: local(a.created_at)),
    ]


def plan_workbook(actions, *, title: str) -> bytes:
    """The actions (an iterable, read once) as an XLSX file."""
    today = timezone.localdate()
    columns = _columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")[:31]
    sheet.append([header for header, *_rest in columns])
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    late_column = 5
    for action in actions:
        late = action.is_open and action.due_date < today
        sheet.append([value(action, late) for *_rest, value in columns])
        if late:
            sheet.cell(row=sheet.max_row, column=late_column).fill = LATE_FILL
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

