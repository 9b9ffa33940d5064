"""Intranet pages of the regulatory watch, under /conformite/: the dashboard per service,
the register of texts (filterable, paginated, exported to XLSX), a text's page (its
requirements with their last status, its evaluation history and its actions) and the
evaluation form of a text, for whoever manages it.

Who reads what: compliance.permissions (quality engineer, auditors, direction: every
text; pilots and agents: the texts of their services and those they own)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action

from . import permissions, selectors, services
from .forms import EvaluationForm, RegisterFilterForm, result_forms
from .models import Regulation, Requirement, Status

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dashboard(request):
    rows = selectors.dashboard(request.user)
    totals = selectors.ServiceRow(service=None)
    for row in rows:
        for key, value in row.counts.items():
            totals.counts[key] += value
        totals.late += row.late
    return TemplateResponse(request, "compliance/dashboard.html", {
        "rows": rows,
        "late_total": permissions.visible_regulations(
            request.user, Regulation.objects.late()).count(),
        "status_labels": {**dict(Status.choices), "not_evaluated": _("Not evaluated")},
        "all_texts": permissions.can_view_all(request.user),
    })


def _filters(request):
    form = RegisterFilterForm(request.GET or None)
    return form, form.filters()


def register(request):
    form, filters = _filters(request)
    paginator = Paginator(selectors.register(request.user, filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "compliance/register.html", {
        "form": form,
        "page_obj": page_obj,
        "regulations": page_obj.object_list,
        "count": paginator.count,
        "export_url": reverse("compliance:export") + (f"?{query.urlencode()}" if query else ""),
        "may_add": permissions.can_add_regulation(request.user),
        "all_texts": permissions.can_view_all(request.user),
        "today": timezone.localdate(),
    })


def register_export(request):
    from .exports import register_workbook

    _form, filters = _filters(request)
    content = register_workbook(selectors.register(request.user, filters))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("regulatory-register")}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response


def _regulation(request, pk) -> Regulation:
    regulation = get_object_or_404(
        Regulation.objects.select_related("topic", "owner").prefetch_related(
            "services", "processes"), pk=pk)
    if not permissions.can_view_regulation(request.user, regulation):
        raise Http404
    return regulation


def regulation_detail(request, pk):
    regulation = _regulation(request, pk)
    requirements = list(selectors.requirements_with_last_result(regulation))
    open_by_requirement = {}
    for action in Action.objects.filter(
        source_content_type__app_label="compliance", source_content_type__model="requirement",
        source_object_id__in=[r.pk for r in requirements],
    ).open().order_by("due_date"):
        open_by_requirement.setdefault(action.source_object_id, []).append(action)
    labels = dict(Status.choices)
    for requirement in requirements:
        requirement.open_actions = open_by_requirement.get(requirement.pk, [])
        requirement.last_status_label = labels.get(requirement.last_status, "")
    return TemplateResponse(request, "compliance/regulation.html", {
        "regulation": regulation,
        "requirements": requirements,
        "evaluations": selectors.evaluation_history(regulation),
        "may_evaluate": permissions.can_evaluate(request.user, regulation),
        "may_edit": permissions.can_edit_regulation(request.user, regulation),
        "today": timezone.localdate(),
    })


def evaluation_create(request, pk):
    regulation = _regulation(request, pk)
    if not permissions.can_evaluate(request.user, regulation):
        raise PermissionDenied(_("You may only evaluate the texts of your services."))
    requirements = list(regulation.requirements.filter(is_active=True).order_by("order", "pk"))
    data = request.POST if request.method == "POST" else None
    form = EvaluationForm(data, user=request.user)
    rows = result_forms(requirements, data)
    errors = []
    if data is not None:
        valid = form.is_valid() & all([row.is_valid() for row in rows])
        if valid:
            results = [
                {"requirement": row.requirement, "status": row.cleaned_data["status"],
                 "evidence": row.cleaned_data["evidence"]}
                for row in rows if row.cleaned_data["status"]
            ]
            try:
                services.evaluation_record(
                    regulation=regulation, assessor=form.cleaned_data["assessor"],
                    evaluated_on=form.cleaned_data["evaluated_on"], results=results,
                    comment=form.cleaned_data["comment"], user=request.user,
                    check_permission=True,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The evaluation is recorded."))
                return redirect(regulation.get_absolute_url())
    return TemplateResponse(request, "compliance/evaluation_form.html", {
        "regulation": regulation, "form": form, "rows": rows, "errors": errors,
    }, status=400 if errors else 200)


def requirement_redirect(request, pk):
    requirement = get_object_or_404(Requirement, pk=pk)
    return redirect(requirement.get_absolute_url())


urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("textes/", register, name="register"),
    path("textes/export.xlsx", register_export, name="export"),
    path("textes/<int:pk>/", regulation_detail, name="regulation"),
    path("textes/<int:pk>/evaluer/", evaluation_create, name="evaluate"),
    path("exigences/<int:pk>/", requirement_redirect, name="requirement"),
]
