"""Intranet pages of the risk & impact sheets (ISO 9001 §6.1), under /processus/risques/:
the register of the risks and opportunities (filterable, paginated, exported to XLSX),
the 4×4 matrix (heat map) of the municipality, a service or a process, before or after
treatment, and the page of a sheet (its risks with their treatment actions and its own
matrices, printable as a landscape PDF). From a sheet, whoever keeps it records a risk's
periodic review and plans a treatment action in the action plan.

Who reads what (processes.services.risks): the quality engineer, the direction, the
auditors and the pilots read every sheet, the whole register and matrix; an agent reads
the sheets of their services, and the register and matrix narrowed to them. Writing is
for the sheet's keepers: its service's pilots and the quality engineer."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qms.models import Service, User

from . import risk_selectors as selectors
from .models import Criticality, Process, Risk, RiskSheet
from .risk_selectors import Basis, RegisterFilters, TreatmentStatus
from .services import risks as services

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCALE_CHOICES = [("", "—"), *((str(n), str(n)) for n in selectors.SCALE)]


# --- who reads -------------------------------------------------------------------------------
def reader_service(user) -> Service | None:
    """None for those who read every risk; the agent's own service otherwise (refused
    without one)."""
    if services.can_view_all_risks(user):
        return None
    service = services.risk_reader_service(user)
    if service is None:
        raise PermissionDenied(_("The risk register is kept for the members of a service."))
    return service


# --- forms -------------------------------------------------------------------------------------
class _ScopedChoices:
    """The process and service lists, narrowed to an agent's services."""

    def __init__(self, *args, restrict_to: Service | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        processes = Process.objects.order_by("code").only("pk", "code", "name")
        services_ = Service.objects.active().order_by("name").only("pk", "name")
        if restrict_to is not None:
            ids = selectors.service_scope_ids(restrict_to)
            processes = processes.filter(service__in=ids)
            services_ = services_.filter(pk__in=ids)
        self.fields["process"].queryset = processes
        self.fields["service"].queryset = services_


class RiskFilterForm(_ScopedChoices, forms.Form):
    """The register's filters. The matrix's cells open the register with ?likelihood=
    &severity= (and basis=residual for the matrix after treatment)."""

    family = forms.ChoiceField(label=gettext_lazy("Process family"), required=False,
                               choices=[("", "—"), *Process.Family.choices])
    process = forms.ModelChoiceField(label=gettext_lazy("Process"), required=False,
                                     queryset=Process.objects.none(), empty_label="—")
    service = forms.ModelChoiceField(label=gettext_lazy("Service"), required=False,
                                     queryset=Service.objects.none(), empty_label="—")
    level = forms.ChoiceField(label=gettext_lazy("Criticality"), required=False,
                              choices=[("", "—"), *Criticality.choices])
    kind = forms.ChoiceField(label=gettext_lazy("Risk or opportunity"), required=False,
                             choices=[("", "—"), *Risk.Kind.choices])
    treatment = forms.ChoiceField(label=gettext_lazy("Treatment decision"), required=False,
                                  choices=[("", "—"), *Risk.Treatment.choices])
    status = forms.ChoiceField(label=gettext_lazy("Treatment status"), required=False,
                               choices=[("", "—"), *TreatmentStatus.choices])
    likelihood = forms.TypedChoiceField(label=gettext_lazy("Likelihood"), required=False,
                                        choices=SCALE_CHOICES, coerce=int, empty_value=None)
    severity = forms.TypedChoiceField(label=gettext_lazy("Severity"), required=False,
                                      choices=SCALE_CHOICES, coerce=int, empty_value=None)
    basis = forms.ChoiceField(label=gettext_lazy("Ratings"), required=False,
                              choices=Basis.choices)
    overdue = forms.BooleanField(label=gettext_lazy("Review overdue"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False, choices=[
        ("reference", gettext_lazy("Reference")),
        ("criticality", gettext_lazy("Criticality, highest first")),
        ("review", gettext_lazy("Next review")),
    ])

    def filters(self) -> RegisterFilters:
        """The filters of the valid fields (an invalid one is shown and left aside)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return RegisterFilters(
            family=data.get("family") or "", process=data.get("process"),
            service=data.get("service"), level=data.get("level") or "",
            kind=data.get("kind") or "", treatment=data.get("treatment") or "",
            status=data.get("status") or "", overdue=bool(data.get("overdue")),
            likelihood=data.get("likelihood"), severity=data.get("severity"),
            basis=data.get("basis") or Basis.INITIAL, sort=data.get("sort") or "reference",
        )


class ScopeForm(_ScopedChoices, forms.Form):
    """The matrix's scope: a service or a process (or both), before or after treatment."""

    service = forms.ModelChoiceField(label=gettext_lazy("Service"), required=False,
                                     queryset=Service.objects.none(), empty_label="—")
    process = forms.ModelChoiceField(label=gettext_lazy("Process"), required=False,
                                     queryset=Process.objects.none(), empty_label="—")
    basis = forms.ChoiceField(label=gettext_lazy("Ratings"), required=False,
                              choices=Basis.choices)


class TreatmentActionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Action"), max_length=255)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=User.objects.none())
    start_date = forms.DateField(label=gettext_lazy("Start date"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    due_date = forms.DateField(label=gettext_lazy("Due date"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    expected_result = forms.CharField(label=gettext_lazy("Expected result"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            User.objects.filter(is_active=True).select_related("service")
            .order_by("last_name", "first_name", "username")
        )
        self.fields["owner"].label_from_instance = (
            lambda u: f"{u} ({u.service.name})" if u.service_id else str(u)
        )

    def clean(self):
        cleaned = super().clean()
        start, due = cleaned.get("start_date"), cleaned.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return cleaned


class RiskReviewForm(forms.Form):
    next_review_date = forms.DateField(
        label=gettext_lazy("Next review"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("A year from today if left empty."),
    )
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=100)

    def clean_next_review_date(self):
        value = self.cleaned_data["next_review_date"]
        if value and value <= timezone.localdate():
            raise ValidationError(_("The next review must come after the last one."))
        return value


# --- helpers -------------------------------------------------------------------------------------
def register_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", False)})
    return reverse("processes:risk_register") + (f"?{query}" if query else "")


def _scope_params(*, service=None, process=None) -> dict:
    return {"service": service.pk if service else "", "process": process.pk if process else ""}


def matrix_table(matrix: selectors.Matrix, *, service=None, process=None) -> dict:
    """What the matrix template draws: rows from likelihood 4 to 1, each cell with its
    count, level, description and the link to the register of its risks; the totals by
    level, each linking to the register too."""
    likelihoods, severities = selectors.scale_labels()
    residual = matrix.basis == Basis.RESIDUAL
    common = {**_scope_params(service=service, process=process), "kind": Risk.Kind.RISK,
              "basis": Basis.RESIDUAL if residual else ""}
    rows = []
    for row in matrix.rows:
        cells = []
        for cell in row:
            cells.append({
                "count": cell.count, "level": cell.level.value, "level_label": cell.level.label,
                "score": cell.score,
                "url": register_url(likelihood=cell.likelihood, severity=cell.severity,
                                    **common) if cell.count else "",
                "description": _(
                    "%(count)s risks, likelihood %(likelihood)s × severity %(severity)s "
                    "= %(score)s, %(level)s"
                ) % {"count": cell.count, "likelihood": cell.likelihood,
                     "severity": cell.severity, "score": cell.score,
                     "level": cell.level.label},
            })
        rows.append({"likelihood": row[0].likelihood,
                     "label": likelihoods[row[0].likelihood], "cells": cells})
    totals = [{"level": level.value, "label": level.label, "count": count,
               "url": register_url(level=level.value, **common) if count else ""}
              for level, count in matrix.by_level()]
    return {
        "basis": matrix.basis, "residual": residual, "rows": rows,
        "severities": [(n, severities[n]) for n in selectors.SCALE],
        "totals": totals, "total": matrix.total, "unscored": matrix.unscored,
        "caption": _("Risks after treatment (residual ratings)") if residual
        else _("Risks before treatment (initial ratings)"),
    }


def _level_legend():
    return [(level.value, level.label, "{}–{}".format(*Criticality.bounds(level.value)))
            for level in Criticality]


# --- the register ------------------------------------------------------------------------------
def risk_register(request):
    restrict = reader_service(request.user)
    form = RiskFilterForm(request.GET or None, restrict_to=restrict)
    filters = form.filters()
    if restrict is not None and filters.service is None:
        filters.service = restrict
    paginator = Paginator(selectors.register(filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "processes/risk_register.html", {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "risks": page_obj.object_list,
        "count": paginator.count,
        "residual": filters.basis == Basis.RESIDUAL,
        "status_labels": TreatmentStatus.labels,
        "export_url": reverse("processes:risk_register_export")
        + (f"?{query.urlencode()}" if query else ""),
        "matrix_url": reverse("processes:risk_matrix"),
        "restricted_to": restrict,
        "level_legend": _level_legend(),
        "today": timezone.localdate(),
    })


def risk_register_export(request):
    from .risk_exports import register_workbook

    restrict = reader_service(request.user)
    form = RiskFilterForm(request.GET or None, restrict_to=restrict)
    filters = form.filters()
    if restrict is not None and filters.service is None:
        filters.service = restrict
    content = register_workbook(selectors.register(filters), filters)
    response = HttpResponse(content, content_type=XLSX)
    name = _("risk-register")
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response


# --- the matrix -------------------------------------------------------------------------------
def risk_matrix(request):
    restrict = reader_service(request.user)
    form = ScopeForm(request.GET or None, restrict_to=restrict)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    service, process = data.get("service"), data.get("process")
    basis = data.get("basis") or Basis.INITIAL
    scope_service = service or restrict
    matrix = selectors.matrix(process=process, service=scope_service, basis=basis)
    other = Basis.INITIAL if basis == Basis.RESIDUAL else Basis.RESIDUAL
    other_query = request.GET.copy()
    other_query["basis"] = other
    if process is not None:
        scope_label = str(process)
    elif service is not None:
        scope_label = service.name
    elif restrict is not None:
        scope_label = restrict.name
    else:
        scope_label = _("The whole municipality")
    return TemplateResponse(request, "processes/risk_matrix.html", {
        "form": form,
        "table": matrix_table(matrix, service=service, process=process),
        "scope_label": scope_label,
        "other_basis_url": f"?{other_query.urlencode()}",
        "other_basis_label": _("After treatment") if other == Basis.RESIDUAL
        else _("Before treatment"),
        "register_url": register_url(**_scope_params(service=service, process=process)),
        "level_legend": _level_legend(),
        "restricted_to": restrict,
    })


# --- a sheet -----------------------------------------------------------------------------------
def _sheet_for(request, pk) -> RiskSheet:
    sheet = get_object_or_404(
        RiskSheet.objects.select_related("process__pilot", "service", "reviewer"), pk=pk
    )
    if not services.can_view_risk_sheet(request.user, sheet):
        raise PermissionDenied
    return sheet


def _sheet_scope(sheet: RiskSheet) -> dict:
    return {"process": sheet.process} if sheet.process_id else {"service": sheet.service}


def risk_sheet(request, pk):
    sheet = _sheet_for(request, pk)
    data = selectors.sheet_data(sheet)
    may_edit = services.can_edit_risk_sheet(request.user, sheet)
    rows = []
    for row in data.risks:
        risk = row.risk
        rows.append({
            "row": row, "risk": risk,
            "actions": [(action, reverse("actions:detail", kwargs={"pk": action.pk}))
                        for action in row.actions],
            "edit_url": reverse("wagtailsnippets_processes_risk:edit", args=[risk.pk])
            if may_edit else "",
            "action_url": reverse("processes:risk_action_create", args=[risk.pk])
            if may_edit and risk.treatment in Risk.ACTING_TREATMENTS else "",
            "review_url": reverse("processes:risk_review", args=[risk.pk]) if may_edit else "",
        })
    scope = _sheet_scope(sheet)
    return TemplateResponse(request, "processes/risk_sheet.html", {
        "sheet": sheet,
        "data": data,
        "rows": rows,
        "risk_rows": [r for r in rows if r["risk"].kind == Risk.Kind.RISK],
        "opportunity_rows": [r for r in rows if r["risk"].kind == Risk.Kind.OPPORTUNITY],
        "initial": matrix_table(data.initial, **scope),
        "residual": matrix_table(data.residual, **scope),
        "may_edit": may_edit,
        "sheet_edit_url": reverse("wagtailsnippets_processes_risksheet:edit", args=[sheet.pk])
        if may_edit else "",
        "risk_add_url": reverse("wagtailsnippets_processes_risk:add") if may_edit else "",
        "pdf_url": reverse("processes:risk_sheet_pdf", args=[sheet.pk]),
        "register_url": register_url(**_scope_params(**scope)),
        "process_url": reverse("processes:process", args=[sheet.process.code])
        if sheet.process_id else "",
        "review_form": RiskReviewForm(),
        "level_legend": _level_legend(),
    })


def risk_sheet_pdf(request, pk):
    from .risk_pdf import render_risk_sheet_pdf

    sheet = _sheet_for(request, pk)
    content = render_risk_sheet_pdf(selectors.sheet_data(sheet))
    response = HttpResponse(content, content_type="application/pdf")
    reference = sheet.process.code if sheet.process_id else sheet.service.code
    name = _("risk-sheet")
    response["Content-Disposition"] = (
        f'inline; filename="{name}-{reference}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return response


def _risk_for_edit(request, pk) -> Risk:
    risk = get_object_or_404(
        Risk.objects.select_related("sheet__process__pilot", "sheet__service"), pk=pk
    )
    if not services.can_edit_risk(request.user, risk):
        raise PermissionDenied(_("You may only change the risks of your services' risk "
                                 "sheets."))
    return risk


def _sheet_anchor(risk: Risk) -> str:
    return reverse("processes:risk_sheet", args=[risk.sheet_id]) + f"#risk-{risk.pk}"


def risk_action_create(request, pk):
    """Plan a treatment action of a risk in the action plan (the sheet's keepers)."""
    risk = _risk_for_edit(request, pk)
    if request.method == "POST":
        form = TreatmentActionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.risk_add_treatment_action(
                    risk=risk, user=request.user, title=data["title"], owner=data["owner"],
                    due_date=data["due_date"], check_permission=True,
                    description=data["description"], start_date=data["start_date"],
                    expected_result=data["expected_result"],
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _(
                    "Action %(reference)s planned for « %(risk)s »."
                ) % {"reference": action.reference, "risk": risk.title})
                return redirect(_sheet_anchor(risk))
    else:
        pilot = risk.sheet.process.pilot if risk.sheet.process_id else None
        form = TreatmentActionForm(initial={
            "owner": (pilot or request.user).pk,
            "title": _("Treat: %(risk)s") % {"risk": risk.title},
        })
    return TemplateResponse(request, "processes/risk_action_form.html", {
        "risk": risk, "form": form, "sheet_url": _sheet_anchor(risk),
        "acting": risk.treatment in Risk.ACTING_TREATMENTS,
    }, status=200 if request.method == "GET" or not form.errors else 400)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_POST
def risk_review(request, pk):
    """Record the periodic review of a risk (today; next review in a year unless told)."""
    risk = _risk_for_edit(request, pk)
    form = RiskReviewForm(request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("The review of « %(item)s » was not recorded: %(errors)s")
                       % {"item": risk.title, "errors": " ".join(errors)})
        return redirect(_sheet_anchor(risk))
    data = form.cleaned_data
    services.risk_review_record(
        risk=risk, user=request.user, next_review_date=data["next_review_date"],
        comment=data["comment"], check_permission=True,
    )
    messages.success(request, _("Review of « %(item)s » recorded; next review on %(date)s.") % {
        "item": risk.title, "date": risk.review_date.strftime("%d/%m/%Y"),
    })
    return redirect(_sheet_anchor(risk))


urlpatterns = [
    path("risques/", risk_register, name="risk_register"),
    path("risques/export.xlsx", risk_register_export, name="risk_register_export"),
    path("risques/matrice/", risk_matrix, name="risk_matrix"),
    path("risques/fiche/<int:pk>/", risk_sheet, name="risk_sheet"),
    path("risques/fiche/<int:pk>/pdf/", risk_sheet_pdf, name="risk_sheet_pdf"),
    path("risques/risque/<int:pk>/action/", risk_action_create, name="risk_action_create"),
    path("risques/risque/<int:pk>/revue/", risk_review, name="risk_review"),
]
