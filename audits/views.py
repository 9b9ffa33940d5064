"""Intranet pages of the audits, under /audits/: the year's programme with its follow-up
and calendar, an audit's page (team, criteria, checklist, findings, actions, report PDF),
the nonconformities per service (age, overdue highlighted, XLSX export), a
nonconformity's page (immediate correction, cause analysis, corrective actions, closure by
the quality engineer) and the auditor register.

Who reads what: audits.permissions (oversight roles everything; the audited services and
the audit team their audit once the programme is approved; each service its
nonconformities)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from actions.models import Action
from actions.permissions import visible_actions

from . import permissions as perms
from . import selectors, services
from .forms import (
    AnalysisForm,
    AuditorFilterForm,
    ChecklistBuildForm,
    ChecklistFormSet,
    CorrectionForm,
    CorrectiveActionForm,
    FindingForm,
    NcFilterForm,
    add_service_errors,
)
from .models import Audit, Auditor, AuditorQualification, AuditProgramme, Finding, Nonconformity

PAGE_SIZE = 50


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- programme -------------------------------------------------------------------------------
def index(request):
    year = timezone.localdate().year
    programme = (AuditProgramme.objects.filter(year=year).first()
                 or AuditProgramme.objects.order_by("-year").first())
    if programme is None:
        raise Http404(_("No audit programme yet."))
    return redirect("audits:programme", year=programme.year)


def programme(request, year: int):
    programme = get_object_or_404(AuditProgramme.objects.select_related("approved_by"),
                                  year=year)
    if not perms.can_view_programme(request.user, programme):
        raise PermissionDenied(_("This programme has not been approved yet."))
    audits = list(selectors.programme_audits(
        programme, perms.visible_audits(request.user, Audit.objects.all())))
    return TemplateResponse(request, "audits/programme.html", {
        "programme": programme,
        "audits": audits,
        "months": selectors.programme_calendar(audits),
        "follow_up": selectors.programme_follow_up(programme),
        "may_approve": (not programme.is_approved
                        and perms.can_approve_programme(request.user)),
        "years": AuditProgramme.objects.order_by("-year").values_list("year", flat=True),
        "may_read_register": perms.can_view_all(request.user),
    })


@require_POST
def programme_approve(request, year: int):
    programme = get_object_or_404(AuditProgramme, year=year)
    try:
        services.programme_approve(programme=programme, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The audit programme is approved."))
    return redirect("audits:programme", year=year)


# --- audit ---------------------------------------------------------------------------------
def _audit_page(request, reference: str, *, status: int = 200, finding_form=None,
                build_form=None, checklist_formset=None):
    audit = get_object_or_404(selectors.audit_detail(Audit.objects.all()),
                              reference=reference)
    if not perms.can_view_audit(request.user, audit):
        raise PermissionDenied(_("You may not read this audit."))
    findings = list(audit.findings.all())
    groups = [(Finding.Kind(kind).label, [f for f in findings if f.kind == kind])
              for kind in Finding.REPORT_ORDER]
    may_write = perms.can_write_findings(request.user, audit)
    checklist = list(audit.checklist.all())
    context = {
        "audit": audit,
        "finding_groups": [(label, rows) for label, rows in groups if rows],
        "checklist": checklist,
        "may_write": may_write,
        "may_report": may_write or perms.can_edit_audit(request.user, audit),
    }
    if may_write:
        context["finding_form"] = finding_form or FindingForm(audit=audit)
        context["build_form"] = build_form or ChecklistBuildForm()
        if checklist_formset is None and checklist:
            checklist_formset = ChecklistFormSet(
                queryset=audit.checklist.select_related("criterion__standard"),
                prefix="checklist")
        if checklist_formset is not None:
            # The questions beside their answer fields, in the checklist's order.
            context["checklist_rows"] = list(zip(checklist, checklist_formset.forms,
                                                 strict=False))
        context["checklist_formset"] = checklist_formset
    return TemplateResponse(request, "audits/audit.html", context, status=status)


def audit(request, reference: str):
    return _audit_page(request, reference)


def _writable_audit(request, reference: str) -> Audit:
    audit = get_object_or_404(Audit.objects.select_related("lead_auditor"),
                              reference=reference)
    if not perms.can_write_findings(request.user, audit):
        raise PermissionDenied(_("Only the quality engineer and the audit team record "
                                 "findings, while the audit is open."))
    return audit


@require_POST
def finding_add(request, reference: str):
    """Record a finding; a nonconformity finding opens its nonconformity (linked on the
    page and in the message)."""
    audit = _writable_audit(request, reference)
    form = FindingForm(request.POST, audit=audit)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.finding_record(
                audit=audit, kind=data["kind"], description=data["description"],
                user=request.user, target_closure_date=data["target_closure_date"],
                **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            nc = getattr(finding, "nonconformity", None) if finding.is_nonconformity else None
            if nc is not None:
                messages.success(request, _(
                    "The finding is recorded; nonconformity %(reference)s is opened."
                ) % {"reference": nc.reference})
            else:
                messages.success(request, _("The finding is recorded."))
            return redirect(audit.get_absolute_url() + "#findings-title")
    return _audit_page(request, reference, status=400, finding_form=form)


@require_POST
def checklist_build(request, reference: str):
    audit = _writable_audit(request, reference)
    form = ChecklistBuildForm(request.POST)
    if form.is_valid():
        try:
            created = services.audit_build_checklist(
                audit=audit, user=request.user, template=form.cleaned_data["template"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ngettext(
                "%(count)s question added to the checklist.",
                "%(count)s questions added to the checklist.", len(created),
            ) % {"count": len(created)})
            return redirect(audit.get_absolute_url() + "#checklist-title")
    return _audit_page(request, reference, status=400, build_form=form)


@require_POST
def checklist_save(request, reference: str):
    """Save the answers that changed, each through checklist_answer (a « not conform »
    answer needs its evidence); nothing is saved if one is refused."""
    audit = _writable_audit(request, reference)
    formset = ChecklistFormSet(request.POST, prefix="checklist",
                               queryset=audit.checklist.select_related("criterion__standard"))
    if formset.is_valid():
        try:
            with transaction.atomic():
                failed = False
                for form in formset.forms:
                    if not form.has_changed():
                        continue
                    try:
                        with transaction.atomic():
                            services.checklist_answer(
                                item=form.instance, user=request.user,
                                answer=form.cleaned_data["answer"],
                                evidence=form.cleaned_data["evidence"])
                    except ValidationError as error:
                        add_service_errors(form, error)
                        failed = True
                if failed:
                    raise _Refused
        except _Refused:
            pass
        else:
            messages.success(request, _("The checklist is saved."))
            return redirect(audit.get_absolute_url() + "#checklist-title")
    return _audit_page(request, reference, status=400, checklist_formset=formset)


class _Refused(Exception):
    """Rolls back the checklist answers when one of them is refused."""


@require_POST
def audit_report_request(request, reference: str):
    audit = get_object_or_404(Audit, reference=reference)
    services.audit_report_request(audit=audit, user=request.user)
    messages.info(request, _("The report is being generated; reload the page in a moment."))
    return redirect(audit.get_absolute_url())


def audit_report_download(request, reference: str):
    audit = get_object_or_404(Audit, reference=reference)
    if not perms.can_view_audit(request.user, audit):
        raise PermissionDenied(_("You may not read this audit."))
    if audit.report_state != Audit.ReportState.READY or not audit.report_file:
        raise Http404(_("The report has not been generated yet."))
    return FileResponse(audit.report_file.open("rb"), as_attachment=True,
                        filename=f"{audit.reference}-rapport.pdf",
                        content_type="application/pdf")


# --- nonconformities ----------------------------------------------------------------------
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered_nonconformities(request) -> tuple[NcFilterForm, object]:
    """The filter form and the nonconformities the reader may see that it keeps, with their
    service, process and action counts, newest first."""
    form = NcFilterForm(request.GET or None, user=request.user)
    queryset = form.filter(perms.visible_nonconformities(request.user,
                                                         Nonconformity.objects.all()))
    return form, selectors.nonconformity_list(queryset).order_by("-detected_at", "-reference")


def nonconformity_list(request):
    form, queryset = _filtered_nonconformities(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_url = reverse("audits:nonconformities_export")
    return TemplateResponse(request, "audits/nonconformity_list.html", {
        "form": form, "page_obj": page, "nonconformities": list(page.object_list),
        "export_url": export_url + (f"?{query.urlencode()}" if query else ""),
    })


def nonconformity_export(request):
    """The filtered list as an XLSX file (every row, not only the page shown)."""
    from .exports import nonconformity_workbook

    _form, queryset = _filtered_nonconformities(request)
    content = nonconformity_workbook(queryset.iterator(chunk_size=2000),
                                     title=_("Nonconformities"))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(_("nonconformities"))}-'
        f'{timezone.localdate():%Y-%m-%d}.xlsx"')
    return response


class ClosureForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Closure comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


def _nc_page(request, reference: str, *, status: int = 200, correction_form=None,
             analysis_form=None, action_form=None):
    """A nonconformity's page. Who may edit it (the quality engineer, the pilots of its
    service, while it is open) gets the forms of the immediate correction, the cause
    analysis and the corrective actions; the others read it."""
    nc = get_object_or_404(
        Nonconformity.objects.select_related("service", "process", "finding__audit",
                                             "detected_by", "closed_by", "risk"),
        reference=reference)
    if not perms.can_view_nonconformity(request.user, nc):
        raise PermissionDenied(_("You may only read the nonconformities of your service."))
    actions = list(services.corrective_actions(nc).select_related("owner"))
    # Read only: the status shown follows the actions; the daily task stores it.
    nc.status = services.nonconformity_derived_status(nc, actions)
    may_close = not nc.is_closed and perms.can_close_nonconformity(request.user, nc)
    may_edit = perms.can_edit_nonconformity(request.user, nc)
    visible = set(visible_actions(request.user, Action.objects.filter(
        pk__in=[a.pk for a in actions])).values_list("pk", flat=True)) if actions else set()
    context = {
        "nc": nc,
        "actions": [a for a in actions if a.pk in visible],
        "blockers": services.closure_blockers(nc) if may_close else [],
        "may_close": may_close,
        "may_edit": may_edit,
        "closure_form": ClosureForm(),
        "edit_url": reverse("wagtailsnippets_audits_nonconformity:edit", args=[nc.pk]),
    }
    if may_edit:
        context["correction_form"] = correction_form or CorrectionForm(
            initial={"immediate_correction": nc.immediate_correction})
        context["analysis_form"] = analysis_form or AnalysisForm(nc=nc)
        if nc.root_cause.strip() or action_form is not None:
            context["action_form"] = action_form or CorrectiveActionForm(
                initial={"owner": request.user.pk, "start_date": timezone.localdate(),
                         "due_date": nc.target_closure_date})
    return TemplateResponse(request, "audits/nonconformity.html", context, status=status)


def nonconformity(request, reference: str):
    return _nc_page(request, reference)


def _editable_nc(request, reference: str) -> Nonconformity:
    nc = get_object_or_404(Nonconformity.objects.select_related("service"),
                           reference=reference)
    if not perms.can_edit_nonconformity(request.user, nc):
        raise PermissionDenied(_("You may only change the open nonconformities of your "
                                 "services."))
    return nc


@require_POST
def nonconformity_correction(request, reference: str):
    nc = _editable_nc(request, reference)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.nonconformity_update(
                nc=nc, user=request.user, reason=_("Immediate correction"),
                immediate_correction=form.cleaned_data["immediate_correction"].strip())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The immediate correction is recorded."))
            return redirect(nc.get_absolute_url() + "#correction-title")
    return _nc_page(request, reference, status=400, correction_form=form)


@require_POST
def nonconformity_analysis(request, reference: str):
    nc = _editable_nc(request, reference)
    form = AnalysisForm(request.POST, nc=nc)
    if form.is_valid():
        try:
            services.nonconformity_record_analysis(nc=nc, user=request.user,
                                                   **form.service_arguments())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The cause analysis is recorded."))
            return redirect(nc.get_absolute_url() + "#analysis-title")
    return _nc_page(request, reference, status=400, analysis_form=form)


@require_POST
def nonconformity_action_add(request, reference: str):
    nc = _editable_nc(request, reference)
    form = CorrectiveActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = services.nonconformity_add_action(
                nc=nc, user=request.user, title=data["title"], owner=data["owner"],
                due_date=data["due_date"], **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Corrective action %(reference)s is planned.")
                             % {"reference": action.reference})
            return redirect(nc.get_absolute_url() + "#nc-actions-title")
    return _nc_page(request, reference, status=400, action_form=form)


@require_POST
def nonconformity_close(request, reference: str):
    nc = get_object_or_404(Nonconformity, reference=reference)
    form = ClosureForm(request.POST)
    form.is_valid()
    try:
        services.nonconformity_close(nc=nc, user=request.user,
                                     comment=form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The nonconformity is closed."))
    return redirect(nc.get_absolute_url())


# --- auditor register ------------------------------------------------------------------------
def auditor_register(request):
    """The auditor register (ISO 19011 §7.2): each auditor with their service, their
    qualifications (expired ones flagged) and the audits they led or took part in (not
    cancelled). Read by the oversight roles: quality engineer, auditors, direction."""
    if not perms.can_view_all(request.user):
        raise PermissionDenied(_("The auditor register is read by the quality engineer, "
                                 "the auditors and the direction."))
    form = AuditorFilterForm(request.GET or None)
    queryset = Auditor.objects.all()
    if not (form.is_valid() and form.cleaned_data["inactive"]):
        queryset = queryset.active()
    live = ~Q(status=Audit.Status.CANCELLED)
    led = (Audit.objects.filter(live, lead_auditor=OuterRef("pk")).order_by()
           .values("lead_auditor").annotate(n=Count("pk")).values("n"))
    member = (Audit.objects.filter(live, team=OuterRef("pk")).order_by()
              .values("team").annotate(n=Count("pk")).values("n"))
    auditors = list(
        queryset.select_related("user__service")
        .prefetch_related(Prefetch("qualifications", queryset=AuditorQualification.objects
                                   .select_related("standard")
                                   .order_by("-obtained_on", "pk")))
        .annotate(led_count=Coalesce(Subquery(led), 0),
                  team_count=Coalesce(Subquery(member), 0))
        .order_by("-is_active", "name", "pk"))
    today = timezone.localdate()
    for auditor in auditors:
        for qualification in auditor.qualifications.all():
            qualification.is_expired = bool(qualification.expires_on
                                            and qualification.expires_on < today)
    return TemplateResponse(request, "audits/auditor_register.html", {
        "form": form, "auditors": auditors, "today": today,
    })


urlpatterns = [
    path("", index, name="index"),
    path("programme/<int:year>/", programme, name="programme"),
    path("programme/<int:year>/approuver/", programme_approve, name="programme_approve"),
    path("audit/<str:reference>/", audit, name="audit"),
    path("audit/<str:reference>/constat/", finding_add, name="finding_add"),
    path("audit/<str:reference>/liste/construire/", checklist_build, name="checklist_build"),
    path("audit/<str:reference>/liste/", checklist_save, name="checklist_save"),
    path("audit/<str:reference>/rapport/", audit_report_request, name="report_request"),
    path("audit/<str:reference>/rapport.pdf", audit_report_download, name="report"),
    path("auditeurs/", auditor_register, name="auditors"),
    path("non-conformites/", nonconformity_list, name="nonconformities"),
    path("non-conformites/export.xlsx", nonconformity_export, name="nonconformities_export"),
    path("non-conformites/<str:reference>/", nonconformity, name="nonconformity"),
    path("non-conformites/<str:reference>/correction/", nonconformity_correction,
         name="nonconformity_correction"),
    path("non-conformites/<str:reference>/analyse/", nonconformity_analysis,
         name="nonconformity_analysis"),
    path("non-conformites/<str:reference>/action/", nonconformity_action_add,
         name="nonconformity_action_add"),
    path("non-conformites/<str:reference>/cloturer/", nonconformity_close,
         name="nonconformity_close"),
]
