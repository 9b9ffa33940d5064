"""The charts of the programme, drawn once with reportlab's graphics library: inline,
accessible SVG on the dashboard (indicators.charts.to_svg) and the same Drawing in the
steering pack PDF.

* `actions_chart`: per contract, the actions done and remaining (stacked bars);
* `budget_chart`: per axis, the budget planned, committed and spent;
* `timeline_chart`: each contract from the day it was drawn up to its deadline, its
  signature marked, today as a vertical line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors

from indicators.charts import GRID, INK, MUTED, format_value, to_svg
from qms.pdf import register_fonts

DONE = colors.HexColor("#1d6b2f")
REMAINING = colors.HexColor("#b8c4d0")
LATE = colors.HexColor("#a4161a")
PLANNED = colors.HexColor("#0b4f8a")
COMMITTED = colors.HexColor("#b35c00")
SPENT = colors.HexColor("#1d6b2f")
STATUS_FILL = {"draft": colors.HexColor("#9aa5b1"), "signed": colors.HexColor("#0b4f8a"),
               "closed": colors.HexColor("#1d6b2f")}
TODAY = colors.HexColor("#a4161a")


def _font() -> str:
    return register_fonts().regular


def _short(text: str, size: int = 34) -> str:
    text = str(text)
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _legend(pairs, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = _font(), 8
    legend.fillColor = INK
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 110
    legend.colorNamePairs = pairs
    return legend


# --- actions done / remaining per contract -----------------------------------------------------
@dataclass(frozen=True)
class ActionsBar:
    label: str
    done: int
    remaining: int


def actions_chart(bars: list[ActionsBar], *, width: float = 640) -> Drawing:
    bar = 12 if len(bars) <= 40 else 7
    height = max(1, len(bars)) * (bar + 5) + 56
    drawing = Drawing(width, height)
    if not bars:
        drawing.add(String(width / 2, height / 2, _("No contract yet."), fontName=_font(),
                           fontSize=11, fillColor=MUTED, textAnchor="middle"))
        return drawing
    bars = list(reversed(bars))  # the chart draws its first category at the bottom
    chart = HorizontalBarChart()
    chart.x, chart.y = 190, 22
    chart.width, chart.height = width - chart.x - 20, height - 56
    chart.data = [[b.done for b in bars], [b.remaining for b in bars]]
    chart.categoryAxis.style = "stacked"
    chart.bars.strokeColor = None
    chart.bars[0].fillColor, chart.bars[1].fillColor = DONE, REMAINING
    top = max((b.done + b.remaining for b in bars), default=1)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1, top)
    chart.valueAxis.valueStep = max(1, -(-top // 8))
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = _font(), 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [_short(b.label) for b in bars]
    chart.categoryAxis.labels.fontName = _font()
    chart.categoryAxis.labels.fontSize = 8 if len(bars) <= 40 else 6
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.fillColor = INK
    drawing.add(chart)
    drawing.add(_legend([(DONE, _("Actions done")), (REMAINING, _("Actions remaining"))],
                        chart.x, height - 10))
    return drawing


def describe_actions(bars: list[ActionsBar]) -> str:
    return " ; ".join(_("%(label)s: %(done)s done, %(remaining)s remaining") % {
        "label": b.label, "done": b.done, "remaining": b.remaining} for b in bars)


# --- budget per axis ---------------------------------------------------------------------------
@dataclass(frozen=True)
class BudgetGroup:
    label: str
    planned: Decimal
    committed: Decimal
    spent: Decimal


def budget_chart(groups: list[BudgetGroup], *, width: float = 640,
                 height: float = 260) -> Drawing:
    """Planned, committed and spent per axis, in thousands of euros."""
    drawing = Drawing(width, height)
    if not groups:
        drawing.add(String(width / 2, height / 2, _("No budget yet."), fontName=_font(),
                           fontSize=11, fillColor=MUTED, textAnchor="middle"))
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 56, 48
    chart.width, chart.height = width - chart.x - 16, height - chart.y - 36
    chart.data = [[float(getattr(g, name)) / 1000 for g in groups]
                  for name in ("planned", "committed", "spent")]
    chart.bars.strokeColor = None
    for i, colour in enumerate((PLANNED, COMMITTED, SPENT)):
        chart.bars[i].fillColor = colour
    top = max((float(g.planned) / 1000 for g in groups), default=0)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, max(1.0, top * 1.1)
    chart.valueAxis.labelTextFormat = lambda v: format_value(Decimal(round(v)))
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = _font(), 8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [_short(g.label, 24) for g in groups]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = _font(), 8
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.angle = 20 if len(groups) > 4 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(groups) > 4 else "n"
    drawing.add(chart)
    drawing.add(String(4, height - 30, _("k€"), fontName=_font(), fontSize=8,
                       fillColor=MUTED))
    drawing.add(_legend([(PLANNED, _("Planned")), (COMMITTED, _("Committed")),
                         (SPENT, _("Spent"))], chart.x, height - 10))
    return drawing


def _euros(value) -> str:
    return format_value(Decimal(value).quantize(Decimal("1")), "€")


def describe_budget(groups: list[BudgetGroup]) -> str:
    return " ; ".join(_("%(label)s: %(planned)s planned, %(committed)s committed, "
                        "%(spent)s spent") % {
        "label": g.label, "planned": _euros(g.planned), "committed": _euros(g.committed),
        "spent": _euros(g.spent)} for g in groups)


# --- timeline -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineBar:
    label: str
    start: datetime.date
    end: datetime.date
    status: str
    signed_on: datetime.date | None = None


def timeline_chart(bars: list[TimelineBar], *, today: datetime.date,
                   width: float = 640) -> Drawing:
    font = _font()
    row = 14 if len(bars) <= 40 else 8
    top_margin, bottom_margin, left = 22, 44, 190
    height = max(1, len(bars)) * row + top_margin + bottom_margin
    drawing = Drawing(width, height)
    if not bars:
        drawing.add(String(width / 2, height / 2, _("No contract yet."), fontName=font,
                           fontSize=11, fillColor=MUTED, textAnchor="middle"))
        return drawing
    first = min(min(b.start for b in bars), today)
    last = max(max(b.end for b in bars), today)
    first = first.replace(day=1)
    last = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    span = max(1, (last - first).days)
    plot_width = width - left - 16

    def x_of(day: datetime.date) -> float:
        return left + plot_width * (day - first).days / span

    # Years and quarters as a grid, labelled below.
    month = first
    while month <= last:
        if month.month in (1, 4, 7, 10):
            x = x_of(month)
            drawing.add(Line(x, bottom_margin, x, height - top_margin + 4, strokeColor=GRID,
                             strokeWidth=0.6))
            label = str(month.year) if month.month == 1 else _("Q%(quarter)s") % {
                "quarter": (month.month + 2) // 3}
            drawing.add(String(x, bottom_margin - 12, label, fontName=font, fontSize=7,
                               fillColor=MUTED, textAnchor="middle"))
        month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    for i, bar in enumerate(bars):
        y = height - top_margin - (i + 1) * row
        drawing.add(String(left - 6, y + row * 0.2, _short(bar.label), fontName=font,
                           fontSize=8 if row > 10 else 6, fillColor=INK, textAnchor="end"))
        x0, x1 = x_of(bar.start), x_of(max(bar.end, bar.start))
        fill = STATUS_FILL.get(bar.status, MUTED)
        if bar.status != "closed" and bar.end < today:
            fill = LATE
        drawing.add(Rect(x0, y + 2, max(2, x1 - x0), row - 4, fillColor=fill,
                         strokeColor=None))
        if bar.signed_on:
            drawing.add(Circle(x_of(bar.signed_on), y + row / 2, min(3, row / 3),
                               fillColor=colors.white, strokeColor=INK, strokeWidth=0.8))
    x = x_of(today)
    drawing.add(Line(x, bottom_margin, x, height - top_margin + 8, strokeColor=TODAY,
                     strokeWidth=1.4, strokeDashArray=[4, 2]))
    drawing.add(String(x, height - top_margin + 11, _("Today"), fontName=font, fontSize=8,
                       fillColor=TODAY, textAnchor="middle"))
    legend = _legend([(STATUS_FILL["draft"], _("Being drawn up")),
                      (STATUS_FILL["signed"], _("Signed")),
                      (STATUS_FILL["closed"], _("Closed")),
                      (LATE, _("Deadline passed"))], left, 18)
    legend.deltax = 95
    drawing.add(legend)
    return drawing


def describe_timeline(bars: list[TimelineBar], today: datetime.date) -> str:
    fmt = "%d/%m/%Y"
    parts = [_("Today: %(date)s") % {"date": today.strftime(fmt)}]
    parts += [_("%(label)s: from %(start)s to %(end)s") % {
        "label": b.label, "start": b.start.strftime(fmt), "end": b.end.strftime(fmt)}
        + (_(", signed on %(date)s") % {"date": b.signed_on.strftime(fmt)}
           if b.signed_on else "") for b in bars]
    return " ; ".join(parts)


# --- SVG for the dashboard ----------------------------------------------------------------------
def actions_svg(bars: list[ActionsBar]):
    return to_svg(actions_chart(bars), label=_("Actions done and remaining per contract"),
                  css_class="chart innovation-chart", description=describe_actions(bars))


def budget_svg(groups: list[BudgetGroup]):
    return to_svg(budget_chart(groups), label=_("Budget planned, committed and spent per "
                                                "axis"),
                  css_class="chart innovation-chart", description=describe_budget(groups))


def timeline_svg(bars: list[TimelineBar], today: datetime.date):
    return to_svg(timeline_chart(bars, today=today), label=_("Timeline of the contracts"),
                  css_class="chart innovation-chart", description=describe_timeline(bars,
                                                                                    today))


# --- from the selectors' figures ------------------------------------------------------------------
def contract_label(contract) -> str:
    return _("C%(number)s %(title)s") % {"number": contract.number, "title": contract.title}


def actions_bars(rows) -> list[ActionsBar]:
    """From innovation.selectors.ContractRow's."""
    return [ActionsBar(label=contract_label(r.contract), done=r.figures.done,
                       remaining=r.figures.remaining) for r in rows]


def budget_groups(axes) -> list[BudgetGroup]:
    """From innovation.selectors.AxisRow's."""
    return [BudgetGroup(label=_("Axis %(number)s") % {"number": a.axis.number},
                        planned=a.figures.planned, committed=a.figures.committed,
                        spent=a.figures.spent) for a in axes]


def timeline_bars(rows, created_on: dict) -> list[TimelineBar]:
    """From ContractRow's and the day each contract was drawn up."""
    bars = []
    for row in rows:
        contract = row.contract
        start = created_on.get(contract.pk) or contract.signed_on or contract.deadline
        if contract.signed_on:
            start = min(start, contract.signed_on)
        bars.append(TimelineBar(label=contract_label(contract), start=start,
                                end=contract.deadline, status=contract.status,
                                signed_on=contract.signed_on))
    return bars
