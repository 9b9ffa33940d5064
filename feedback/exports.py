"""XLSX export (openpyxl) of the complaints and requests register, with the list page's
filters and visibility: one sheet of records, one sheet saying what was exported."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DATE_FORMAT = "DD/MM/YYYY"


def _sheet(ws, header, rows) -> int:
    ws.append([title for title, _width in header])
    for index, (_title, width) in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for values in rows:
        ws.append(values)
        count += 1
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    return count


def _justified(record) -> str:
    return str(record.get_justified_display()) if record.is_complaint else ""


def feedback_workbook(records, *, filters: list[tuple[str, str]] = ()) -> bytes:
    """The records (a queryset with its service selected) as an XLSX file. `filters`
    lists the (label, value) of the filters applied, for the "About" sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Register")[:31]
    count = _sheet(ws, [
        (_("Reference"), 16), (_("Kind"), 18), (_("Channel"), 20), (_("Service"), 28),
        (_("Subject"), 50), (_("Received on"), 12), (_("Acknowledged on"), 12),
        (_("Answered on"), 12), (_("Processing days"), 10), (_("Justified"), 16),
        (_("Status"), 14),
    ], ([
        r.reference, str(r.get_kind_display()), str(r.get_channel_display()), r.service.name,
        r.subject, r.received_on, r.acknowledged_on, r.answered_on, r.processing_days,
        _justified(r), str(r.get_status_display()),
    ] for r in records.iterator(chunk_size=500)))
    about = wb.create_sheet(_("About")[:31])
    about.append([_("Exported on"), timezone.localdate()])
    about["B1"].number_format = DATE_FORMAT
    about.append([_("Records"), count])
    for label, value in filters:
        about.append([label, value])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
