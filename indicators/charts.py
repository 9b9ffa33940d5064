"""The charts of the indicators, defined once with reportlab's graphics library and
rendered twice: as inline, accessible SVG for the intranet (`to_svg`) and as the
Drawing itself, a flowable, in the PDF exports.

* `series_chart`: an indicator's values over its periods, with the yearly target
  (a step line), the alert and critical thresholds (dashed) and the points coloured
  by their status;
* `sparkline`: the small trend of a dashboard row;
* `attainment_chart`: horizontal bars of the share of indicators on target (the
  strategy map's PDF).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import LineLegend, LineSwatch
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from qms.pdf import register_fonts

from .status import Status, judge

# Colours: text-safe (WCAG AA on white) for labels, the same hues as the intranet's CSS.
INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#4a4a4a")
GRID = colors.HexColor("#dde1e6")
VALUE = colors.HexColor("#0b4f8a")
TARGET = colors.HexColor("#1d6b2f")
STATUS_COLORS = {
    Status.ON_TARGET: colors.HexColor("#1d6b2f"),
    Status.ALERT: colors.HexColor("#b35c00"),
    Status.CRITICAL: colors.HexColor("#a4161a"),
    Status.NO_DATA: colors.HexColor("#6b7280"),
}
WEB_FONT_FAMILY = "DejaVu Sans, system-ui, Arial, sans-serif"


def format_value(value, unit: str = "", decimals: int | None = None) -> str:
    """A value in the active language's format (French: 92,5 ; 1 250), with its unit
    ("92,5 %", "3,2 jours"); '—' for None."""
    if value is None:
        return "—"
    value = Decimal(value)
    if decimals is None:
        normalised = value.normalize()
        decimals = min(max(-normalised.as_tuple().exponent, 0), 2)
    text = number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)
    if not unit:
        return text
    return f"{text}\u00a0{unit}"


def _font() -> str:
    return register_fonts().regular


# --- the series chart ----------------------------------------------------------------------
@dataclass(frozen=True)
class SeriesInput:
    """What the series chart of an indicator needs."""

    title: str
    unit: str
    points: list  # oldest first: objects with .period (label), .start (date), .value
    targets: dict[int, Decimal]  # year -> target
    higher_is_better: bool = True
    alert: Decimal | None = None
    critical: Decimal | None = None

    def status_of(self, point) -> Status:
        return judge(
            point.value, self.targets.get(point.start.year),
            higher_is_better=self.higher_is_better, alert=self.alert, critical=self.critical,
        )


def _label_step(count: int, room: int) -> int:
    """Label every n-th period so that at most `room` labels show."""
    return max(1, -(-count // room))


def _value_range(values: list[Decimal]) -> tuple[float, float]:
    low, high = float(min(values)), float(max(values))
    if low == high:
        pad = abs(low) * 0.1 or 1.0
    else:
        pad = (high - low) * 0.12
    low, high = low - pad, high + pad
    if float(min(values)) >= 0 and low < 0:
        low = 0.0
    return low, high


def series_chart(series: SeriesInput, *, width: float = 640, height: float = 280) -> Drawing:
    """Values over the periods; target per year as a step line; thresholds dashed; each
    point coloured by its status (on target, alert, critical)."""
    font = _font()
    drawing = Drawing(width, height)
    points = series.points
    if not points:
        drawing.add(String(width / 2, height / 2, _("No value recorded yet."), fontName=font,
                           fontSize=11, fillColor=MUTED, textAnchor="middle"))
        return drawing

    plot = LinePlot()
    legend_height = 22
    plot.x, plot.y = 52, 48 + legend_height
    plot.width, plot.height = width - plot.x - 16, height - plot.y - 14
    count = len(points)
    xs = list(range(count))

    data, styles = [], []  # styles: (colour, width, dash, marker colour or None, name)

    # The target: a step line, one run of consecutive years having a target.
    by_year = {year: [i for i, _p in group] for year, group in
               itertools.groupby(enumerate(points), key=lambda item: item[1].start.year)}
    target_runs, run = [], []
    for year, indices in by_year.items():
        target = series.targets.get(year)
        if target is None:
            if run:
                target_runs.append(run)
            run = []
            continue
        run += [(indices[0] - 0.5, float(target)), (indices[-1] + 0.5, float(target))]
    if run:
        target_runs.append(run)
    for run in target_runs:
        data.append(run)
        styles.append((TARGET, 1.6, None, None))

    x_min, x_max = -0.5, count - 0.5
    for threshold, status in ((series.alert, Status.ALERT), (series.critical, Status.CRITICAL)):
        if threshold is not None:
            data.append([(x_min, float(threshold)), (x_max, float(threshold))])
            styles.append((STATUS_COLORS[status], 1.2, [5, 3], None))

    # The values, then their points coloured by status (marker-only series).
    data.append([(x, float(p.value)) for x, p in zip(xs, points, strict=True)])
    styles.append((VALUE, 1.8, None, None))
    statuses = [series.status_of(p) for p in points]
    for status in (Status.ON_TARGET, Status.ALERT, Status.CRITICAL, Status.NO_DATA):
        marked = [(x, float(p.value)) for x, p, s in zip(xs, points, statuses, strict=True)
                  if s == status]
        if marked:
            data.append(marked)
            styles.append((None, 0, None, STATUS_COLORS[status]))

    plot.data = data
    for i, (colour, stroke, dash, marker) in enumerate(styles):
        line = plot.lines[i]
        if marker is None:
            line.strokeColor = colour
            line.strokeWidth = stroke
            line.strokeDashArray = dash
            line.symbol = None
        else:
            line.strokeColor = None
            line.strokeWidth = 0
            line.symbol = makeMarker("FilledCircle", size=5 if count <= 40 else 3.5,
                                     fillColor=marker, strokeColor=colors.white,
                                     strokeWidth=0.6)

    every = _label_step(count, max(2, int(plot.width // 48)))
    x_axis = plot.xValueAxis
    x_axis.valueMin, x_axis.valueMax = x_min, x_max
    x_axis.valueSteps = list(range(count - 1, -1, -every))[::-1]
    x_axis.labelTextFormat = lambda x: points[int(round(x))].period if 0 <= x < count else ""
    x_axis.labels.fontName, x_axis.labels.fontSize = font, 8
    x_axis.labels.fillColor = MUTED
    x_axis.labels.angle = 35 if count > 8 else 0
    x_axis.labels.boxAnchor = "ne" if count > 8 else "n"
    x_axis.labels.dy = -2
    x_axis.strokeColor = MUTED

    values = [p.value for p in points] + list(series.targets.get(y) for y in by_year
                                              if series.targets.get(y) is not None)
    values += [t for t in (series.alert, series.critical) if t is not None]
    y_axis = plot.yValueAxis
    y_axis.valueMin, y_axis.valueMax = _value_range(values)
    y_axis.maximumTicks = 6
    y_axis.labelTextFormat = _tick_formatter(y_axis.valueMax - y_axis.valueMin)
    y_axis.labels.fontName, y_axis.labels.fontSize = font, 8
    y_axis.labels.fillColor = MUTED
    y_axis.strokeColor = None
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = GRID
    y_axis.gridStrokeWidth = 0.6
    y_axis.gridStart, y_axis.gridEnd = plot.x, plot.x + plot.width
    drawing.add(plot)

    if series.unit:
        drawing.add(String(4, plot.y + plot.height + 4, series.unit, fontName=font,
                           fontSize=8, fillColor=MUTED))
    drawing.add(_legend(series, font, plot.x, 12))
    return drawing


def _tick_formatter(span: float):
    """Tick labels with as few decimals as their spacing needs: 80, 85, 90; 4; 4,5; 5."""
    step = span / 5
    digits = 0 if step >= 1 else 1 if step >= 0.1 else 2
    return lambda v: format_value(Decimal(str(round(v, digits))))


def _legend(series: SeriesInput, font: str, x: float, y: float) -> LineLegend:
    pairs = [(_swatch(VALUE), _("Value"))]
    if series.targets:
        pairs.append((_swatch(TARGET), _("Target")))
    if series.alert is not None:
        pairs.append((_swatch(STATUS_COLORS[Status.ALERT], dashed=True), _("Alert threshold")))
    if series.critical is not None:
        pairs.append(
            (_swatch(STATUS_COLORS[Status.CRITICAL], dashed=True), _("Critical threshold"))
        )
    legend = LineLegend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName, legend.fontSize = font, 8
    legend.fillColor = INK
    legend.columnMaximum = 1
    legend.deltax = 16
    legend.dx, legend.dy = 16, 2
    legend.strokeWidth = 2
    legend.colorNamePairs = pairs
    return legend


def _swatch(colour, dashed=False) -> LineSwatch:
    swatch = LineSwatch()
    swatch.strokeColor, swatch.strokeWidth = colour, 2
    swatch.strokeDashArray = [3, 3] if dashed else None
    return swatch


def describe_series(series: SeriesInput) -> str:
    """The text alternative of the chart: "Taux d'appels décrochés : 92,5 % en 2026-10,
    cible 90 % (24 valeurs, de 2024-11 à 2026-10)"."""
    if not series.points:
        return _("%(title)s: no value recorded yet.") % {"title": series.title}
    last = series.points[-1]
    text = _("%(title)s: %(value)s in %(period)s") % {
        "title": series.title, "value": format_value(last.value, series.unit),
        "period": last.period,
    }
    target = series.targets.get(last.start.year)
    if target is not None:
        text += _(", target %(target)s") % {"target": format_value(target, series.unit)}
    text += " " + _("(%(count)s values, from %(first)s to %(last)s)") % {
        "count": len(series.points), "first": series.points[0].period, "last": last.period,
    }
    return text


# --- the sparkline ------------------------------------------------------------------------------
def sparkline(values: list[Decimal], *, status: Status = Status.NO_DATA, target=None,
              width: float = 120, height: float = 30) -> Drawing:
    """The trend of a dashboard row: the line of the last values, the target as a faint
    line, the last point in the colour of the row's status."""
    drawing = Drawing(width, height)
    if not values:
        return drawing
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 3, 3, width - 6, height - 6
    count = len(values)
    line = [(i, float(v)) for i, v in enumerate(values)]
    data = [line, [line[-1]]]
    scale = list(values) + ([target] if target is not None else [])
    low, high = _value_range(scale)
    if target is not None:
        data.insert(0, [(0, float(target)), (max(count - 1, 1), float(target))])
    plot.data = data
    offset = 1 if target is not None else 0
    if target is not None:
        plot.lines[0].strokeColor = TARGET
        plot.lines[0].strokeWidth = 0.8
        plot.lines[0].strokeDashArray = [2, 2]
    plot.lines[offset].strokeColor = VALUE
    plot.lines[offset].strokeWidth = 1.4
    plot.lines[offset + 1].strokeColor = None
    plot.lines[offset + 1].strokeWidth = 0
    plot.lines[offset + 1].symbol = makeMarker(
        "FilledCircle", size=5, fillColor=STATUS_COLORS[status], strokeColor=colors.white,
        strokeWidth=0.5,
    )
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.visible = False
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(count - 1, 1)
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low, high
    drawing.add(plot)
    return drawing


def describe_trend(values: list[Decimal], periods: list[str], unit: str = "") -> str:
    if not values:
        return _("No value recorded yet.")
    return _("Trend over %(count)s periods, from %(first)s (%(first_value)s) to "
             "%(last)s (%(last_value)s), lowest %(low)s, highest %(high)s") % {
        "count": len(values), "first": periods[0], "last": periods[-1],
        "first_value": format_value(values[0], unit), "last_value": format_value(values[-1], unit),
        "low": format_value(min(values), unit), "high": format_value(max(values), unit),
    }


# --- the attainment bars (strategy map PDF) -----------------------------------------------
def attainment_chart(items: list[tuple[str, float | None, Status]], *,
                     width: float = 480) -> Drawing:
    """One horizontal bar per item (label, share on target 0..1 or None, the status its
    share stands for): the strategy map's axes or objectives at a glance."""
    font = _font()
    bar = 16
    height = max(1, len(items)) * (bar + 6) + 30
    drawing = Drawing(width, height)
    if not items:
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 20
    chart.width, chart.height = width - chart.x - 40, height - 28
    items = list(reversed(items))  # the chart draws its first category at the bottom
    chart.data = [[round(100 * (share or 0), 1) for _label, share, _status in items]]
    chart.bars.strokeColor = None
    for i, (_label, _share, status) in enumerate(items):
        chart.bars[(0, i)].fillColor = STATUS_COLORS[status]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.valueAxis.labelTextFormat = "%d\u00a0%%"
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = font, 8
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.categoryAxis.categoryNames = [_short(label, 30) for label, _share, _status in items]
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font, 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[
        format_value(Decimal(round(100 * share)), "%") if share is not None else _("No data")
        for _label, share, _status in items
    ]]
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 8
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


# --- SVG for the web ---------------------------------------------------------------------
def to_svg(drawing: Drawing, *, label: str, css_class: str = "chart",
           description: str = "") -> SafeString:
    """The drawing as inline SVG: role="img", its <title> (and aria-label) saying what
    it shows, without ids so that several charts can share a page."""
    canvas = renderSVG.SVGCanvas(
        (drawing.width, drawing.height),
        useClip=True,
        fontHacks={_font(): {"family": WEB_FONT_FAMILY}},
        svgAttrs={"role": "img", "aria-label": label, "class": css_class, "focusable": "false"},
    )
    renderSVG.draw(drawing, canvas, 0, 0, showBoundary=False)
    root = canvas.svg
    for node in root.getElementsByTagName("*"):  # nothing refers to them (useClip=True),
        if node.hasAttribute("id"):  # and they would repeat when a page has two charts
            node.removeAttribute("id")
    for tag, text in (("title", label), ("desc", description)):
        node = root.getElementsByTagName(tag)[0]
        if text:
            node.firstChild.data = text
        else:
            root.removeChild(node)
    root.removeAttribute("width")
    root.removeAttribute("height")
    return mark_safe(root.toxml())  # noqa: S308 - built and escaped by the DOM library


@lru_cache(maxsize=4096)
def sparkline_svg(values: tuple, status: Status, target, label: str) -> SafeString:
    """A dashboard row's sparkline as SVG. Kept per process: a dashboard shows the same
    sparklines until a value changes, and drawing one costs a few milliseconds."""
    return to_svg(sparkline(list(values), status=status, target=target), label=label,
                  css_class="sparkline")
