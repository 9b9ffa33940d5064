"""A risk & impact sheet as a landscape A4 PDF: the controlled-copy header and footer of
every export (qms.pdf, on the landscape page of processes.pdf), the sheet's identity, its
two matrices (before and after treatment: counts and levels in words, tinted), then one
row per risk and per opportunity with every field of the sheet and its treatment
actions."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from qms import pdf as qms_pdf
from qms.pdf import ControlledCopy, escape, format_date, get_styles

from .models import Criticality, Risk
from .pdf import CONTENT_WIDTH, LandscapeControlledCopyTemplate, _Edition
from .risk_selectors import Matrix, SheetData, scale_labels

LEVEL_COLOURS = {
    Criticality.LOW: colors.HexColor("#d8efdc"),
    Criticality.MODERATE: colors.HexColor("#fff0b3"),
    Criticality.HIGH: colors.HexColor("#ffcc99"),
    Criticality.CRITICAL: colors.HexColor("#f5b5b5"),
}
#: Shares of the content width of the risks table's columns.
COLUMNS = (0.105, 0.155, 0.14, 0.07, 0.08, 0.12, 0.17, 0.07, 0.09)


def _p(text, style="cell") -> Paragraph:
    return Paragraph(escape(text), get_styles()[style])


def _rating(likelihood, severity) -> str:
    if not likelihood or not severity:
        return "—"
    score = likelihood * severity
    return f"{likelihood} × {severity} = {score}\n{Criticality.of(score).label}"


def _matrix_table(matrix: Matrix, title: str) -> list:
    likelihoods, severities = scale_labels()
    styles = get_styles()
    rows = [[Paragraph(escape(_("Likelihood / severity")), styles["small"]),
             *(_p(severities[n], "label") for n in (1, 2, 3, 4))]]
    style = [
        ("GRID", (1, 1), (-1, -1), 0.5, qms_pdf.INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
    ]
    for r, row in enumerate(matrix.rows, start=1):
        cells = [_p(likelihoods[row[0].likelihood], "label")]
        for c, cell in enumerate(row, start=1):
            cells.append(Paragraph(
                f"<b>{cell.count}</b><br/>{escape(cell.level.label)} ({cell.score})",
                styles["cell"]))
            style.append(("BACKGROUND", (c, r), (c, r), LEVEL_COLOURS[cell.level]))
        rows.append(cells)
    table = Table(rows, colWidths=[3.2 * cm] + [2.4 * cm] * 4,
                  rowHeights=[None] + [1.15 * cm] * 4, style=TableStyle(style))
    caption = _p(title, "h3")
    totals = ", ".join(f"{level.label} : {count}" for level, count in matrix.by_level())
    parts = [caption, table, _p(_("Total: %(total)s (%(levels)s)") % {
        "total": matrix.total, "levels": totals}, "small")]
    if matrix.basis == "residual" and matrix.unscored:
        parts.append(_p(_("%(count)s risks without a residual rating are not in this matrix.")
                        % {"count": matrix.unscored}, "small"))
    return parts


def _actions_text(actions) -> str:
    lines = []
    for action in actions:
        late = f" — {_('late')}" if action.is_late else ""
        lines.append(
            f"• {action.reference} {action.title} ({action.owner}, "
            f"{format_date(action.due_date)}, {action.get_status_display()}{late})"
        )
    return "\n".join(lines)


def _risks_table(rows, heading: str) -> list:
    styles = get_styles()
    if not rows:
        return []
    header = [_("Ref."), heading, _("Cause and consequence"), _("Parties impacted"),
              _("L × S"), _("Existing controls"), _("Treatment and actions"),
              _("Residual"), _("Review")]
    data = [[_p(title, "label") for title in header]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, qms_pdf.RULE),
        ("BACKGROUND", (0, 0), (-1, 0), qms_pdf.SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for i, row in enumerate(rows, start=1):
        risk: Risk = row.risk
        title = f"<b>{escape(risk.title)}</b>"
        if risk.description:
            title += "<br/>" + escape(risk.description)
        cause = "\n".join(filter(None, [
            _("Cause: %(text)s") % {"text": risk.cause} if risk.cause else "",
            _("Consequence: %(text)s") % {"text": risk.consequence} if risk.consequence else "",
        ]))
        treatment = (str(risk.get_treatment_display()) if risk.treatment
                     else _("Not decided yet"))
        if risk.treatment_rationale:
            treatment += f" — {risk.treatment_rationale}"
        treatment += f"\n{row.treatment_status_label}"
        if row.actions:
            treatment += "\n" + _actions_text(row.actions)
        review = "\n".join(filter(None, [
            _("Next: %(date)s") % {"date": format_date(risk.review_date)}
            if risk.review_date else _("Next: —"),
            _("Last: %(date)s") % {"date": format_date(risk.reviewed_at)}
            if risk.reviewed_at else "",
            str(risk.reviewer) if risk.reviewer_id else "",
            _("OVERDUE") if risk.is_review_overdue else "",
        ]))
        data.append([
            _p(risk.reference), Paragraph(title, styles["cell"]), _p(cause or "—"),
            _p(", ".join(risk.get_impacted_parties_display()) or "—"),
            _p(_rating(risk.likelihood, risk.severity)), _p(risk.existing_controls or "—"),
            _p(treatment), _p(_rating(risk.residual_likelihood, risk.residual_severity)),
            _p(review),
        ])
        style.append(("BACKGROUND", (4, i), (4, i), LEVEL_COLOURS[risk.criticality_level]))
        if risk.residual_level:
            style.append(("BACKGROUND", (7, i), (7, i), LEVEL_COLOURS[risk.residual_level]))
    widths = [CONTENT_WIDTH * share for share in COLUMNS]
    return [Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style)),
            Spacer(1, 0.4 * cm)]


def render_risk_sheet_pdf(data: SheetData) -> bytes:
    sheet = data.sheet
    styles = get_styles()
    reference = (f"FMR-{sheet.process.code}" if sheet.process_id
                 else f"FMR-{sheet.service.code.upper()}")
    copy = ControlledCopy(reference=reference, title=sheet.title,
                          version=_Edition(timezone.localdate()))
    buffer = io.BytesIO()
    document = LandscapeControlledCopyTemplate(buffer, copy, subject=_("Risk sheet"))
    identity = [
        (_("Process"), str(sheet.process) if sheet.process_id else "—"),
        (_("Pilot"), str(sheet.process.pilot) if sheet.process_id and sheet.process.pilot_id
         else "—"),
        (_("Service"), sheet.service.name),
        (_("Reviewer"), str(sheet.reviewer) if sheet.reviewer_id else "—"),
        (_("Last reviewed on"), format_date(sheet.last_reviewed_at) or "—"),
    ]
    story = [
        Table([[_p(label, "label"), _p(value)] for label, value in identity],
              colWidths=[4 * cm, CONTENT_WIDTH - 4 * cm],
              style=TableStyle([("BACKGROUND", (0, 0), (0, -1), qms_pdf.SHADE),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")])),
    ]
    if sheet.scope:
        story.append(_p(sheet.scope, "note"))
    story += [
        Spacer(1, 0.3 * cm),
        Table([[_matrix_table(data.initial, _("Before treatment")),
                _matrix_table(data.residual, _("After treatment (residual)"))]],
              colWidths=[CONTENT_WIDTH / 2] * 2,
              style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)])),
        Paragraph(escape(_(
            "Criticality = likelihood (1-4) × severity (1-4): low 1-3, moderate 4-6, high "
            "8-9, critical 12-16."
        )), styles["small"]),
    ]
    risks = [row for row in data.risks if row.risk.kind == Risk.Kind.RISK]
    opportunities = [row for row in data.risks if row.risk.kind == Risk.Kind.OPPORTUNITY]
    if risks:
        story += [_p(_("Risks"), "h2"), *_risks_table(risks, _("Risk"))]
    if opportunities:
        story += [_p(_("Opportunities"), "h2"), *_risks_table(opportunities, _("Opportunity"))]
    if not data.risks:
        story.append(_p(_("No risk recorded on this sheet."), "body"))
    story.append(_p(_("Printed on %(date)s from the risk register.")
                    % {"date": format_date(timezone.localdate())}, "small"))
    document.build(story)
    return buffer.getvalue()
