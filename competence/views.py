"""Intranet pages of competence and awareness, under /competences/: the overview of the
user's scope, the competence matrix of a service, the training register (filterable,
exported to XLSX), an agent's record, and the forms to record a training and evaluate its
effectiveness (pilots for the agents of their services, the quality engineer for all).

Who reads what: competence.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.models import Service, User

from . import permissions, selectors, services
from .charts import hours_svg
from .forms import EvaluationForm, RegisterFilterForm, TrainingForm
from .models import Level, Training

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agent_message() -> str:
    return _("You may only manage the trainings and competences of the agents of your "
             "services.")


def _forbidden(request, message: str):
    """A refusal that says why (403), in the intranet's layout."""
    return TemplateResponse(request, "competence/forbidden.html", {"message": message},
                            status=403)


def overview(request):
    today = timezone.localdate()
    data = selectors.overview(request.user, today)
    return TemplateResponse(request, "competence/overview.html", {
        "overview": data,
        "chart": hours_svg(data.hours_per_service),
        "year": today.year,
        "all_services": permissions.can_view_all(request.user),
        "may_record": permissions.can_record_trainings(request.user),
    })


def service_matrix(request, code):
    service = get_object_or_404(Service, code=code)
    if not permissions.can_view_service(request.user, service):
        raise Http404
    return TemplateResponse(request, "competence/matrix.html", {
        "matrix": selectors.matrix(service, timezone.localdate()),
        "levels": Level.choices,
        "symbols": selectors.SYMBOLS,
        "may_record": permissions.can_record_trainings(request.user),
    })


def _filters(request):
    form = RegisterFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


def training_register(request):
    form, filters = _filters(request)
    paginator = Paginator(selectors.register(request.user, filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(request, "competence/register.html", {
        "form": form, "page_obj": page_obj, "trainings": page_obj.object_list,
        "count": paginator.count, "query": query.urlencode(),
        "export_url": reverse("competence:export") + (f"?{query.urlencode()}" if query else ""),
        "may_record": permissions.can_record_trainings(request.user),
    })


def register_export(request):
    from .exports import register_workbook

    _form, filters = _filters(request)
    content = register_workbook(selectors.register(request.user, filters))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("training-register")}-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    return response


def agent_detail(request, pk):
    agent = get_object_or_404(User.objects.select_related("service"), pk=pk)
    if not permissions.can_view_agent(request.user, agent):
        raise Http404
    return TemplateResponse(request, "competence/agent.html", {
        "agent": agent, "record": selectors.agent_record(agent, timezone.localdate()),
        "may_manage": permissions.can_manage_agent(request.user, agent),
        "today": timezone.localdate(),
    })


def _training_form(request, training: Training | None):
    user = request.user
    if not permissions.can_record_trainings(user) or (
            training is not None and not permissions.can_manage_agent(user, training.agent)):
        return _forbidden(request, _agent_message())
    initial = {}
    if training is None and request.GET.get("agent"):
        initial["agent"] = request.GET["agent"]
    form = TrainingForm(request.POST or None, request.FILES or None, user=user,
                        instance=training, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        competences = form.cleaned_data.get("competences") or []
        try:
            if training is None:
                training = services.training_create(user=user, check_permission=True,
                                                     competences=competences, **values)
            else:
                training = services.training_update(
                    training=training, user=user, check_permission=True,
                    competences=competences, reason=_("Changed on the intranet"), **values)
        except PermissionDenied as error:
            return _forbidden(request, str(error) or _agent_message())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("competence:agent", pk=training.agent_id)
    return TemplateResponse(request, "competence/training_form.html", {
        "form": form, "training": training,
    }, status=400 if form.errors else 200)


def training_create(request):
    return _training_form(request, None)


def training_edit(request, pk):
    training = get_object_or_404(Training.objects.select_related("agent"), pk=pk)
    if not permissions.can_view_agent(request.user, training.agent):
        raise Http404
    return _training_form(request, training)


def training_evaluate(request, pk):
    training = get_object_or_404(Training.objects.select_related("agent", "agent__service"),
                                 pk=pk)
    if not permissions.can_view_agent(request.user, training.agent):
        raise Http404
    if not permissions.can_manage_agent(request.user, training.agent):
        return _forbidden(request, _agent_message())
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.training_evaluate(
                training=training, result=data["result"], comment=data["comment"],
                evaluated_on=data["evaluated_on"], user=request.user, check_permission=True)
        except ValidationError as error:
            training.refresh_from_db()
            form.add_service_error(error)
        else:
            messages.success(request, _("The evaluation of the training is recorded."))
            return redirect("competence:agent", pk=training.agent_id)
    return TemplateResponse(request, "competence/evaluation_form.html", {
        "form": form, "training": training,
    }, status=400 if form.errors else 200)


def training_certificate(request, pk):
    """A training's certificate, for those who may see the training (uploads are not a
    public folder)."""
    training = get_object_or_404(permissions.visible_trainings(request.user), pk=pk)
    if not training.certificate:
        raise Http404
    return FileResponse(training.certificate.open("rb"), as_attachment=True,
                        filename=training.certificate.name.rsplit("/", 1)[-1])


urlpatterns = [
    path("", overview, name="overview"),
    path("services/<slug:code>/", service_matrix, name="matrix"),
    path("formations/", training_register, name="register"),
    path("formations/export.xlsx", register_export, name="export"),
    path("formations/nouvelle/", training_create, name="training_create"),
    path("formations/<int:pk>/modifier/", training_edit, name="training_edit"),
    path("formations/<int:pk>/evaluer/", training_evaluate, name="training_evaluate"),
    path("formations/<int:pk>/attestation/", training_certificate, name="certificate"),
    path("agents/<int:pk>/", agent_detail, name="agent"),
]
