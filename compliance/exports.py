"""XLSX export (openpyxl) of the register of texts, with the register page's filters: a
sheet of texts and a sheet of their requirements with their last evaluation."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import EvaluationResult, Requirement
from .selectors import _last_result

HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
DATE_FORMAT = "DD/MM/YYYY"


def _sheet(ws, header, rows):
    ws.append([title for title, _width in header])
    for index, (_title, width) in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def register_workbook(regulations) -> bytes:
    today = timezone.localdate()
    regulations = list(regulations)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Texts")[:31]
    _sheet(ws, [
        (_("Type"), 16), (_("Number"), 16), (_("Date of the text"), 12), (_("Title"), 60),
        (_("Topic"), 22), (_("In force on"), 12), (_("Legal or voluntary"), 18),
        (_("Applicability"), 16), (_("Reason"), 30), (_("Services concerned"), 30),
        (_("Owner"), 22), (_("Requirements"), 10), (_("Cycle (months)"), 10),
        (_("Last evaluated on"), 12), (_("Next evaluation due"), 12), (_("Late"), 8),
        (_("Active"), 8), (_("Légifrance link"), 40), (_("Summary"), 50),
    ], [[
        str(r.get_kind_display()), r.number, r.published_on, r.title, r.topic.name,
        r.in_force_on, str(r.get_nature_display()), str(r.get_applicability_display()),
        r.applicability_reason, ", ".join(s.name for s in r.services.all()),
        r.owner.get_full_name() if r.owner else "", r.requirement_count,
        r.evaluation_cycle_months, r.last_evaluated_on, r.next_evaluation_due,
        _("yes") if r.is_late else _("no"), _("yes") if r.is_active else _("no"), r.url,
        r.summary,
    ] for r in regulations])

    labels = dict(EvaluationResult.Status.choices)
    requirements = (
        Requirement.objects.filter(regulation__in=[r.pk for r in regulations])
        .select_related("regulation")
        .annotate(last_status=_last_result("status"),
                  last_evidence=_last_result("evidence"),
                  last_evaluated_on=_last_result("evaluation__evaluated_on"))
        .order_by("regulation__title", "order", "pk")
    )
    ws2 = wb.create_sheet(_("Requirements")[:31])
    _sheet(ws2, [
        (_("Text"), 50), (_("Article"), 14), (_("Requirement"), 60), (_("Active"), 8),
        (_("Last status"), 18), (_("Evidence"), 40), (_("Evaluated on"), 12),
    ], [[
        str(req.regulation), req.article, req.text, _("yes") if req.is_active else _("no"),
        str(labels.get(req.last_status, _("Not evaluated"))), req.last_evidence or "",
        req.last_evaluated_on,
    ] for req in requirements])
    ws3 = wb.create_sheet(_("About")[:31])
    ws3.append([_("Exported on"), today])
    ws3["B1"].number_format = DATE_FORMAT
    ws3.append([_("Texts"), len(regulations)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
