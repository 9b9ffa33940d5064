"""The chart of the municipality-wide view: per standard, the number of services
certified, preparing, and suspended or withdrawn (stacked horizontal bars), drawn with
reportlab and served as inline accessible SVG (indicators.charts.to_svg)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from indicators.charts import GRID, INK, MUTED, to_svg
from qms.pdf import register_fonts

from .models import Certification

CERTIFIED = colors.HexColor("#1d6b2f")
PREPARING = colors.HexColor("#0b4f8a")
LAPSED = colors.HexColor("#a4161a")


def _font() -> str:
    return register_fonts().regular


def _series(per_standard) -> list[tuple[str, int, int, int]]:
    status = Certification.Status
    return [(row.standard.name, row.counts.get(status.CERTIFIED, 0),
             row.counts.get(status.PREPARING, 0),
             row.counts.get(status.SUSPENDED, 0) + row.counts.get(status.WITHDRAWN, 0))
            for row in per_standard]


def standards_chart(per_standard, *, width: float = 640) -> Drawing:
    rows = _series(per_standard)
    height = max(1, len(rows)) * 26 + 60
    drawing = Drawing(width, height)
    if not rows:
        drawing.add(String(width / 2, height / 2, _("No certification yet."),
                           fontName=_font(), fontSize=11, fillColor=MUTED,
                           textAnchor="middle"))
        return drawing
    rows = list(reversed(rows))  # the chart draws its first category at the bottom
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 22
    chart.width, chart.height = width - chart.x - 20, height - 60
    chart.data = [[r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]]
    chart.categoryAxis.style = "stacked"
    chart.bars.strokeColor = None
    for index, colour in enumerate((CERTIFIED, PREPARING, LAPSED)):
        chart.bars[index].fillColor = colour
    top = max((r[1] + r[2] + r[3] for r in rows), default=1)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1, top)
    chart.valueAxis.valueStep = max(1, -(-top // 8))
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = _font(), 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [r[0][:24] for r in rows]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = _font(), 9
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fillColor = INK
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, height - 10
    legend.fontName, legend.fontSize = _font(), 8
    legend.fillColor = INK
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 150
    legend.colorNamePairs = [(CERTIFIED, _("Certified")), (PREPARING, _("Preparing")),
                             (LAPSED, _("Suspended or withdrawn"))]
    drawing.add(legend)
    return drawing


def describe(per_standard) -> str:
    """The chart in words, its text alternative."""
    return " ; ".join(ngettext(
        "%(standard)s: %(certified)s service certified, %(preparing)s preparing, "
        "%(lapsed)s suspended or withdrawn",
        "%(standard)s: %(certified)s services certified, %(preparing)s preparing, "
        "%(lapsed)s suspended or withdrawn", certified,
    ) % {"standard": name, "certified": certified, "preparing": preparing, "lapsed": lapsed}
        for name, certified, preparing, lapsed in _series(per_standard))


def standards_svg(per_standard):
    return to_svg(standards_chart(per_standard),
                  label=_("Services certified per standard"),
                  description=describe(per_standard))
