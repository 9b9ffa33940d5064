"""The readiness pack as PDF, on the shared controlled-copy layout: what a pilot brings to
the auditor's opening meeting — a cover (service, standard, score, date), the matrix (one
row per clause with its status), the evidence list, and the open gaps with their
actions."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from qms.evidence import Coverage
from qms.pdf import (
    CONTENT_WIDTH,
    RULE,
    SHADE,
    ControlledCopy,
    escape,
    format_date,
    get_styles,
    render_pdf,
)

from .selectors import STATUS_ORDER, Matrix

STATUS_COLOURS = {
    Coverage.COVERED: colors.HexColor("#e6f2e8"),
    Coverage.PARTLY: colors.HexColor("#fdf0dc"),
    Coverage.MISSING: colors.HexColor("#fbe6e6"),
    Coverage.NOT_APPLICABLE: colors.HexColor("#eceef1"),
}


def _table(rows, widths, status_rows=()):
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, status in status_rows:
        style.append(("BACKGROUND", (1, index), (1, index), STATUS_COLOURS[status]))
    table.setStyle(TableStyle(style))
    return table


def render_pack(matrix: Matrix) -> bytes:
    styles = get_styles()
    cell, head = styles["cell"], styles["cell_header"]
    service, standard = matrix.service, matrix.standard

    def p(text, style=cell):
        return Paragraph(escape(text), style)

    score = matrix.score
    score_text = (_("Readiness score: %(score)s %%") % {"score": score} if score is not None
                  else _("No applicable clause."))
    story = [
        Paragraph(escape(_("Certification readiness pack")), styles["title"]),
        p(_("Service: %(service)s") % {"service": service.name}, styles["h3"]),
        p(_("Standard: %(standard)s") % {"standard": standard.name}, styles["h3"]),
        p(score_text, styles["h2"]),
        p(_("Drawn up on %(date)s") % {"date": format_date(matrix.today)}, styles["body"]),
        Spacer(1, 8),
        _table([[p(_("Status"), head), p(_("Clauses"), head)]]
               + [[p(str(status.label)), p(str(matrix.count(status)))]
                  for status in STATUS_ORDER],
               [CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4]),
        Spacer(1, 8),
        p(_("Score = (clauses covered + ½ × clauses partly covered) / applicable clauses; "
            "the clauses declared not applicable are left out."), styles["small"]),
        PageBreak(),
        Paragraph(escape(_("Clause-to-evidence matrix")), styles["h2"]),
    ]
    rows = [[p(_("Clause"), head), p(_("Status"), head), p(_("Evidence"), head),
             p(_("What is missing"), head)]]
    status_rows = []
    for index, line in enumerate(matrix.lines, start=1):
        evidence = "; ".join(str(ev.item.label) for ev in line.evidence[:5])
        extra = max(0, len(line.evidence) - 5) + line.more
        if extra:
            evidence += " " + _("and %(count)s more") % {"count": extra}
        if line.assessment:
            evidence = _("Declaration: %(text)s") % {"text": line.assessment.justification}
        rows.append([p(f"§ {line.criterion.reference} — {line.criterion.title}"),
                     p(line.status_label), p(evidence or "—"),
                     p("; ".join(g.message for g in line.gaps) or "—")])
        status_rows.append((index, line.status))
    story.append(_table(rows, [CONTENT_WIDTH * w for w in (0.28, 0.14, 0.32, 0.26)],
                        status_rows))

    story.append(Paragraph(escape(_("Evidence list")), styles["h2"]))
    any_evidence = False
    for line in matrix.lines:
        if not line.evidence:
            continue
        any_evidence = True
        story.append(p(f"§ {line.criterion.reference} — {line.criterion.title}", styles["h3"]))
        for ev in line.evidence:
            parts = [str(ev.item.label)]
            if ev.item.detail:
                parts.append(str(ev.item.detail))
            if ev.item.date and format_date(ev.item.date) not in str(ev.item.detail):
                parts.append(format_date(ev.item.date))
            story.append(p(f"{ev.kind_label} : " + " — ".join(parts), styles["note"]))
        if line.more:
            story.append(p(_("and %(count)s more") % {"count": line.more}, styles["small"]))
    if not any_evidence:
        story.append(p(_("No evidence found."), styles["body"]))

    story.append(Paragraph(escape(_("Open gaps and their actions")), styles["h2"]))
    gaps = matrix.gaps
    if gaps:
        rows = [[p(_("Clause"), head), p(_("What is missing"), head), p(_("Action"), head)]]
        for line, gap in gaps:
            action = gap.action
            rows.append([
                p(f"§ {line.criterion.reference}"), p(gap.message),
                p(_("%(reference)s, due %(date)s (%(status)s)") % {
                    "reference": action.reference, "date": format_date(action.due_date),
                    "status": action.get_status_display()} if action else _("No action yet")),
            ])
        story.append(_table(rows, [CONTENT_WIDTH * w for w in (0.15, 0.5, 0.35)]))
    else:
        story.append(p(_("No open gap: every applicable clause is covered."), styles["body"]))

    copy = ControlledCopy(reference=f"{standard.code.upper()}-{service.code.upper()}",
                          title=_("Readiness pack — %(standard)s — %(service)s") % {
                              "standard": standard.name, "service": service.name})
    return render_pdf(story, copy, title=copy.title, subject=_("Certification readiness pack"))
