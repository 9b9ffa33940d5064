"""Intranet pages of the certifications, under /certifications/: the municipality-wide
view (every service × the standards, headline, chart, filters), a certification's page
(scope, certificate, audit history and upcoming audits with their findings), the
certificate download (staff concerned only), the calendar of the external audits of the
next twelve months (with its .ics export), and the forms to plan and record a
certification audit (quality engineer, pilots of the covered services).

Who may do what: certification.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import charts, ics, permissions, selectors, services
from .forms import OverviewFilterForm, PlanForm, RecordForm
from .models import Certification, CertificationAudit


@login_required
def index(request):
    form = OverviewFilterForm(request.GET or None)
    data = selectors.overview(**form.values())
    return TemplateResponse(request, "certification/index.html", {
        "form": form,
        "overview": data,
        "chart_svg": charts.standards_svg(data.per_standard),
        "chart_text": charts.describe(data.per_standard),
        "may_add": permissions.can_add_certification(request.user),
        "today": timezone.localdate(),
        "filtered": bool(request.GET),
    })


def _certification(pk) -> Certification:
    try:
        return selectors.certification_page(pk)
    except Certification.DoesNotExist:
        raise Http404 from None


@login_required
def detail(request, pk: int):
    certification, entries = _certification(pk)
    may_manage = permissions.can_manage_audits(request.user, certification)
    return TemplateResponse(request, "certification/detail.html", {
        "certification": certification,
        "entries": entries,
        "may_manage": may_manage,
        "may_edit": may_manage,
        "may_download": permissions.can_download_certificate(request.user, certification),
        "today": timezone.localdate(),
    })


@login_required
def certificate(request, pk: int):
    certification = get_object_or_404(Certification.objects.select_related("standard"),
                                      pk=pk)
    if not permissions.can_download_certificate(request.user, certification):
        raise PermissionDenied(_("The certificate is read by the staff concerned only."))
    if not certification.certificate_file:
        raise Http404(_("No certificate attached."))
    name = certification.certificate_file.name.rsplit(".", 1)
    suffix = f".{name[1]}" if len(name) == 2 else ""
    number = slugify(certification.certificate_number) or str(certification.pk)
    return FileResponse(certification.certificate_file.open("rb"), as_attachment=True,
                        filename=f"certificat-{slugify(certification.standard.code)}-"
                                 f"{number}{suffix}")


@login_required
def plan(request, pk: int):
    certification = get_object_or_404(Certification.objects.select_related("standard")
                                      .prefetch_related("services"), pk=pk)
    if not permissions.can_manage_audits(request.user, certification):
        raise PermissionDenied(_("You may only plan the audits of your services' "
                                 "certifications."))
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_audit_plan(
                certification=certification, user=request.user, check_permission=True,
                **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The audit is planned."))
            return redirect(certification.get_absolute_url())
    form.describe_errors()
    return TemplateResponse(request, "certification/audit_form.html", {
        "certification": certification, "form": form, "entry": None,
    }, status=400 if form.errors else 200)


@login_required
def record(request, pk: int, entry_pk: int):
    entry = get_object_or_404(
        CertificationAudit.objects.select_related("certification__standard", "audit")
        .prefetch_related("certification__services"), pk=entry_pk, certification_id=pk)
    certification = entry.certification
    if not permissions.can_manage_audits(request.user, certification):
        raise PermissionDenied(_("You may only record the audits of your services' "
                                 "certifications."))
    initial = {"planned_date": entry.planned_date, "held_date": entry.held_date,
               "result": entry.result, "audit": entry.audit_id, "summary": entry.summary}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                entry = services.certification_audit_update(
                    certification_audit=entry, user=request.user, check_permission=True,
                    planned_date=data["planned_date"], audit=data["audit"],
                    summary=data["summary"],
                    **({} if data["held_date"] else {"result": data["result"]}))
                if data["held_date"]:
                    services.certification_audit_record(
                        certification_audit=entry, held_date=data["held_date"],
                        result=data["result"], user=request.user, check_permission=True)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The audit is recorded."))
            return redirect(certification.get_absolute_url())
    form.describe_errors()
    return TemplateResponse(request, "certification/audit_form.html", {
        "certification": certification, "form": form, "entry": entry,
    }, status=400 if form.errors else 200)


@login_required
def calendar(request):
    return TemplateResponse(request, "certification/calendar.html", {
        "months": selectors.calendar(request.user),
        "today": timezone.localdate(),
    })


@login_required
def calendar_ics(request):
    content = ics.calendar_ics(selectors.calendar(request.user),
                               base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audits-externes.ics"'
    return response


urlpatterns = [
    path("", index, name="index"),
    path("calendrier/", calendar, name="calendar"),
    path("calendrier.ics", calendar_ics, name="calendar_ics"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/certificat/", certificate, name="certificate"),
    path("<int:pk>/audits/planifier/", plan, name="plan"),
    path("<int:pk>/audits/<int:entry_pk>/", record, name="record"),
]
