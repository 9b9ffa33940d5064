"""The overview's chart: training hours per service this year (horizontal bars), drawn
with reportlab's graphics and inlined as accessible SVG (indicators.charts.to_svg)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from indicators.charts import GRID, INK, MUTED, format_value, to_svg
from qms.pdf import register_fonts

BAR = colors.HexColor("#0b4f8a")


def _short(text: str, size: int = 34) -> str:
    text = str(text)
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def hours_chart(rows: list[tuple[str, Decimal]], *, width: float = 640):
    font = register_fonts().regular
    bar = 12
    height = max(1, len(rows)) * (bar + 6) + 40
    drawing = Drawing(width, height)
    if not rows:
        drawing.add(String(width / 2, height / 2, _("No training this year."), fontName=font,
                           fontSize=11, fillColor=MUTED, textAnchor="middle"))
        return drawing
    rows = list(reversed(rows))  # the chart draws its first category at the bottom
    chart = HorizontalBarChart()
    chart.x, chart.y = 200, 22
    chart.width, chart.height = width - chart.x - 50, height - 34
    chart.data = [[float(hours) for _label, hours in rows]]
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = BAR
    top = max(float(hours) for _label, hours in rows)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1.0, top * 1.05)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [_short(label) for label, _hours in rows]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fillColor = INK
    chart.barLabelFormat = lambda value: format_value(Decimal(str(round(value, 1))))
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def hours_svg(rows: list[tuple[str, Decimal]]) -> SafeString:
    description = " ; ".join(_("%(service)s: %(hours)s h") % {
        "service": label, "hours": format_value(hours)} for label, hours in rows)
    return to_svg(hours_chart(rows), label=_("Training hours per service this year"),
                  css_class="chart cpt-chart", description=description)
