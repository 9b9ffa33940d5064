"""A survey's results as PDF (A4, the shared controlled-copy layout of qms.pdf): the
survey's identity, period and number of responses, then per question its distribution
(a bar chart drawn with reportlab's graphics, and the figures in a table), the mean of a
scale, the share of yes, and the free-text answers (escaped, the first MAX_TEXTS shown
with the count of the others)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from qms import pdf as qms_pdf
from qms.pdf import CONTENT_WIDTH, ControlledCopy, escape, format_date, get_styles, render_pdf

from .charts import distribution_chart
from .models import Question
from .selectors import SurveyResults

MAX_TEXTS = 40
"""Free-text answers printed per question; the others are counted."""


def _p(text, style="body") -> Paragraph:
    return Paragraph(escape(text), get_styles()[style])


def _period(survey) -> str:
    if survey.opens_on or survey.closes_on:
        return _("Period: %(start)s – %(end)s") % {
            "start": format_date(survey.opens_on) or "…",
            "end": format_date(survey.closes_on) or "…"}
    return _("Period: not set")


def _figures_table(bars: list[tuple[str, int]]) -> Table:
    rows = [[_p(label, "label") for label, _count in bars],
            [_p(str(count), "cell") for _label, count in bars]]
    width = min(CONTENT_WIDTH / max(1, len(bars)), 60)
    return Table(rows, colWidths=[width] * len(bars), hAlign="LEFT", style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, qms_pdf.RULE),
        ("BACKGROUND", (0, 0), (-1, 0), qms_pdf.SHADE),
    ]))


def question_story(number: int, row) -> list:
    question = row.question
    summary = [str(question.get_kind_display()),
               ngettext("%(count)s answer", "%(count)s answers", row.answered)
               % {"count": row.answered}]
    if row.mean is not None:
        summary.append(_("Mean: %(mean)s / 5") % {"mean": row.mean})
    if row.yes_share is not None:
        summary.append(_("%(share)s %% yes") % {"share": row.yes_share})
    head = [_p(f"{number}. {question.text}", "h3"), _p(" · ".join(summary), "note")]
    story = []
    if question.kind in (Question.Kind.SCALE, Question.Kind.YES_NO):
        if row.answered:
            story += [distribution_chart(row.bars, width=CONTENT_WIDTH * 0.8),
                      _figures_table(row.bars)]
        else:
            story.append(_p(_("No answer."), "note"))
        return [KeepTogether(head + story), Spacer(1, 6)]
    shown = row.texts[:MAX_TEXTS]
    for text in shown:
        story.append(Paragraph("• " + escape(text), get_styles()["note"]))
    if not shown:
        story.append(_p(_("No answer."), "note"))
    rest = len(row.texts) - len(shown)
    if rest > 0:
        story.append(_p(ngettext("… and %(count)s other answer, not printed.",
                                 "… and %(count)s other answers, not printed.", rest)
                        % {"count": rest}, "small"))
    return [*head, *story, Spacer(1, 6)]


def render_survey_results(results: SurveyResults) -> bytes:
    survey = results.survey
    lines = [str(survey.get_audience_display()), str(survey.get_status_display())]
    if survey.service_id:
        lines.append(survey.service.name)
    story = [
        _p(survey.title, "title"),
        _p(_("Satisfaction survey results (ISO 9001 §9.1.2)"), "note"),
        _p(" · ".join(lines)),
        _p(_period(survey)),
        _p(ngettext("%(count)s response", "%(count)s responses", results.response_count)
           % {"count": results.response_count}, "h3"),
    ]
    for number, row in enumerate(results.questions, start=1):
        story += question_story(number, row)
    if not results.questions:
        story.append(_p(_("This survey has no question."), "note"))
    copy = ControlledCopy(reference=_("SURVEY-%(id)s") % {"id": survey.pk}, title=survey.title)
    return render_pdf(story, copy, title=survey.title, subject=_("Survey results"))
