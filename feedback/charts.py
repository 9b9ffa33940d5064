"""Survey result charts: one horizontal bar chart per question (the 1-5 distribution,
or yes / no), drawn with reportlab's graphics and rendered as inline accessible SVG by
the shared renderer of the indicators' charts."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from indicators.charts import to_svg
from qms.pdf import register_fonts

BAR = colors.HexColor("#0b4f8a")


def distribution_chart(bars: list[tuple[str, int]], *, width: float = 420) -> Drawing:
    """One bar per (label, count), first on top, each labelled with its count."""
    font = register_fonts().regular
    step = 22
    height = max(1, len(bars)) * step + 30
    drawing = Drawing(width, height)
    if not bars:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 50, 20
    chart.width, chart.height = width - chart.x - 50, height - 28
    rows = list(reversed(bars))  # the chart draws its first category at the bottom
    top = max(count for _label, count in rows) or 1
    chart.data = [[count for _label, count in rows]]
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = BAR
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 8
    chart.valueAxis.visible = False
    chart.categoryAxis.categoryNames = [label for label, _count in rows]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def question_chart_svg(result) -> SafeString | str:
    bars = result.bars
    if not bars or not result.answered:
        return ""
    summary = ", ".join(f"{label} : {count}" for label, count in bars)
    label = _("Answers to “%(question)s”: %(summary)s") % {
        "question": result.question.text, "summary": summary}
    return to_svg(distribution_chart(bars), label=label, css_class="chart survey-chart")
