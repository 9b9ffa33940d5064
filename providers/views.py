"""Intranet pages of the providers' register, under /prestataires/: the register
(filterable, exported to XLSX), the roll-up (average score per service and per kind,
providers under watch, overdue evaluations), a provider's page (its evaluations with a
drawn score chart and their actions) and the evaluation form.

Who reads what: providers.permissions (quality engineer, auditors, direction: every
provider; pilots: those of their services; agents: no access)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import Action
from actions.permissions import visible_actions

from . import permissions, selectors, services
from .charts import score_chart
from .forms import EvaluationForm, RegisterFilterForm, score_forms
from .models import Evaluation, EvaluationCriterion, Provider

PAGE_SIZE = 50


def field_errors(*forms) -> list[str]:
    """The forms' errors, each named by its field, for the summary above the form."""
    errors = []
    for form in forms:
        for name, messages_ in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in messages_:
                errors.append(_("%(field)s: %(message)s") % {"field": label, "message": message}
                              if label else message)
    return errors
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_access(request):
    if not permissions.can_access(request.user):
        raise PermissionDenied(_("The providers' register is kept by the pilots and the "
                                 "quality engineer."))


def _filters(request):
    form = RegisterFilterForm(request.GET or None)
    return form, form.filters()


def _decorate(providers, today):
    for provider in providers:
        provider.trend = selectors.trend(provider.last_score, provider.previous_score)
        provider.late = bool(provider.is_active and provider.next_evaluation_due
                             and provider.next_evaluation_due < today)
    return providers


@login_required
def register(request):
    _require_access(request)
    today = timezone.localdate()
    form, filters = _filters(request)
    queryset = selectors.register(request.user, filters, today=today)
    paginator = Paginator(queryset, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    overdue = permissions.visible_providers(
        request.user, Provider.objects.overdue(today)).count()
    return TemplateResponse(request, "providers/register.html", {
        "form": form, "page_obj": page_obj,
        "providers": _decorate(list(page_obj.object_list), today),
        "count": paginator.count, "overdue_count": overdue,
        "export_url": reverse("providers:export") + (f"?{query.urlencode()}" if query else ""),
        "may_add": permissions.can_add_provider(request.user),
        "all_providers": permissions.can_view_all(request.user),
    })


@login_required
def register_export(request):
    from .exports import register_workbook

    _require_access(request)
    _form, filters = _filters(request)
    content = register_workbook(_decorate(list(selectors.register(request.user, filters)),
                                          timezone.localdate()))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("providers")}-{timezone.localdate():%Y-%m-%d}.xlsx"')
    return response


@login_required
def rollup(request):
    _require_access(request)
    data = selectors.rollup(request.user)
    return TemplateResponse(request, "providers/rollup.html", {
        "rollup": data, "all_providers": permissions.can_view_all(request.user),
        "today": timezone.localdate(),
    })


def _provider(request, pk) -> Provider:
    _require_access(request)
    provider = get_object_or_404(Provider.objects.prefetch_related("services"), pk=pk)
    if not permissions.can_view_provider(request.user, provider):
        raise Http404
    return provider


@login_required
def provider_detail(request, pk):
    provider = _provider(request, pk)
    evaluations = list(selectors.evaluation_history(provider))
    content_type = ContentType.objects.get_for_model(Evaluation)
    actions = list(visible_actions(request.user, Action.objects.filter(
        source_content_type=content_type,
        source_object_id__in=[e.pk for e in evaluations],
    )).select_related("owner").order_by("due_date", "reference"))
    open_for = {a.source_object_id for a in actions if a.is_open}
    may_evaluate = permissions.can_evaluate(request.user, provider)
    for evaluation in evaluations:
        evaluation.may_propose = (may_evaluate and evaluation.pk not in open_for
                                  and evaluation.conclusion != Evaluation.Conclusion.APPROVED)
    return TemplateResponse(request, "providers/provider.html", {
        "provider": provider, "evaluations": evaluations, "actions": actions,
        "chart": score_chart(evaluations), "may_evaluate": may_evaluate,
        "may_edit": permissions.can_edit_provider(request.user, provider),
        "today": timezone.localdate(),
    })


@login_required
def evaluation_create(request, pk):
    provider = _provider(request, pk)
    if not permissions.can_evaluate(request.user, provider):
        raise PermissionDenied(_("You may only evaluate the providers of your services."))
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).order_by("order", "pk"))
    data = request.POST if request.method == "POST" else None
    form = EvaluationForm(data, user=request.user)
    rows = score_forms(criteria, data)
    errors: list[str] = []
    if data is not None:
        valid = form.is_valid() & all([row.is_valid() for row in rows])
        if valid:
            try:
                services.evaluation_record(
                    provider=provider, evaluator=form.cleaned_data["evaluator"],
                    evaluated_on=form.cleaned_data["evaluated_on"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    conclusion=form.cleaned_data["conclusion"],
                    comment=form.cleaned_data["comment"],
                    scores=[{"criterion": row.criterion, "score": row.cleaned_data["score"],
                             "comment": row.cleaned_data["comment"]} for row in rows],
                    user=request.user, check_permission=True,
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The evaluation is recorded."))
                return redirect(provider.get_absolute_url())
        else:
            errors = field_errors(form, *rows)
    return TemplateResponse(request, "providers/evaluation_form.html", {
        "provider": provider, "form": form, "rows": rows, "errors": errors,
    }, status=400 if errors else 200)


@login_required
@require_POST
def action_propose(request, pk):
    evaluation = get_object_or_404(Evaluation.objects.select_related("provider"), pk=pk)
    provider = _provider(request, evaluation.provider_id)
    if not permissions.can_evaluate(request.user, provider):
        raise PermissionDenied(_("You may only evaluate the providers of your services."))
    try:
        action = services.evaluation_action_propose(evaluation=evaluation, user=request.user,
                                                    check_permission=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(evaluation.get_absolute_url())
    messages.success(request, _("The action %(reference)s is open in the action plan: "
                                "complete it.") % {"reference": action.reference})
    return redirect(reverse("actions:detail", kwargs={"pk": action.pk}))


urlpatterns = [
    path("", register, name="register"),
    path("export.xlsx", register_export, name="export"),
    path("synthese/", rollup, name="rollup"),
    path("<int:pk>/", provider_detail, name="provider"),
    path("<int:pk>/evaluer/", evaluation_create, name="evaluate"),
    path("evaluations/<int:pk>/action/", action_propose, name="propose_action"),
]
