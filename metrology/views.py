"""Intranet pages of the measuring resources, under /equipements-de-mesure/: the
register (filterable, overdue first and counted, a timeline of the next verification
dates), a resource's page with its verifications and their actions, and the
verification form.

Who reads what: metrology.permissions (quality engineer, auditors, direction: every
resource; pilots and agents: those of their services)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import Action
from actions.permissions import visible_actions

from . import permissions, selectors, services
from .charts import due_timeline
from .forms import RegisterFilterForm, VerificationForm
from .models import MeasuringResource, Verification

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


@login_required
def register(request):
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None)
    queryset = selectors.register(request.user, form.filters(), today=today)
    paginator = Paginator(queryset, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    resources = list(page_obj.object_list)
    soon = today + datetime.timedelta(days=30)
    for resource in resources:
        resource.late = selectors.is_overdue(resource, today)
        resource.soon = (not resource.late and resource.next_due is not None
                         and resource.status == MeasuringResource.Status.IN_SERVICE
                         and resource.next_due <= soon)
    overdue = selectors.with_verifications(
        permissions.visible_resources(request.user)).filter(selectors.overdue_q(today)).count()
    return TemplateResponse(request, "metrology/register.html", {
        "form": form, "page_obj": page_obj, "resources": resources,
        "count": paginator.count, "overdue_count": overdue,
        "timeline": due_timeline(resources, today),
        "may_add": permissions.can_add_resource(request.user),
        "all_resources": permissions.can_view_all(request.user),
    })


def _resource(request, pk) -> MeasuringResource:
    resource = get_object_or_404(
        selectors.with_verifications(MeasuringResource.objects.select_related(
            "service", "site", "provider").prefetch_related("indicators")), pk=pk)
    if not permissions.can_view_resource(request.user, resource):
        raise Http404
    return resource


@login_required
def resource_detail(request, pk):
    resource = _resource(request, pk)
    today = timezone.localdate()
    verifications = list(resource.verifications.select_related("provider", "recorded_by")
                         .order_by("-performed_on", "-pk"))
    actions = list(visible_actions(request.user, Action.objects.filter(
        source_content_type=ContentType.objects.get_for_model(Verification),
        source_object_id__in=[v.pk for v in verifications],
    )).select_related("owner").order_by("due_date", "reference"))
    open_for = {a.source_object_id for a in actions if a.is_open}
    may_verify = permissions.can_verify(request.user, resource)
    for verification in verifications:
        verification.may_propose = (
            may_verify and verification.result == Verification.Result.NOT_CONFORM
            and verification.pk not in open_for)
    return TemplateResponse(request, "metrology/resource.html", {
        "resource": resource, "verifications": verifications, "actions": actions,
        "late": selectors.is_overdue(resource, today), "may_verify": may_verify,
        "may_edit": permissions.can_edit_resource(request.user, resource),
    })


@login_required
def verification_create(request, pk):
    resource = _resource(request, pk)
    if not permissions.can_verify(request.user, resource):
        raise PermissionDenied(_("You may only verify the measuring resources of your "
                                 "services."))
    data = request.POST if request.method == "POST" else None
    form = VerificationForm(data, request.FILES or None, resource=resource)
    errors: list[str] = []
    if data is not None:
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                services.verification_record(
                    resource=resource, performed_on=cleaned["performed_on"],
                    result=cleaned["result"], performed_by=cleaned["performed_by"],
                    provider=cleaned["provider"], certificate=cleaned["certificate"],
                    comment=cleaned["comment"], user=request.user, check_permission=True)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("The verification is recorded."))
                return redirect(resource.get_absolute_url())
        else:
            errors = field_errors(form)
    return TemplateResponse(request, "metrology/verification_form.html", {
        "resource": resource, "form": form, "errors": errors,
    }, status=400 if errors else 200)


@login_required
@require_POST
def action_propose(request, pk):
    verification = get_object_or_404(Verification.objects.select_related("resource"), pk=pk)
    _resource(request, verification.resource_id)
    try:
        action = services.verification_action_propose(
            verification=verification, user=request.user, check_permission=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(verification.get_absolute_url())
    messages.success(request, _("The action %(reference)s is open in the action plan: "
                                "complete it.") % {"reference": action.reference})
    return redirect(reverse("actions:detail", kwargs={"pk": action.pk}))


@login_required
def verification_certificate(request, pk: int):
    """A verification's certificate or report, for those who may see the resource
    (uploads are not a public folder)."""
    verification = get_object_or_404(Verification.objects.select_related("resource"), pk=pk)
    if not permissions.can_view_resource(request.user, verification.resource):
        raise Http404
    if not verification.certificate:
        raise Http404
    return FileResponse(verification.certificate.open("rb"), as_attachment=True,
                        filename=verification.certificate.name.rsplit("/", 1)[-1])


urlpatterns = [
    path("", register, name="register"),
    path("<int:pk>/", resource_detail, name="resource"),
    path("<int:pk>/verifier/", verification_create, name="verify"),
    path("verifications/<int:pk>/action/", action_propose, name="propose_action"),
    path("verifications/<int:pk>/certificat/", verification_certificate, name="certificate"),
]
