"""XLSX export (openpyxl) of the training register, with the register page's filters."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DATE_FORMAT = "DD/MM/YYYY"

COLUMNS = [
    (gettext_lazy("Agent"), 26),
    (gettext_lazy("Service"), 28),
    (gettext_lazy("Training"), 50),
    (gettext_lazy("Start date"), 12),
    (gettext_lazy("End date"), 12),
    (gettext_lazy("Organiser"), 14),
    (gettext_lazy("Organisation"), 24),
    (gettext_lazy("Hours"), 8),
    (gettext_lazy("Status"), 12),
    (gettext_lazy("Competences covered"), 40),
    (gettext_lazy("Effectiveness"), 18),
    (gettext_lazy("Evaluated on"), 12),
    (gettext_lazy("Evaluated by"), 22),
    (gettext_lazy("Evaluation comment"), 50),
    (gettext_lazy("Certificate"), 10),
]


def register_workbook(trainings) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Trainings")[:31]
    ws.append([str(title) for title, _width in COLUMNS])
    for index, (_title, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for t in trainings:
        count += 1
        ws.append([
            t.agent.get_full_name() or t.agent.username,
            t.agent.service.name if t.agent.service else "",
            t.title, t.date, t.end_date, str(t.get_organiser_kind_display()), t.organiser,
            float(t.hours), str(t.get_status_display()),
            ", ".join(c.name for c in t.competences.all()),
            str(t.get_effectiveness_result_display()), t.evaluated_on,
            (t.evaluated_by.get_full_name() or t.evaluated_by.username) if t.evaluated_by
            else "",
            t.effectiveness_comment, _("yes") if t.certificate else _("no"),
        ])
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet(_("About")[:31])
    about.append([_("Exported on"), timezone.localdate()])
    about["B1"].number_format = DATE_FORMAT
    about.append([_("Trainings"), count])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
