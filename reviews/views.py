"""Intranet pages of the reviews, under /revues-de-direction/: the list, a management
review (its §9.3.2 sections compiled, commented; its decisions and their actions), its
pack as PDF, and a process review. The quality engineer prepares a review from its page
(compile, comment, decide, validate); the others read it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.selectors import actions_by_source

from . import services
from .charts import chart_svg
from .forms import CommentForm, DecisionForm
from .inputs import UNAVAILABLE
from .models import (
    CompileState,
    ManagementReview,
    ProcessReview,
    ReviewDecision,
    ReviewInput,
    Section,
)
from .permissions import can_edit_process_review, can_edit_review, can_view_reviews


def _check_reader(request) -> None:
    if not can_view_reviews(request.user):
        raise PermissionDenied(_("The reviews are read by the quality engineer, the "
                                 "direction, the auditors and the pilots."))


def review_list(request):
    _check_reader(request)
    reviews = ManagementReview.objects.select_related("validated_by").order_by(
        "-period_end", "-pk")
    process_reviews = ProcessReview.objects.select_related("process").order_by(
        "-period_end", "process__code")
    return TemplateResponse(request, "reviews/review_list.html", {
        "reviews": reviews,
        "process_reviews": process_reviews,
        "add_url": reverse("wagtailsnippets_reviews_managementreview:add")
        if can_edit_review(request.user) else "",
    })


def section_view(item: ReviewInput | None, key: str, label: str) -> dict:
    """What the page and the PDF show of one section."""
    snapshot = item.snapshot if item else {}
    return {
        "key": key,
        "label": label,
        "item": item,
        "compiled": bool(item and item.compiled_at),
        "available": snapshot.get("available", True),
        "manual": snapshot.get("manual", False),
        "figures": snapshot.get("figures", []),
        "tables": snapshot.get("tables", []),
        "notes": snapshot.get("notes", []),
        "chart": snapshot.get("chart"),
        "comment": item.comment if item else "",
    }


def review_sections(review: ManagementReview) -> list[dict]:
    by_key = {item.section: item for item in review.inputs.all()}
    return [section_view(by_key.get(key), key, label) for key, label in Section.choices]


def _review(pk) -> ManagementReview:
    return get_object_or_404(
        ManagementReview.objects.select_related("validated_by", "created_by").prefetch_related(
            "participants", "inputs",
            Prefetch("decisions", queryset=ReviewDecision.objects.select_related(
                "owner", "service").order_by("pk")),
        ), pk=pk)


def review_detail(request, pk):
    _check_reader(request)
    review = _review(pk)
    may_edit = can_edit_review(request.user, review)
    sections = review_sections(review)
    for section in sections:
        section["svg"] = chart_svg(section["chart"])
    return TemplateResponse(request, "reviews/review_detail.html", {
        "review": review,
        "sections": sections,
        "decisions": _with_actions(review.decisions.all(), request.user),
        "may_edit": may_edit,
        "unavailable": UNAVAILABLE,
        "comment_form": CommentForm() if may_edit else None,
        "decision_form": DecisionForm() if may_edit else None,
        "edit_url": reverse("wagtailsnippets_reviews_managementreview:edit", args=[review.pk])
        if may_edit else "",
    })


def _with_actions(decisions, user) -> list:
    """The decisions, each with the actions the reader may see (one query for all)."""
    decisions = list(decisions)
    actions = actions_by_source(decisions, user)
    for decision in decisions:
        decision.attached_actions = actions[decision.pk]
    return decisions


def _post_error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def review_compile(request, pk):
    """Start the compilation in the background (at once where Celery runs eagerly)."""
    review = get_object_or_404(ManagementReview, pk=pk)
    try:
        services.review_compile_start(review=review, user=request.user)
    except ValidationError as error:
        _post_error(request, error)
        return redirect(review)
    review.refresh_from_db()
    if review.compile_state == CompileState.IDLE:
        messages.success(request, _("The inputs have been compiled for the period."))
    elif review.is_compiling:
        messages.info(request, _("The inputs are being compiled; the page shows the "
                                 "progress."))
    return redirect(review)


def review_compile_status(request, pk):
    """The compilation's progress, as JSON, for the page's progress bar."""
    _check_reader(request)
    review = get_object_or_404(ManagementReview, pk=pk)
    return JsonResponse({
        "state": review.compile_state, "done": review.compile_done,
        "total": review.compile_total,
        "text": _("%(done)s of %(total)s sections compiled.") % {
            "done": review.compile_done, "total": review.compile_total},
    })


@require_POST
def review_comment(request, pk, section):
    review = get_object_or_404(ManagementReview, pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.review_comment_section(review=review, section=section,
                                            comment=form.cleaned_data["comment"],
                                            user=request.user)
            messages.success(request, _("The comment has been saved."))
        except ValidationError as error:
            _post_error(request, error)
    return redirect(f"{review.get_absolute_url()}#section-{section}")


def _decide(request, parent, decide):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} : {error}" if label else error)
        return
    try:
        decide(review=parent, user=request.user, **form.cleaned_data)
        messages.success(request, _("The decision and its action have been recorded."))
    except ValidationError as error:
        _post_error(request, error)


def _decide_view(model, decide):
    """The POST view recording a decision (and its action) on a review of `model`."""
    @require_POST
    def view(request, pk):
        review = get_object_or_404(model, pk=pk)
        _decide(request, review, decide)
        return redirect(f"{review.get_absolute_url()}#decisions")
    return view


def _validate_view(model, validate):
    """The POST view validating (freezing) a review of `model`."""
    @require_POST
    def view(request, pk):
        review = get_object_or_404(model, pk=pk)
        try:
            validate(review=review, user=request.user)
            messages.success(request, _("The review is validated: it can no longer be "
                                        "changed."))
        except ValidationError as error:
            _post_error(request, error)
        return redirect(review)
    return view


review_decide = _decide_view(ManagementReview, services.review_decide)
review_validate = _validate_view(ManagementReview, services.review_validate)


def review_pdf(request, pk):
    from .pdf import render_review_pack

    _check_reader(request)
    review = _review(pk)
    response = HttpResponse(render_review_pack(review), content_type="application/pdf")
    name = _("management-review")
    response["Content-Disposition"] = (
        f'inline; filename="{name}-{review.pk}-{timezone.localdate():%Y-%m-%d}.pdf"')
    return response


# --- process reviews ---------------------------------------------------------------------------
def _process_review(pk) -> ProcessReview:
    return get_object_or_404(
        ProcessReview.objects.select_related("process__pilot", "validated_by")
        .prefetch_related("participants", Prefetch(
            "decisions", queryset=ReviewDecision.objects.select_related("owner", "service")
            .order_by("pk"))), pk=pk)


def process_review_detail(request, pk):
    _check_reader(request)
    review = _process_review(pk)
    may_edit = can_edit_process_review(request.user, review)
    snapshot = review.snapshot or {}
    return TemplateResponse(request, "reviews/process_review_detail.html", {
        "review": review,
        "section": {**section_view(None, "process", ""), "compiled": bool(review.compiled_at),
                    "figures": snapshot.get("figures", []),
                    "tables": snapshot.get("tables", []),
                    "chart": snapshot.get("chart"), "svg": chart_svg(snapshot.get("chart"))},
        "decisions": _with_actions(review.decisions.all(), request.user),
        "may_edit": may_edit,
        "decision_form": DecisionForm() if may_edit else None,
        "edit_url": reverse("wagtailsnippets_reviews_processreview:edit", args=[review.pk])
        if may_edit else "",
    })


@require_POST
def process_review_compile(request, pk):
    review = get_object_or_404(ProcessReview, pk=pk)
    try:
        services.process_review_compile(review=review, user=request.user)
        messages.success(request, _("The inputs have been compiled for the period."))
    except ValidationError as error:
        _post_error(request, error)
    return redirect(review)


process_review_decide = _decide_view(ProcessReview, services.process_review_decide)
process_review_validate = _validate_view(ProcessReview, services.process_review_validate)


urlpatterns = [
    path("", review_list, name="list"),
    path("<int:pk>/", review_detail, name="detail"),
    path("<int:pk>/compiler/", review_compile, name="compile"),
    path("<int:pk>/compilation/", review_compile_status, name="compile_status"),
    path("<int:pk>/commentaire/<str:section>/", review_comment, name="comment"),
    path("<int:pk>/decision/", review_decide, name="decide"),
    path("<int:pk>/valider/", review_validate, name="validate"),
    path("<int:pk>/dossier.pdf", review_pdf, name="pdf"),
    path("processus/<int:pk>/", process_review_detail, name="process_review"),
    path("processus/<int:pk>/compiler/", process_review_compile,
         name="process_review_compile"),
    path("processus/<int:pk>/decision/", process_review_decide, name="process_review_decide"),
    path("processus/<int:pk>/valider/", process_review_validate,
         name="process_review_validate"),
]
