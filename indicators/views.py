"""Intranet views of the indicators: the dashboards a user may open, a service's
dashboard, the strategy map, an indicator's page, and their PDF and XLSX exports.

Who sees what (indicators.permissions): a service's dashboard, and the pages of its
indicators, by its members (a direction's members see its services) and by the
oversight roles (direction, quality engineer, auditors). The strategy map is the
municipality's shared picture: every signed-in member of staff reads it, and it links
down only to the indicators the reader may open.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from qms.models import Service
from qms.permissions import services_of

from . import charts, permissions, selectors
from .models import Indicator, Programme
from .status import Status

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- parameters -------------------------------------------------------------------------
def _year(request) -> int:
    raw = request.GET.get("annee", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return selectors.default_year()


def _process(request):
    raw = request.GET.get("processus", "")
    if raw.isdigit():
        return selectors.Process.objects.filter(pk=int(raw)).first()
    return None


def _service(request, service_id) -> Service:
    service = get_object_or_404(Service.objects.select_related("parent"), pk=service_id)
    if not permissions.can_view_service_dashboard(request.user, service):
        raise PermissionDenied
    return service


def _programme(request, year, programmes) -> Programme | None:
    """The programme asked for (?programme=<id>), else the active one covering the year."""
    raw = request.GET.get("programme", "")
    if raw.isdigit():
        chosen = next((p for p in programmes if p.pk == int(raw)), None)
        return chosen or get_object_or_404(Programme, pk=int(raw))
    return selectors.pick_programme(programmes, year)


# --- chart helpers ----------------------------------------------------------------------
def _with_sparklines(rows):
    """Attach to each row its sparkline (inline SVG) and the sparkline's text."""
    for row in rows:
        values = [p.value for p in row.trend]
        periods = [p.period for p in row.trend]
        row.trend_text = charts.describe_trend(values, periods, row.indicator.unit)
        row.trend_table = [(p.period, charts.format_value(p.value, row.indicator.unit))
                           for p in row.trend]
        row.sparkline_svg = charts.sparkline_svg(
            tuple(values), row.status, row.target, row.trend_text
        ) if values else ""
    return rows


def _status_legend():
    return [(status.value, status.label) for status in Status]


# --- pages ---------------------------------------------------------------------------------
def index(request):
    """The dashboards the user may open, each with its indicators' statuses, and the way
    to the strategy map."""
    year = _year(request)
    if permissions.can_view_all_dashboards(request.user):
        services = Service.objects.active().filter(indicators__is_active=True).distinct()
    else:
        services = services_of(request.user).filter(is_active=True)
    return TemplateResponse(request, "indicators/index.html", {
        "year": year,
        "summaries": selectors.dashboard_summaries(services, year),
        "sees_all": permissions.can_view_all_dashboards(request.user),
        "status_legend": _status_legend(),
    })


def service_dashboard(request, service_id):
    service = _service(request, service_id)
    dashboard = selectors.service_dashboard(service, _year(request), _process(request))
    _with_sparklines(dashboard.rows)
    return TemplateResponse(request, "indicators/service_dashboard.html", {
        "dashboard": dashboard,
        "service": service,
        "year": dashboard.year,
        "export_query": request.GET.urlencode(),
        "status_legend": _status_legend(),
    })


def strategy_map(request):
    year = _year(request)
    programmes = selectors.active_programmes()
    programme = _programme(request, year, programmes)
    context = {
        "year": year, "programme": programme, "status_legend": _status_legend(),
        "programmes": programmes,
        "export_query": request.GET.urlencode(),
        "green_from": round(100 * selectors.ATTAINMENT_ON_TARGET),
        "orange_from": round(100 * selectors.ATTAINMENT_ALERT),
    }
    if programme is not None:
        strategy = selectors.strategy_map(programme, year)
        _mark_openable(request.user, strategy.rows)
        context.update({
            "map": strategy,
            "years": sorted({*range(programme.start_year, programme.end_year + 1), year},
                            reverse=True),
        })
    return TemplateResponse(request, "indicators/strategy_map.html", context)


def _mark_openable(user, rows):
    """Which indicators the reader may open: the map links only to those."""
    for row in rows:
        row.openable = permissions.can_view_service_dashboard(user, row.indicator.service)


def indicator_detail(request, code):
    indicator = get_object_or_404(
        Indicator.objects.select_related("service", "owner", "feed_application"), code=code
    )
    if not permissions.can_view_service_dashboard(request.user, indicator.service):
        raise PermissionDenied
    sheet = selectors.indicator_sheet(indicator)
    series = sheet.series()
    label = charts.describe_series(series)
    chart = charts.to_svg(charts.series_chart(series, width=760, height=300),
                          label=label, css_class="chart series-chart")
    unit = indicator.unit
    return TemplateResponse(request, "indicators/indicator_detail.html", {
        "indicator": indicator,
        "sheet": sheet,
        "chart_svg": chart,
        "chart_label": label,
        "latest": sheet.lines[-1] if sheet.lines else None,
        "lines_newest_first": sheet.lines[::-1],
        "targets": [{"year": t.year, "display": charts.format_value(t.value, unit)}
                    for t in sheet.targets],
        "sheet_thresholds": {
            name: charts.format_value(getattr(indicator, field), unit)
            for name, field in (("alert", "alert_threshold"),
                                ("critical", "critical_threshold"), ("baseline", "baseline"))
        },
    })


# --- exports ---------------------------------------------------------------------------------
def _attachment(content: bytes, content_type: str, filename: str, *, inline=False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _filename(*parts) -> str:
    return "-".join(slugify(str(p)) for p in parts if p)


def service_dashboard_pdf(request, service_id):
    from .pdf import render_dashboard_pdf

    service = _service(request, service_id)
    dashboard = selectors.service_dashboard(service, _year(request), _process(request))
    name = _filename(_("dashboard"), service.code, dashboard.year,
                     dashboard.process and dashboard.process.code)
    return _attachment(render_dashboard_pdf(dashboard), "application/pdf", f"{name}.pdf",
                       inline=True)


def service_dashboard_xlsx(request, service_id):
    from .exports import dashboard_workbook

    service = _service(request, service_id)
    dashboard = selectors.service_dashboard(service, _year(request), _process(request))
    name = _filename(_("dashboard"), service.code, dashboard.year,
                     dashboard.process and dashboard.process.code)
    return _attachment(dashboard_workbook(dashboard), XLSX, f"{name}.xlsx")


def _strategy(request):
    year = _year(request)
    programme = _programme(request, year, selectors.active_programmes())
    if programme is None:
        raise Http404(_("No municipal programme yet."))
    return selectors.strategy_map(programme, year)


def strategy_map_pdf(request):
    from .pdf import render_strategy_map_pdf

    strategy = _strategy(request)
    name = _filename(_("strategy-map"), strategy.year)
    return _attachment(render_strategy_map_pdf(strategy), "application/pdf", f"{name}.pdf",
                       inline=True)


def strategy_map_xlsx(request):
    from .exports import strategy_map_workbook

    strategy = _strategy(request)
    name = _filename(_("strategy-map"), strategy.year)
    return _attachment(strategy_map_workbook(strategy), XLSX, f"{name}.xlsx")
