"""Intranet pages of the process register: the process map and the register
(/processus/), its one-page PDF, the page of a process, and the context of the
municipality (issues and interested parties) with their periodic review.

Every signed-in member of staff reads them (the intranet's login middleware sees to the
sign-in); only the quality engineer records a review of the context. The risk pages are
in risk_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, register_converter, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qms.permissions import is_quality_engineer

from . import selectors
from .forms import ContextFilterForm, ContextReviewForm, RegisterFilterForm
from .map import layout_map, map_svg
from .models import ContextIssue, InterestedParty, Process
from .services import process as services
from .services import risks


class ProcessCodeConverter:
    """A process's code: letters, digits, dashes, underscores and dots, with at least one
    capital or digit (so that the register's own words — contexte, carte.pdf, risques —
    are never read as codes)."""

    regex = r"(?=[^/]*[A-Z0-9])[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ProcessCodeConverter, "process_code")


# --- the map ---------------------------------------------------------------------------------
def process_url(process) -> str:
    return reverse("processes:process", args=[process.code])


def map_description(data: selectors.MapData) -> str:
    counts = {family: 0 for family in Process.Family.values}
    for process in data.processes:
        counts[process.family] = counts.get(process.family, 0) + 1
    return _(
        "%(processes)s processes: %(management)s management processes on top, "
        "%(realisation)s realisation processes in the middle between the needs and the "
        "satisfaction of users and interested parties, %(support)s support processes "
        "below; %(interactions)s arrows for their interactions, listed in the table of "
        "interactions."
    ) % {
        "processes": len(data.processes), "management": counts[Process.Family.MANAGEMENT],
        "realisation": counts[Process.Family.REALISATION],
        "support": counts[Process.Family.SUPPORT], "interactions": len(data.interactions),
    }


def render_map(data: selectors.MapData, href=process_url) -> str:
    layout = layout_map(data.processes, data.interactions, href=href)
    return map_svg(layout, label=_("Process map"), description=map_description(data))


def index(request):
    """The process map, then the register by family, filterable by family and service."""
    form = RegisterFilterForm(request.GET or None)
    family, service = "", None
    if form.is_valid():
        family, service = form.cleaned_data["family"], form.cleaned_data["service"]
    data = selectors.map_data()
    rows = list(selectors.register(family=family, service=service))
    return TemplateResponse(request, "processes/index.html", {
        "map_svg": render_map(data),
        "interactions": data.interactions,
        "groups": selectors.register_by_family(rows),
        "count": len(rows),
        "form": form,
        "filtered": bool(family or service),
    })


def map_pdf(request):
    from .pdf import render_map_pdf

    data = selectors.map_data()
    content = render_map_pdf(
        data, href=lambda process: request.build_absolute_uri(process_url(process))
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = _("process-map")
    response["Content-Disposition"] = (
        f'inline; filename="{name}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response


# --- a process -------------------------------------------------------------------------------
def process_detail(request, code):
    process = selectors.process_for_page(code)
    if process is None:
        raise Http404(_("No process with this code."))
    from indicators.permissions import can_view_service_dashboard

    page = selectors.process_page(process, request.user)
    risk_sheet = page.risks.sheet
    user = request.user
    return TemplateResponse(request, "processes/process_detail.html", {
        "process": process,
        "page": page,
        "sheet": page.sheet,
        "indicators": [(indicator, can_view_service_dashboard(user, indicator.service))
                       for indicator in page.indicators],
        "risk_sheet_url": reverse("processes:risk_sheet", kwargs={"pk": risk_sheet.pk})
        if risk_sheet and risks.can_view_risk_sheet(user, risk_sheet) else "",
        "risk_matrix_url": f"{reverse('processes:risk_matrix')}?process={process.pk}",
        "risk_register_url": f"{reverse('processes:risk_register')}?process={process.pk}",
        "actions": [(action, reverse("actions:detail", kwargs={"pk": action.pk}))
                    for action in page.actions],
        "edit_url": reverse("wagtailsnippets_processes_process:edit", args=[process.pk])
        if services.can_edit_process(user, process) else "",
        "is_archived": process.status == Process.Status.ARCHIVED,
    })


# --- the context -----------------------------------------------------------------------------
CONTEXT_MODELS = {"enjeu": ContextIssue, "partie": InterestedParty}


def context(request):
    """Issues and interested parties, with the processes concerned and their review."""
    form = ContextFilterForm(request.GET or None)
    filters = {"kind": "", "category": "", "party_category": "", "process": None,
               "overdue": False}
    if form.is_valid():
        filters.update(form.cleaned_data)
    issues = list(selectors.context_issues(
        kind=filters["kind"], category=filters["category"], process=filters["process"],
        overdue=filters["overdue"],
    ))
    parties = list(selectors.interested_parties(
        category=filters["party_category"], process=filters["process"],
        overdue=filters["overdue"],
    ))
    may_review = is_quality_engineer(request.user)
    return TemplateResponse(request, "processes/context.html", {
        "form": form,
        "issues": issues,
        "parties": parties,
        "may_review": may_review,
        "overdue_count": sum(1 for row in [*issues, *parties] if row.is_review_overdue),
        "today": timezone.localdate(),
    })


@require_POST
def context_review(request, kind, pk):
    """Record the review of an issue or an interested party (the quality engineer)."""
    model = CONTEXT_MODELS.get(kind)
    if model is None:
        raise Http404
    if not is_quality_engineer(request.user):
        raise PermissionDenied
    item = get_object_or_404(model, pk=pk)
    form = ContextReviewForm(request.POST)
    anchor = f"#{'issue' if model is ContextIssue else 'party'}-{item.pk}"
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = (back or reverse("processes:context")) + anchor
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("The review of « %(item)s » was not recorded: %(errors)s")
                       % {"item": item, "errors": " ".join(errors)})
        return redirect(back)
    data = form.cleaned_data
    services.context_review_record(
        item=item, user=request.user, reviewed_on=data["reviewed_on"],
        next_review_date=data["next_review_date"], comment=data["comment"],
    )
    messages.success(request, _("Review of « %(item)s » recorded; next review on %(date)s.") % {
        "item": item, "date": item.next_review_date.strftime("%d/%m/%Y"),
    })
    return redirect(back)


urlpatterns = [
    path("", index, name="index"),
    path("carte.pdf", map_pdf, name="map_pdf"),
    path("contexte/", context, name="context"),
    path("contexte/revue/<str:kind>/<int:pk>/", context_review, name="context_review"),
    path("<process_code:code>/", process_detail, name="process"),
]
