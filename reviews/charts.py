"""The small bar charts of a review's sections, drawn from a snapshot's ``chart`` (see
reviews/inputs.py) with reportlab: inline SVG on the review page (indicators.charts.to_svg)
and the same drawing in the review pack PDF."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from indicators.charts import GRID, to_svg
from qms.pdf import register_fonts

SERIES_COLOURS = [colors.HexColor("#0b4f8a"), colors.HexColor("#b35c00"),
                  colors.HexColor("#1d6b2f")]


def _short(text: str, size: int = 14) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def bar_chart(data: dict, *, width: float = 460, height: float = 200) -> Drawing | None:
    """One group of bars per label, one bar per series."""
    if not data or not data.get("labels"):
        return None
    font = register_fonts().regular
    series = data["series"]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 36, 42
    chart.width, chart.height = width - 50, height - 62 - (14 if len(series) > 1 else 0)
    chart.data = [[float(v) for v in s["values"]] for s in series]
    chart.bars.strokeColor = None
    for i in range(len(series)):
        chart.bars[i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    top = max((max(s["values"] or [0]) for s in series), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100 if data.get("unit") == "%" else max(1, top * 1.15)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [_short(label) for label in data["labels"]]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 7
    chart.categoryAxis.labels.angle = 30 if len(data["labels"]) > 5 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(data["labels"]) > 5 else "n"
    chart.barLabelFormat = "%.0f"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = chart.x, height - 6
        legend.fontName, legend.fontSize = font, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dx = legend.dy = 8
        legend.deltax = 90
        legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], s["name"])
                                 for i, s in enumerate(series)]
        drawing.add(legend)
    return drawing


def describe(data: dict) -> str:
    """The chart's data in words, for screen readers."""
    parts = []
    for s in data["series"]:
        values = ", ".join(f"{label} : {value:g}{data.get('unit') and ' ' + data['unit'] or ''}"
                           for label, value in zip(data["labels"], s["values"], strict=False))
        parts.append(f"{s['name']} — {values}")
    return " ; ".join(parts)


def chart_svg(data: dict | None):
    drawing = bar_chart(data) if data else None
    if drawing is None:
        return ""
    return to_svg(drawing, label=data["title"], css_class="chart review-chart",
                  description=describe(data))
