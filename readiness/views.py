"""Intranet pages of the certification readiness, under /preparation/: the overview
(services × standards with their last score), the matrix of a service for a standard (with
its forms: declare, link a document, turn a gap into an action), the gaps of a service as a
to-do list, and the readiness pack as PDF.

Who sees what: readiness.permissions (quality engineer, auditors, direction: every service;
a pilot: their services; agents: nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.models import Criterion, Standard
from qms.models import Service

from . import permissions, selectors, services
from .forms import DeclarationForm, DocumentLinkForm, GapActionForm
from .models import ClauseAssessment, ReadinessScore


def _require_access(user) -> None:
    if not permissions.can_access(user):
        raise PermissionDenied(_("The certification readiness is for the pilots, the "
                                 "quality engineer, the auditors and the direction."))


def _service(request, code) -> Service:
    _require_access(request.user)
    service = get_object_or_404(Service, code=code)
    if not permissions.can_view(request.user, service):
        raise PermissionDenied(_("You may only see the readiness of your services."))
    return service


def _standard(code) -> Standard:
    return get_object_or_404(Standard, code=code, is_active=True)


def _band(score) -> str:
    if score is None:
        return "none"
    if score >= 80:
        return "high"
    if score >= 50:
        return "mid"
    return "low"


def overview(request):
    _require_access(request.user)
    standards = selectors.standards()
    services_list = list(permissions.visible_services(request.user, Service.objects.filter(
        is_active=True)).order_by("name"))
    scores = {(s.service_id, s.standard_id): s for s in ReadinessScore.objects.filter(
        service__in=[s.pk for s in services_list], standard__in=[s.pk for s in standards])}
    rows = []
    for service in services_list:
        cells = []
        for standard in standards:
            score = scores.get((service.pk, standard.pk))
            cells.append({"standard": standard, "score": score,
                          "band": _band(score.score if score else None)})
        rows.append({"service": service, "cells": cells})
    return TemplateResponse(request, "readiness/overview.html", {
        "standards": standards, "rows": rows,
        "all_services": permissions.can_view_all(request.user),
    })


def _matrix_context(request, service, standard, *, declaration_errors=None,
                    declaration_data=None, link_errors=None):
    matrix = selectors.build_matrix(service=service, standard=standard)
    services.score_record(matrix=matrix)
    status_filter = request.GET.get("status", "")
    statuses = [(s.value, s.label) for s in selectors.STATUS_ORDER]
    lines = [line for line in matrix.lines
             if not status_filter or line.status == status_filter]
    may_act = permissions.can_act(request.user, service)
    documents = (list(services.linkable_documents(service, matrix.service_ids)
                      .only("pk", "title", "reference")) if may_act else [])
    score = matrix.score
    certs = [c for c in selectors.certifications(service) if c.standard_id == standard.pk]
    return {
        "certifications": certs,
        "service": service, "standard": standard, "matrix": matrix, "lines": lines,
        "statuses": statuses, "status_filter": status_filter,
        "counts": [(value, label, matrix.count(value)) for value, label in statuses],
        "score": score, "band": _band(score),
        "gauge": {"dash": float(score or 0) * 2.513, "circumference": 251.3},
        "may_act": may_act, "documents": documents,
        "declaration_statuses": ClauseAssessment.Status.choices,
        "declaration_errors": declaration_errors or {},
        "declaration_data": declaration_data or {},
        "link_errors": link_errors or {},
        "today": matrix.today,
        "other_standards": [s for s in selectors.standards() if s.pk != standard.pk],
    }


def matrix_view(request, service, standard):
    service, standard = _service(request, service), _standard(standard)
    return TemplateResponse(request, "readiness/matrix.html",
                            _matrix_context(request, service, standard))


def _matrix_url(service, standard, criterion=None):
    url = reverse("readiness:matrix", args=[service.code, standard.code])
    return f"{url}#clause-{criterion.pk}" if criterion else url


def _acting(request, service_code, standard_code):
    service, standard = _service(request, service_code), _standard(standard_code)
    if not permissions.can_act(request.user, service):
        raise PermissionDenied(_("You may only act on the readiness of your services."))
    return service, standard


def _criterion(standard, pk) -> Criterion:
    try:
        return Criterion.objects.select_related("standard").get(pk=pk, standard=standard)
    except (Criterion.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


@require_POST
def declare(request, service, standard):
    service, standard = _acting(request, service, standard)
    form = DeclarationForm(request.POST)
    errors: dict = {}
    criterion = None
    if form.is_valid():
        criterion = _criterion(standard, form.cleaned_data["criterion"])
        try:
            services.assessment_declare(
                service=service, criterion=criterion, status=form.cleaned_data["status"],
                justification=form.cleaned_data["justification"], user=request.user,
                check_permission=True)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("The declaration on %(clause)s is recorded.") % {
                "clause": criterion.label})
            return redirect(_matrix_url(service, standard, criterion))
    else:
        errors = {name: list(messages_) for name, messages_ in form.errors.items()}
        criterion = _criterion(standard, request.POST.get("criterion"))
    context = _matrix_context(
        request, service, standard, declaration_errors={criterion.pk: errors},
        declaration_data={criterion.pk: {"status": request.POST.get("status", ""),
                                         "justification": request.POST.get("justification",
                                                                           "")}})
    return TemplateResponse(request, "readiness/matrix.html", context, status=400)


@require_POST
def link_document(request, service, standard):
    service, standard = _acting(request, service, standard)
    form = DocumentLinkForm(request.POST)
    criterion = _criterion(standard, request.POST.get("criterion"))
    error = _("Choose a published document of the service.")
    if form.is_valid():
        from wagtail.models import Page

        page = Page.objects.filter(pk=form.cleaned_data["page"]).first()
        if page is not None:
            try:
                services.document_link(service=service, criterion=criterion, page=page,
                                       user=request.user, check_permission=True)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("The document is linked to %(clause)s.") % {
                    "clause": criterion.label})
                return redirect(_matrix_url(service, standard, criterion))
    context = _matrix_context(request, service, standard, link_errors={criterion.pk: error})
    return TemplateResponse(request, "readiness/matrix.html", context, status=400)


@require_POST
def create_action(request, service, standard):
    service, standard = _acting(request, service, standard)
    form = GapActionForm(request.POST)
    criterion = _criterion(standard, request.POST.get("criterion"))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    back = next_url or _matrix_url(service, standard, criterion)
    if not form.is_valid():
        messages.error(request, _("This gap is no longer in the matrix: reload the page."))
        return redirect(back)
    try:
        gap_action = services.gap_action_create(
            service=service, criterion=criterion, gap=form.cleaned_data["gap"],
            user=request.user, check_permission=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action %(reference)s created for the gap.") % {
            "reference": gap_action.action.reference})
    return redirect(back)


def gaps(request, service):
    service = _service(request, service)
    sections = []
    for standard in selectors.standards_for(service):
        matrix = selectors.build_matrix(service=service, standard=standard)
        services.score_record(matrix=matrix)
        open_gaps = [(line, gap) for line, gap in matrix.gaps]
        if open_gaps:
            sections.append({"standard": standard, "matrix": matrix, "gaps": open_gaps,
                             "to_do": sum(1 for _line, gap in open_gaps if gap.action is None)})
    return TemplateResponse(request, "readiness/gaps.html", {
        "service": service, "sections": sections,
        "may_act": permissions.can_act(request.user, service),
        "here": request.get_full_path(),
    })


def pack(request, service, standard):
    from .pdf import render_pack

    service, standard = _service(request, service), _standard(standard)
    matrix = selectors.build_matrix(service=service, standard=standard)
    services.score_record(matrix=matrix)
    response = HttpResponse(render_pack(matrix), content_type="application/pdf")
    filename = f"{_('readiness')}-{service.code}-{standard.code}-{timezone.localdate():%Y-%m-%d}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


urlpatterns = [
    path("", overview, name="overview"),
    path("<slug:service>/ecarts/", gaps, name="gaps"),
    path("<slug:service>/<slug:standard>/", matrix_view, name="matrix"),
    path("<slug:service>/<slug:standard>/declarer/", declare, name="declare"),
    path("<slug:service>/<slug:standard>/documents/", link_document, name="link_document"),
    path("<slug:service>/<slug:standard>/action/", create_action, name="create_action"),
    path("<slug:service>/<slug:standard>/dossier.pdf", pack, name="pack"),
]


