"""XLSX export (openpyxl) of the providers' register, with the register page's filters."""

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


def register_workbook(providers) -> bytes:
    """`providers`: the register's rows (annotated with their scores and trend)."""
    from .models import Evaluation

    conclusions = dict(Evaluation.Conclusion.choices)
    trends = {"up": "↗", "down": "↘", "flat": "→", "": ""}
    header = [
        (_("Provider"), 36), (_("Type"), 26), (_("SIRET"), 16), (_("Services concerned"), 34),
        (_("Contract reference"), 18), (_("Contract start"), 12), (_("Contract end"), 12),
        (_("Criticality"), 10), (_("Interval (months)"), 10), (_("Last evaluated on"), 12),
        (_("Last score (%)"), 10), (_("Previous score (%)"), 10), (_("Trend"), 8),
        (_("Conclusion"), 22), (_("Next evaluation due"), 12), (_("Overdue"), 8),
        (_("Active"), 8), (_("Contact"), 24), (_("E-mail"), 26),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = _("Providers")[:31]
    ws.append([str(title) for title, _w in header])
    for index, (_title, width) in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for p in providers:
        ws.append([
            p.name, str(p.get_kind_display()), p.siret,
            ", ".join(s.name for s in p.services.all()), p.contract_reference,
            p.contract_start, p.contract_end, str(p.get_criticality_display()),
            p.evaluation_interval_months, p.last_evaluated_on,
            float(p.last_score) if p.last_score is not None else None,
            float(p.previous_score) if p.previous_score is not None else None,
            trends.get(p.trend, ""), str(conclusions.get(p.last_conclusion, "")),
            p.next_evaluation_due, _("yes") if p.late else _("no"),
            _("yes") if p.is_active else _("no"), p.contact_name, p.contact_email,
        ])
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    about = wb.create_sheet(_("About")[:31])
    about.append([_("Exported on"), timezone.localdate()])
    about["B1"].number_format = DATE_FORMAT
    about.append([_("Providers"), ws.max_row - 1])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
