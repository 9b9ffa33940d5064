"""Intranet pages of the action plan, under /actions/.

* the plan (``plan``): every action the reader may see, filtered (source, kind, status,
  late, service, owner, due window, search), paginated, with its timeline and its XLSX
  export (``export``);
* my actions (``mine``): the actions I carry out, open first, and the open ones I asked
  others to carry out;
* a service's plan (``service_plan``): the same filters and timeline, with the service's
  counts by status and budget totals;
* an action (``detail``): every field, its source, its history, and for whoever may
  change it the forms that update, check, close, cancel and reopen it — each a POST
  through actions.services;
* a new action (``create``), attached to any record (``?source=<content type>:<id>``),
  reached from the ``{% actions_for_record %}`` tag of the record's page.

Who sees what is actions.permissions: the oversight roles read the whole plan, everyone
else the actions of their services and the ones they own; a page the reader may not open
answers 403, like the dashboards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _

from qms.models import Service
from qms.permissions import service_ids_of

from . import selectors, services
from .forms import (
    ActionCreateForm,
    ActionUpdateForm,
    CancelForm,
    CloseForm,
    EffectivenessForm,
    PlanFilterForm,
    ReopenForm,
    add_service_errors,
)
from .models import Action
from .permissions import (
    can_edit_action,
    can_view_action,
    can_view_all_actions,
    may_create_actions,
)
from .timeline import timeline_svg

PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: The apps whose records may carry actions (a new action's ?source= is refused
#: elsewhere: no action "about" a user account or a session).
SOURCE_APPS = {"processes", "documents", "indicators", "audits", "compliance", "reviews",
               "innovation"}
#: The kind a new action gets from its source record's model (the user may change it).
KIND_BY_SOURCE = {
    "risk": Action.Kind.RISK_TREATMENT,
    "nonconformity": Action.Kind.CORRECTIVE,
    "finding": Action.Kind.CORRECTIVE,
    "complaint": Action.Kind.CORRECTIVE,
    "regulation": Action.Kind.COMPLIANCE,
    "complianceevaluation": Action.Kind.COMPLIANCE,
    "proposal": Action.Kind.INNOVATION,
    "workinggroup": Action.Kind.INNOVATION,
}


def action_url(action: Action) -> str:
    return reverse("actions:detail", kwargs={"pk": action.pk})


# --- lists -------------------------------------------------------------------------------------
def _listing(request, visible, *, label: str, with_service: bool = True) -> dict:
    """Filter form, the filtered plan's page of rows and their timeline."""
    form = PlanFilterForm(request.GET or None, visible=visible, with_service=with_service)
    filters = form.filters()
    actions = selectors.open_first(selectors.filter_plan(visible, filters))
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "filters": filters,
        "actions": actions,
        "page_obj": page,
        "rows": rows,
        "timeline_svg": timeline_svg(rows, href=action_url, label=label),
        "export_query": query.urlencode(),
        "today": timezone.localdate(),
    }


def plan(request):
    visible = selectors.plan_base(request.user)
    context = _listing(request, visible, label=_("Timeline of the actions listed"))
    context["sees_all"] = can_view_all_actions(request.user)
    context["may_create"] = may_create_actions(request.user)
    return TemplateResponse(request, "actions/plan.html", context)


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.xlsx"')
    return response


def export(request):
    from .exports import plan_workbook

    visible = selectors.plan_base(request.user)
    form = PlanFilterForm(request.GET or None, visible=visible)
    actions = selectors.open_first(selectors.filter_plan(visible, form.filters()))
    content = plan_workbook(actions.iterator(chunk_size=2000), title=_("Action plan"))
    return _xlsx(content, slugify(_("action-plan")))


def _service(request, service_id) -> tuple[Service, list[int]]:
    """The service (and the services under it) whose plan the reader may open."""
    service = get_object_or_404(Service.objects.select_related("parent"), pk=service_id)
    if not (can_view_all_actions(request.user) or service.pk in service_ids_of(request.user)):
        raise PermissionDenied
    scope = list(Service.objects.filter(pk=service.pk).with_descendants()
                 .values_list("pk", flat=True))
    return service, scope


def service_plan(request, service_id):
    service, scope = _service(request, service_id)
    visible = selectors.plan_base(request.user).filter(service__in=scope)
    context = _listing(request, visible, with_service=len(scope) > 1,
                       label=_("Timeline of the actions of %(service)s") % {
                           "service": service.name})
    context.update({
        "service": service,
        "totals": selectors.plan_totals(context["actions"]),
        "may_create": may_create_actions(request.user),
    })
    return TemplateResponse(request, "actions/service_plan.html", context)


def service_export(request, service_id):
    from .exports import plan_workbook

    service, scope = _service(request, service_id)
    visible = selectors.plan_base(request.user).filter(service__in=scope)
    form = PlanFilterForm(request.GET or None, visible=visible, with_service=len(scope) > 1)
    actions = selectors.open_first(selectors.filter_plan(visible, form.filters()))
    content = plan_workbook(actions.iterator(chunk_size=2000),
                            title=_("Action plan — %(service)s") % {"service": service.name})
    return _xlsx(content, slugify(_("action-plan")) + f"-{service.code}")


def mine(request):
    user = request.user
    page = Paginator(selectors.owned_by(user), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    created = list(selectors.created_for_others(user)[:PER_PAGE + 1])
    return TemplateResponse(request, "actions/mine.html", {
        "page_obj": page,
        "rows": rows,
        "open_count": sum(1 for a in rows if a.is_open),
        "late_count": sum(1 for a in rows if a.is_late),
        "created": created[:PER_PAGE],
        "created_more": len(created) > PER_PAGE,
        "timeline_svg": timeline_svg([a for a in rows if a.is_open], href=action_url,
                                     label=_("Timeline of my open actions")),
        "today": timezone.localdate(),
    })


# --- an action ---------------------------------------------------------------------------------
FORMS = {
    "update": ActionUpdateForm,
    "effectiveness": EffectivenessForm,
    "close": CloseForm,
    "cancel": CancelForm,
    "reopen": ReopenForm,
}

def _done_message(step: str, action: Action) -> str:
    messages_ = {
        "update": _("Action %(reference)s updated."),
        "effectiveness": _("Effectiveness check of %(reference)s recorded."),
        "close": _("Action %(reference)s closed."),
        "cancel": _("Action %(reference)s cancelled."),
        "reopen": _("Action %(reference)s reopened."),
    }
    return messages_[step] % {"reference": action.reference}


def _apply(step: str, request, action: Action):
    """Validate the step's form and write through the service. Returns the form (bound,
    with the service's refusal on it if any) and whether the write happened."""
    target = Action.objects.get(pk=action.pk)  # the service works on its own copy
    user = request.user
    if step == "update":
        form = ActionUpdateForm(request.POST, instance=Action.objects.get(pk=action.pk))
    else:
        form = FORMS[step](request.POST)
    if not form.is_valid():
        return form, False
    if step == "update" and not action.is_open:
        # A done or cancelled action comes back through "reopen", with its reason.
        form.add_error(None, _("A closed or cancelled action can no longer be changed; "
                               "reopen it first."))
        return form, False
    data = form.cleaned_data
    try:
        if step == "update":
            services.action_update(action=target, user=user, reason=data["reason"],
                                   **form.changes())
        elif step == "effectiveness":
            services.action_record_effectiveness(
                action=target, user=user, verdict=data["verdict"], evidence=data["evidence"],
                checked_at=data["checked_at"])
        elif step == "close":
            services.action_close(action=target, user=user)
        elif step == "cancel":
            services.action_cancel(action=target, user=user, reason=data["reason"])
        elif step == "reopen":
            services.action_reopen(action=target, user=user, reason=data["reason"])
    except ValidationError as error:
        add_service_errors(form, error)
        return form, False
    return form, True


def _source_url(action: Action, request) -> str:
    """The page of the action's source record, when it has one."""
    if action.source_content_type_id is None:
        return ""
    model = action.source_content_type.model_class()  # selected with the action
    source = model._base_manager.filter(pk=action.source_object_id).first() if model else None
    if source is None:
        return ""
    if hasattr(source, "get_absolute_url"):
        return source.get_absolute_url()
    if hasattr(source, "get_url"):  # a Wagtail page
        return source.get_url(request) or ""
    return ""


def detail(request, pk):
    action = get_object_or_404(Action.objects.select_related(
        "owner", "service", "source_content_type", "created_by", "effectiveness_checked_by",
    ), pk=pk)
    user = request.user
    if not can_view_action(user, action):
        raise PermissionDenied
    may_edit = can_edit_action(user, action)
    bound = {}
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        step = request.POST.get("step", "")
        if step not in FORMS:
            return HttpResponseBadRequest(_("Unknown form."))
        form, done = _apply(step, request, action)
        if done:
            messages.success(request, _done_message(step, action))
            return redirect(action_url(action))
        bound[step] = form
        status = 400
    forms = {}
    if may_edit:
        if action.is_open:
            forms["update"] = bound.get("update") or ActionUpdateForm(instance=action)
            forms["close"] = bound.get("close") or CloseForm()
            forms["cancel"] = bound.get("cancel") or CancelForm()
        if action.status != Action.Status.CANCELLED:
            forms["effectiveness"] = bound.get("effectiveness") or EffectivenessForm(initial={
                "checked_at": action.effectiveness_checked_at or timezone.localdate(),
                "verdict": action.effectiveness_verdict,
                "evidence": action.effectiveness_evidence,
            })
        if not action.is_open:
            forms["reopen"] = bound.get("reopen") or ReopenForm()
        forms.update(bound)  # a refused form is shown with its errors, whatever the state
    return TemplateResponse(request, "actions/action_detail.html", {
        "action": action,
        "source_type": selectors.source_type_label(action),
        "source_url": _source_url(action, request),
        "history": selectors.action_history(action),
        "may_edit": may_edit,
        "forms": forms,
        "failed": next(iter(bound), ""),
        "today": timezone.localdate(),
    }, status=status)


# --- a new action ------------------------------------------------------------------------------
def parse_source(raw: str):
    """The record named by "<content type id>:<object id>", or None for ''; 404 if it does
    not exist or is not a record actions may be attached to."""
    if not raw:
        return None
    type_id, _sep, object_id = raw.partition(":")
    if not (type_id.isdigit() and object_id.isdigit()):
        raise Http404(_("Unknown source record."))
    try:
        content_type = ContentType.objects.get_for_id(int(type_id))
    except ContentType.DoesNotExist:
        raise Http404(_("Unknown source record.")) from None
    if content_type.app_label not in SOURCE_APPS or content_type.model_class() is None:
        raise Http404(_("Actions cannot be attached to this kind of record."))
    try:
        return content_type.get_object_for_this_type(pk=int(object_id))
    except content_type.model_class().DoesNotExist:
        raise Http404(_("Unknown source record.")) from None


def _service_of(record):
    """The service a record belongs to, when it says (service, owner_service, its sheet's)."""
    for path_ in (("service",), ("owner_service",), ("sheet", "service")):
        value = record
        for name in path_:
            value = getattr(value, name, None)
        if isinstance(value, Service):
            return value
    return None


def source_value(record) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}:{record.pk}"


def create(request):
    user = request.user
    if not may_create_actions(user):
        raise PermissionDenied
    raw = request.POST.get("source", "") if request.method == "POST" else \
        request.GET.get("source", "")
    source = parse_source(raw)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = ""
    if source is not None:
        kind = KIND_BY_SOURCE.get(source._meta.model_name, Action.Kind.IMPROVEMENT)
        service = _service_of(source)
    else:
        kind, service = Action.Kind.IMPROVEMENT, None
    initial = {"kind": kind, "owner": user.pk,
               "service": (service or user.service).pk if (service or user.service) else None,
               "start_date": timezone.localdate()}
    form = ActionCreateForm(request.POST or None, user=user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.action_create(source=source, user=user,
                                                check_permission=True, **data)
            except PermissionDenied:
                form.add_error("service", _("You may not create actions for this service."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Action %(reference)s created.") % {
                    "reference": action.reference})
                return redirect(back or action_url(action))
        status = 400
    return TemplateResponse(request, "actions/action_create.html", {
        "form": form,
        "source": source,
        "source_label": services.source_label(source) if source is not None else "",
        "source_raw": raw,
        "back": back,
    }, status=status)


urlpatterns = [
    path("", plan, name="plan"),
    path("export.xlsx", export, name="export"),
    path("mes-actions/", mine, name="mine"),
    path("nouvelle/", create, name="create"),
    path("service/<int:service_id>/", service_plan, name="service_plan"),
    path("service/<int:service_id>/export.xlsx", service_export, name="service_export"),
    path("<int:pk>/", detail, name="detail"),
]
