"""PDF exports of a service's dashboard and of the strategy map, on the shared
controlled-copy layout (qms.pdf), with the same charts as the intranet (indicators.charts:
the reportlab Drawings are flowables)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from qms.pdf import (
    CONTENT_WIDTH,
    RULE,
    SHADE,
    ControlledCopy,
    escape,
    format_date,
    get_styles,
    glyph,
    render_pdf,
)

from . import charts
from .selectors import IndicatorRow, ServiceDashboard, StrategyMap, format_share
from .status import Status

STATUS_TINTS = {
    Status.ON_TARGET: colors.HexColor("#e6f2e8"),
    Status.ALERT: colors.HexColor("#fdf0dc"),
    Status.CRITICAL: colors.HexColor("#fbe6e6"),
    Status.NO_DATA: colors.HexColor("#eceef1"),
}
STATUS_MARKS = {
    Status.ON_TARGET: ("✓", "+"),
    Status.ALERT: ("!", "!"),
    Status.CRITICAL: ("✕", "x"),
    Status.NO_DATA: ("–", "-"),
}


class _Edition:
    """Stands in the header's version slot: "Version du 22/11/2026" ("Version of ...").

    An export of live figures has no version number; qms.pdf's ControlledCopy would
    print "Draft" without one, which would be wrong here."""

    def __init__(self, day):
        self.text = _("of %(date)s") % {"date": format_date(day)}

    def __str__(self):
        return self.text

    def __bool__(self):
        return True


def _copy(reference: str, title: str) -> ControlledCopy:
    return ControlledCopy(reference=reference, title=title, version=_Edition(timezone.now()))


def _status_cell(status: Status) -> Paragraph:
    styles = get_styles()
    colour = charts.STATUS_COLORS[status].hexval()[2:]
    return Paragraph(
        f'<font color="#{colour}"><b>{glyph(*STATUS_MARKS[status])}</b></font> '
        f"{escape(Status(status).label)}",
        styles["cell"],
    )


def _cell(text, style="cell") -> Paragraph:
    return Paragraph(escape(text), get_styles()[style])


def _summary_table(counts: dict[str, int]) -> Table:
    cells = [[_status_cell(Status(value)) for value in counts],
             [_cell(str(number), "h3") for number in counts.values()]]
    style = [("BOX", (0, 0), (-1, -1), 0.5, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE)]
    style += [("BACKGROUND", (i, 0), (i, -1), STATUS_TINTS[Status(value)])
              for i, value in enumerate(counts)]
    return Table(cells, colWidths=[CONTENT_WIDTH / len(counts)] * len(counts),
                 style=TableStyle(style), spaceAfter=8)


def _indicator_table(rows: list[IndicatorRow], year: int, *, with_service=False) -> Table:
    """One line per indicator: title, period, value, target, status, sparkline."""
    head = [_("Indicator"), _("Period"), _("Value"), _("Target %(year)s") % {"year": year},
            _("Status"), _("Trend")]
    data = [[_cell(text, "cell_header") for text in head]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 1), (3, -1), "RIGHT"),
    ]
    widths = [CONTENT_WIDTH * w for w in (0.31, 0.11, 0.14, 0.12, 0.15, 0.17)]
    for i, row in enumerate(rows, start=1):
        ind = row.indicator
        title = f"<b>{escape(ind.code)}</b> {escape(ind.title)}"
        if with_service:
            title += f"<br/><font size=7.5>{escape(ind.service.name)}</font>"
        values = [p.value for p in row.trend]
        data.append([
            Paragraph(title, get_styles()["cell"]),
            _cell(row.latest.period if row.latest else "—"),
            _cell(row.latest_display),
            _cell(row.target_display),
            _status_cell(row.status),
            charts.sparkline(values, status=row.status, target=row.target,
                             width=widths[-1] - 12, height=22)
            if values else _cell("—"),
        ])
        style.append(("BACKGROUND", (4, i), (4, i), STATUS_TINTS[row.status]))
    return Table(data, colWidths=widths, repeatRows=1,
                 style=TableStyle(style), spaceAfter=10)


def _series_block(row: IndicatorRow) -> KeepTogether:
    styles = get_styles()
    series = row.series()
    return KeepTogether([
        Paragraph(f"<b>{escape(row.indicator.code)}</b> {escape(row.indicator.title)}",
                  styles["h3"]),
        charts.series_chart(series, width=CONTENT_WIDTH, height=190),
        Paragraph(escape(charts.describe_series(series)), styles["small"]),
        Spacer(1, 6),
    ])


# --- the service dashboard ---------------------------------------------------------------------
def render_dashboard_pdf(dashboard: ServiceDashboard) -> bytes:
    styles = get_styles()
    service = dashboard.service
    title = _("Dashboard — %(service)s") % {"service": service.name}
    subtitle = [_("Year %(year)s") % {"year": dashboard.year}]
    if dashboard.process:
        subtitle.append(_("Process %(process)s") % {"process": dashboard.process})
    story = [
        Paragraph(escape(service.parent.name if service.parent else ""), styles["small"]),
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(" · ".join(subtitle)), styles["body"]),
        _summary_table(dashboard.counts),
    ]
    if dashboard.objectives:
        story.append(Paragraph(escape(_("Objectives")), styles["h2"]))
        story.append(_objectives_table(dashboard.objectives))
    story.append(Paragraph(escape(_("Indicators")), styles["h2"]))
    if dashboard.rows:
        story.append(_indicator_table(dashboard.rows, dashboard.year))
        story.append(CondPageBreak(240))
        story.append(Paragraph(escape(_("Trends")), styles["h2"]))
        story += [_series_block(row) for row in dashboard.rows if row.trend]
    else:
        story.append(Paragraph(escape(_("No active indicator for this selection.")),
                               styles["body"]))
    reference = "TB-" + slugify(service.code).upper() + f"-{dashboard.year}"
    return render_pdf(story, _copy(reference, title), subject=title)


def _objectives_table(nodes) -> Table:
    head = [_("Objective"), _("Kind"), _("Indicators on target"), _("Attainment")]
    data = [[_cell(text, "cell_header") for text in head]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for i, node in enumerate(nodes, start=1):
        objective = node.objective
        data.append([
            Paragraph(f"<b>{escape(objective.code)}</b> {escape(objective.title)}",
                      get_styles()["cell"]),
            _cell(objective.get_kind_display()),
            _cell(f"{node.on_target} / {node.judged}"),
            Paragraph(f"<b>{escape(node.attainment_display)}</b> — "
                      f"{escape(Status(node.status).label)}", get_styles()["cell"]),
        ])
        style.append(("BACKGROUND", (3, i), (3, i), STATUS_TINTS[node.status]))
    widths = [0.5, 0.18, 0.14, 0.18]
    return Table(data, colWidths=[CONTENT_WIDTH * w for w in widths], repeatRows=1,
                 style=TableStyle(style), spaceAfter=8)


BARS_PER_CHART = 24
"""An axis with many objectives gets several bar charts, each fitting on a page."""


def _attainment_charts(items) -> list:
    return [
        charts.attainment_chart(items[start:start + BARS_PER_CHART], width=CONTENT_WIDTH)
        for start in range(0, len(items), BARS_PER_CHART)
    ]


# --- the strategy map ----------------------------------------------------------------------------
def render_strategy_map_pdf(strategy: StrategyMap) -> bytes:
    styles = get_styles()
    programme = strategy.programme
    title = _("Strategy map — %(programme)s") % {"programme": programme.name}
    story = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(escape(
            _("Year %(year)s. Overall attainment: %(share)s of the indicators with a value "
              "are on target (%(on_target)s of %(judged)s).") % {
                "year": strategy.year, "share": format_share(strategy.attainment),
                "on_target": strategy.on_target, "judged": strategy.judged,
            }), styles["body"]),
        _summary_table(strategy.counts),
        Paragraph(escape(_("Attainment by strategic axis")), styles["h2"]),
        *_attainment_charts(
            [(f"{a.axis.code} — {a.axis.title}", a.attainment, a.status) for a in strategy.axes]
        ),
    ]
    for axis in strategy.axes:
        story.append(CondPageBreak(200))
        story.append(Paragraph(
            escape(f"{axis.axis.code} — {axis.axis.title}") + " · "
            + escape(_("attainment %(share)s") % {"share": axis.attainment_display}),
            styles["h2"],
        ))
        if not axis.objectives:
            story.append(Paragraph(escape(_("No strategic objective this year.")),
                                   styles["body"]))
            continue
        story += _attainment_charts(
            [(f"{n.objective.code} {n.objective.title}", n.attainment, n.status)
             for n in axis.objectives]
        )
        for node in axis.objectives:
            objective = node.objective
            heading = (f"<b>{escape(objective.code)}</b> {escape(objective.title)} — "
                       f"{escape(objective.service.name)} · "
                       + escape(_("attainment %(share)s") % {"share": node.attainment_display}))
            block = [Paragraph(heading, styles["h3"])]
            if node.rows:
                block.append(_indicator_table(node.rows, strategy.year, with_service=True))
            else:
                block.append(Paragraph(escape(_("No indicator yet.")), styles["small"]))
            story.append(KeepTogether(block) if len(node.rows) < 8 else block[0])
            if len(node.rows) >= 8:
                story += block[1:]
    reference = f"CS-{strategy.year}"
    return render_pdf(story, _copy(reference, title), subject=title)
