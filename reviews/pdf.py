"""The management review pack as PDF (A4, the shared controlled-copy layout of qms.pdf):
the review's identity and participants, then every §9.3.2 section in order — its
compiled figures, tables and chart as snapshot, and the quality engineer's comment — the
decisions (§9.3.3) with their actions, and the minutes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from actions.models import Action
from qms import pdf as qms_pdf
from qms.pdf import CONTENT_WIDTH, ControlledCopy, escape, format_date, get_styles, render_pdf

from .charts import bar_chart
from .inputs import UNAVAILABLE
from .models import ManagementReview, ReviewDecision


def _p(text, style="body") -> Paragraph:
    return Paragraph(escape(text), get_styles()[style])


def _table(data: dict) -> list:
    if not data["rows"]:
        return []
    header = [_p(column, "label") for column in data["columns"]]
    rows = [header] + [[_p(cell, "cell") for cell in r["cells"]] for r in data["rows"]]
    width = CONTENT_WIDTH / max(1, len(data["columns"]))
    table = Table(rows, colWidths=[width] * len(data["columns"]), repeatRows=1,
                  style=TableStyle([
                      ("GRID", (0, 0), (-1, -1), 0.4, qms_pdf.RULE),
                      ("BACKGROUND", (0, 0), (-1, 0), qms_pdf.SHADE),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                  ]))
    story = [_p(data["title"], "h3"), table]
    total = data.get("total", len(data["rows"]))
    if total > len(data["rows"]):
        story.append(_p(_("The %(shown)s most telling of %(total)s rows; the full list is on "
                          "the intranet.") % {"shown": len(data["rows"]), "total": total},
                        "note"))
    return [*story, Spacer(1, 6)]


def _figures(figures: list[dict]) -> list:
    if not figures:
        return []
    cells = [[_p(f"{f['value']}", "label"), _p(f["label"], "cell")] for f in figures]
    half = (len(cells) + 1) // 2
    left, right = cells[:half], cells[half:] + [["", ""]] * (half - len(cells[half:]))
    rows = [a + b for a, b in zip(left, right, strict=True)]
    quarter = CONTENT_WIDTH / 4
    return [Table(rows, colWidths=[quarter * 0.45, quarter * 1.55] * 2, style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, qms_pdf.RULE),
    ])), Spacer(1, 6)]


def section_story(section: dict) -> list:
    """One section: heading, data (or why there is none), comment."""
    story = [_p(section["label"], "h2")]
    if not section["compiled"] and not section["manual"]:
        story.append(_p(_("Not compiled yet."), "note"))
    elif not section["available"]:
        story.append(_p(str(UNAVAILABLE), "note"))
    elif not section["manual"]:
        story += _figures(section["figures"])
        drawing = bar_chart(section["chart"]) if section["chart"] else None
        if drawing is not None:
            story += [drawing, _p(section["chart"]["title"], "small")]
        for data in section["tables"]:
            story += _table(data)
        story += [_p(note, "note") for note in section["notes"]]
    story.append(_p(_("Quality engineer's comment"), "h3"))
    story.append(_p(section["comment"] or _("No comment."), "body"))
    return story


def _decisions_story(decisions: list[ReviewDecision]) -> list:
    story = [_p(_("Outputs: decisions (§9.3.3)"), "h2")]
    if not decisions:
        return story + [_p(_("No decision recorded."), "note")]
    actions = {}
    for action in Action.objects.filter(
        source_content_type__model="reviewdecision", source_content_type__app_label="reviews",
        source_object_id__in=[d.pk for d in decisions],
    ).select_related("owner").order_by("due_date", "reference"):
        actions.setdefault(action.source_object_id, []).append(action)
    for decision in decisions:
        story.append(_p(f"{decision.get_kind_display()} — {decision}", "h3"))
        story.append(_p(decision.text))
        story.append(_p(_("Owner: %(owner)s (%(service)s), due %(due)s") % {
            "owner": decision.owner, "service": decision.service.name,
            "due": format_date(decision.due_date)}, "small"))
        for action in actions.get(decision.pk, []):
            story.append(_p(f"• {action.reference} {action.title} — {action.owner}, "
                            f"{format_date(action.due_date)}, {action.get_status_display()}",
                            "note"))
    return story


def render_review_pack(review: ManagementReview) -> bytes:
    from .views import review_sections

    participants = [str(u) for u in review.participants.all()]
    participants += review.external_participant_list()
    story = [
        _p(review.title, "title"),
        _p(_("Management review (ISO 9001 §9.3)"), "note"),
        _p(_("Period: %(start)s – %(end)s") % {"start": format_date(review.period_start),
                                                 "end": format_date(review.period_end)}),
        _p(_("Held on: %(date)s %(place)s") % {"date": format_date(review.held_on) or "—",
                                                "place": review.place}),
        _p(_("Participants: %(names)s") % {"names": ", ".join(participants) or "—"}),
        _p(_("Status: %(status)s") % {"status": review.get_status_display()}
           + (_(" — validated by %(who)s on %(date)s") % {
               "who": review.validated_by, "date": format_date(review.validated_at)}
              if review.is_validated else "")),
        _p(_("Inputs compiled on %(date)s") % {"date": format_date(review.compiled_at)}
           if review.compiled_at else _("Inputs not compiled yet."), "small"),
        _p(_("Inputs (§9.3.2)"), "title"),
    ]
    for section in review_sections(review):
        story += section_story(section)
    story += _decisions_story(list(review.decisions.select_related("owner", "service")))
    story += [_p(_("Minutes"), "h2"), _p(review.minutes or _("No minutes yet."))]
    copy = ControlledCopy(
        reference=_("MR-%(id)s") % {"id": review.pk}, title=review.title,
        approved_at=review.validated_at, obsolete=False,
    )
    return render_pdf(story, copy, title=review.title, subject=_("Management review pack"))
