"""XLSX exports (openpyxl) of a service's dashboard and of the strategy map: a sheet of
the indicators with their latest value, target and status, a sheet of the series, and
for the map a sheet of the axes and objectives with their attainment. Numbers stay
numbers (the spreadsheet can compute with them); statuses are words, coloured."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .selectors import IndicatorRow, ServiceDashboard, StrategyMap
from .status import Status

STATUS_FILLS = {
    Status.ON_TARGET: "E6F2E8",
    Status.ALERT: "FDF0DC",
    Status.CRITICAL: "FBE6E6",
    Status.NO_DATA: "ECEEF1",
}
HEADER_FILL = PatternFill("solid", fgColor="003B73")
HEADER_FONT = Font(bold=True, color="FFFFFF")
PERCENT = "0%"


def _sheet_title(text: str) -> str:
    """Excel refuses []:*?/\\ in a sheet's title and more than 31 characters."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _add_sheet(workbook: Workbook, title: str, header: list[str], rows, widths=None):
    sheet = workbook.create_sheet(_sheet_title(title))
    sheet.append(header)
    for cell in sheet[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for i, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    return sheet


def _colour_statuses(sheet, column: int, statuses: list[Status]):
    """Fill the status cells (rows 2...) with the tint of their status."""
    for offset, status in enumerate(statuses, start=2):
        sheet.cell(row=offset, column=column).fill = PatternFill(
            "solid", fgColor=STATUS_FILLS[status]
        )


def _indicator_cells(row: IndicatorRow) -> list:
    ind = row.indicator
    latest = row.latest
    return [
        ind.code, ind.title, ind.unit, str(ind.get_frequency_display()),
        str(ind.get_direction_display()),
        latest.period if latest else None, latest.value if latest else None, row.target,
        ind.alert_threshold, ind.critical_threshold, str(Status(row.status).label),
    ]


def _indicator_header(year: int) -> list[str]:
    return [
        _("Code"), _("Indicator"), _("Unit"), _("Frequency"), _("Direction of improvement"),
        _("Period"), _("Latest value"), _("Target %(year)s") % {"year": year},
        _("Alert threshold"), _("Critical threshold"), _("Status"),
    ]


INDICATOR_WIDTHS = [14, 48, 8, 14, 20, 10, 14, 12, 14, 14, 16]


def _series_sheet(workbook: Workbook, rows: list[IndicatorRow]):
    header = [_("Code"), _("Indicator"), _("Period"), _("Period start"), _("Value"),
              _("Target"), _("Status")]
    lines, statuses = [], []
    for row in rows:
        series = row.series()
        for point in row.trend:
            status = series.status_of(point)
            target = series.targets.get(point.start.year)
            lines.append([row.indicator.code, row.indicator.title, point.period, point.start,
                          point.value, target, str(Status(status).label)])
            statuses.append(status)
    sheet = _add_sheet(workbook, _("Series"), header, lines, [14, 48, 10, 12, 12, 12, 16])
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        for cell in cells:
            cell.number_format = "DD/MM/YYYY"
    _colour_statuses(sheet, 7, statuses)
    return sheet


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dashboard_workbook(dashboard: ServiceDashboard) -> bytes:
    """Indicators, objectives and series of a service's dashboard."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = dashboard.rows
    sheet = _add_sheet(workbook, _("Indicators"), _indicator_header(dashboard.year),
                       [_indicator_cells(row) for row in rows], INDICATOR_WIDTHS)
    _colour_statuses(sheet, 11, [row.status for row in rows])

    objectives = _add_sheet(
        workbook, _("Objectives"),
        [_("Code"), _("Objective"), _("Kind"), _("Owner"), _("Indicators"),
         _("Indicators with data"), _("On target"), _("Attainment"), _("Status")],
        [[n.objective.code, n.objective.title, str(n.objective.get_kind_display()),
          str(n.objective.owner or ""), len(n.rows), n.judged, n.on_target, n.attainment,
          str(Status(n.status).label)] for n in dashboard.objectives],
        [14, 48, 20, 22, 12, 14, 12, 12, 16],
    )
    for cells in objectives.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in cells:
            cell.number_format = PERCENT
    _colour_statuses(objectives, 9, [n.status for n in dashboard.objectives])
    _series_sheet(workbook, rows)
    workbook.properties.title = _("Dashboard — %(service)s") % {
        "service": dashboard.service.name}
    return _save(workbook)


def strategy_map_workbook(strategy: StrategyMap) -> bytes:
    """The map's nodes with their attainment, its indicators, and their series."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    nodes, statuses = [], []
    for axis in strategy.axes:
        nodes.append([_("Strategic axis"), axis.axis.code, axis.axis.title, "",
                      len(axis.rows), axis.judged, axis.on_target, axis.attainment,
                      str(Status(axis.status).label)])
        statuses.append(axis.status)
        for node in axis.objectives:
            nodes.append([_("Strategic objective"), node.objective.code, node.objective.title,
                          node.objective.service.name, len(node.rows), node.judged,
                          node.on_target, node.attainment, str(Status(node.status).label)])
            statuses.append(node.status)
    sheet = _add_sheet(
        workbook, _("Strategy map"),
        [_("Level"), _("Code"), _("Title"), _("Service"), _("Indicators"),
         _("Indicators with data"), _("On target"), _("Attainment"), _("Status")],
        nodes, [20, 12, 52, 26, 12, 14, 12, 12, 16],
    )
    for cells in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        for cell in cells:
            cell.number_format = PERCENT
    _colour_statuses(sheet, 9, statuses)
    for offset, line in enumerate(nodes, start=2):
        if line[0] == _("Strategic axis"):
            for cell in sheet[offset]:
                cell.font = Font(bold=True)

    lines, row_statuses = [], []
    for axis in strategy.axes:
        for node in axis.objectives:
            for row in node.rows:
                lines.append([axis.axis.code, node.objective.code, row.indicator.service.name,
                              *_indicator_cells(row)])
                row_statuses.append(row.status)
    indicators = _add_sheet(
        workbook, _("Indicators"),
        [_("Axis"), _("Objective"), _("Service"), *_indicator_header(strategy.year)],
        lines, [10, 14, 26, *INDICATOR_WIDTHS],
    )
    _colour_statuses(indicators, 14, row_statuses)
    _series_sheet(workbook, sorted(strategy.rows, key=lambda row: row.indicator.code))
    workbook.properties.title = _("Strategy map — %(programme)s") % {
        "programme": strategy.programme.name}
    return _save(workbook)
