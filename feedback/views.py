"""Pages of user feedback.

Staff (login required): the complaints and requests list per service with ages and
overdue highlights (reclamations/) and its XLSX export, a record's page and form, the
surveys, their building (settings and questions) and their results with charts and PDF
(enquetes/), the commitments register (engagements/).
Citizens (no login, under /public/): a survey's answering page and thank-you page, and
the published commitments with their latest results."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from qms.models import Service
from qms.permissions import is_quality_engineer, service_ids_of, services_of

from . import permissions as perms
from . import selectors, services
from .charts import question_chart_svg
from .forms import FeedbackFilterForm, FeedbackForm, QuestionForm, SurveyForm
from .models import Commitment, Question, Survey, UserFeedback
from .models.feedback import ANSWER_DAYS
from .models.surveys import SCALE_MAX, SCALE_MIN

PAGE_SIZE = 50
SESSION_KEY = "feedback_surveys_answered"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- complaints and requests --------------------------------------------------------------


def _feedback_filters(request):
    """The list's filter form (bound to the query string) and its valid filters."""
    user = request.user
    if not (perms.can_read_all(user) or user.service_id):
        raise PermissionDenied(_("The complaints register is kept for the members of a "
                                 "service."))
    form = FeedbackFilterForm(request.GET or None,
                              services=selectors.services_with_feedback(user))
    return form, (form.cleaned_data if form.is_valid() else {})


def _filtered_feedback(user, filters, today):
    return selectors.feedback_list(
        user, service=filters.get("service"), kind=filters.get("kind", ""),
        status=filters.get("status", ""), overdue=filters.get("overdue", False), today=today)


def feedback_list(request):
    user = request.user
    form, filters = _feedback_filters(request)
    today = timezone.localdate()
    rows = _filtered_feedback(user, filters, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for record in page:
        record.age = record.age_days(today)
        record.overdue = record.is_overdue(today)
    query = request.GET.copy()
    query.pop("page", None)
    can_export = perms.can_export_feedback(user)
    return TemplateResponse(request, "feedback/feedback_list.html", {
        "form": form, "page_obj": page, "records": page, "today": today,
        "answer_days": ANSWER_DAYS, "count": page.paginator.count,
        "can_record": perms.can_record_feedback(user),
        "can_export": can_export,
        "export_url": (reverse("feedback:feedback_export")
                       + (f"?{query.urlencode()}" if query else "")) if can_export else "",
        "overdue_count": selectors.feedback_list(user, overdue=True, today=today).count(),
    })


def _filters_applied(form, filters) -> list[tuple[str, str]]:
    applied = []
    for name, value in filters.items():
        if value in (None, "", False):
            continue
        field = form.fields[name]
        if name == "service":
            shown = value.name
        elif hasattr(field, "choices"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = _("yes")
        applied.append((str(field.label), shown))
    return applied


def feedback_export(request):
    """The filtered list as an XLSX file: the same filters and visibility as the page
    (a pilot's export holds their services' records only)."""
    from .exports import feedback_workbook

    user = request.user
    if not perms.can_export_feedback(user):
        raise PermissionDenied(_("You may not export the complaints register."))
    form, filters = _feedback_filters(request)
    today = timezone.localdate()
    content = feedback_workbook(_filtered_feedback(user, filters, today),
                                filters=_filters_applied(form, filters))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{_("complaints-register")}-{today:%Y-%m-%d}.xlsx"')
    return response


def _record_services(user):
    if is_quality_engineer(user):
        return list(Service.objects.active())
    return list(services_of(user).filter(is_active=True))


def feedback_create(request):
    user = request.user
    if not perms.can_record_feedback(user):
        raise PermissionDenied(_("You may not record complaints or requests."))
    choices = _record_services(user)
    form = FeedbackForm(request.POST or None, user=user,
                        services=Service.objects.filter(pk__in=[s.pk for s in choices]))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            record = services.feedback_create(user=user, **data)
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(reference)s recorded.") % {
                "reference": record.reference})
            return redirect("feedback:feedback_detail", record.pk)
    return TemplateResponse(request, "feedback/feedback_form.html", {"form": form})


def _attach(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _get_visible(request, pk):
    record = get_object_or_404(UserFeedback.objects.select_related("service", "recorded_by"),
                               pk=pk)
    if not perms.can_view_feedback(request.user, record):
        raise PermissionDenied
    return record


def feedback_detail(request, pk):
    record = _get_visible(request, pk)
    user = request.user
    return TemplateResponse(request, "feedback/feedback_detail.html", {
        "record": record, "today": timezone.localdate(), "answer_days": ANSWER_DAYS,
        "can_edit": perms.can_edit_feedback(user, record),
        "can_open_nc": (perms.can_open_nonconformity(user, record)
                        and services.nonconformity_available()),
        "history": record.history.select_related("history_user")[:20],
        "nonconformities": services.nonconformities_of(record),
    })


def feedback_edit(request, pk):
    record = _get_visible(request, pk)
    user = request.user
    if not perms.can_edit_feedback(user, record):
        raise PermissionDenied
    choices = _record_services(user)
    form = FeedbackForm(request.POST or None, instance=record, user=user,
                        services=Service.objects.filter(pk__in=[s.pk for s in choices]))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        record = UserFeedback.objects.get(pk=record.pk)  # the form changed the instance
        try:
            services.feedback_update(feedback=record, user=user, **fields)
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("feedback:feedback_detail", record.pk)
    return TemplateResponse(request, "feedback/feedback_form.html",
                            {"form": form, "record": record})


@require_POST
def feedback_open_nonconformity(request, pk):
    record = _get_visible(request, pk)
    try:
        nc = services.feedback_open_nonconformity(feedback=record, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        raise PermissionDenied(str(error)) from None
    else:
        messages.success(request, _("Nonconformity %(nc)s opened.") % {"nc": nc})
        if hasattr(nc, "get_absolute_url"):
            return redirect(nc.get_absolute_url())
    return redirect("feedback:feedback_detail", record.pk)


# --- surveys --------------------------------------------------------------------------------


def survey_list(request):
    user = request.user
    surveys = list(selectors.surveys_for(user))
    for survey in surveys:
        survey.can_manage = perms.can_manage_survey(user, survey)
    return TemplateResponse(request, "feedback/survey_list.html", {
        "surveys": surveys, "can_create": perms.can_create_survey(user)})


def _survey_services(user):
    services = Service.objects.active().order_by("name")
    if is_quality_engineer(user):
        return services
    return services.filter(pk__in=service_ids_of(user))


def _survey_form(request, *, instance=None):
    user = request.user
    return SurveyForm(request.POST or None, instance=instance,
                      services=_survey_services(user),
                      service_required=not is_quality_engineer(user))


def survey_create(request):
    user = request.user
    if not perms.can_create_survey(user):
        raise PermissionDenied(_("You may not create a survey."))
    form = _survey_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Survey created: now write its questions."))
            return redirect("feedback:survey_build", survey.pk)
    return TemplateResponse(request, "feedback/survey_form.html", {"form": form})


def _managed_survey(request, pk) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("service"), pk=pk)
    if not perms.can_manage_survey(request.user, survey):
        raise PermissionDenied(_("You may not change this survey."))
    return survey


def _build_page(request, survey, *, survey_form=None, question_form=None, status=200):
    questions = list(survey.questions.order_by("order", "pk"))
    return TemplateResponse(request, "feedback/survey_build.html", {
        "survey": survey, "questions": questions,
        "editable": services.questions_editable(survey),
        "survey_form": survey_form or _survey_form(request, instance=survey),
        "question_form": question_form or QuestionForm(),
    }, status=status)


def survey_build(request, pk):
    """A survey's settings and its questions (added, changed, moved, removed while no
    response exists)."""
    survey = _managed_survey(request, pk)
    if request.method != "POST":
        return _build_page(request, survey)
    form = SurveyForm(request.POST, instance=Survey.objects.get(pk=survey.pk),
                      services=_survey_services(request.user),
                      service_required=not is_quality_engineer(request.user))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.survey_update(survey=survey, user=request.user, **fields)
        except ValidationError as error:
            _attach(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("feedback:survey_build", survey.pk)
    return _build_page(request, survey, survey_form=form, status=400)


def _refused(request, survey, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("feedback:survey_build", survey.pk)


@require_POST
def question_add(request, pk):
    survey = _managed_survey(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.question_add(survey=survey, user=request.user, **form.cleaned_data)
        except services.SurveyLocked as error:
            return _refused(request, survey, error)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(reverse("feedback:survey_build", args=[survey.pk]) + "#questions")
    return _build_page(request, survey, question_form=form, status=400)


def _question(survey, question_pk) -> Question:
    return get_object_or_404(Question, pk=question_pk, survey=survey)


def question_edit(request, pk, question_pk):
    survey = _managed_survey(request, pk)
    question = _question(survey, question_pk)
    if not services.questions_editable(survey):
        return _refused(request, survey, services.SurveyLocked())
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.question_update(question=question, user=request.user, **fields)
        except services.SurveyLocked as error:
            return _refused(request, survey, error)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(reverse("feedback:survey_build", args=[survey.pk]) + "#questions")
    return TemplateResponse(request, "feedback/question_form.html", {
        "survey": survey, "question": question, "form": form})


@require_POST
def question_move(request, pk, question_pk):
    survey = _managed_survey(request, pk)
    question = _question(survey, question_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return redirect("feedback:survey_build", survey.pk)
    try:
        services.question_move(question=question, user=request.user, direction=direction)
    except ValidationError as error:
        return _refused(request, survey, error)
    messages.success(request, _("Question “%(question)s” moved.") % {"question": question.text})
    return redirect(reverse("feedback:survey_build", args=[survey.pk]) + "#questions")


@require_POST
def question_remove(request, pk, question_pk):
    survey = _managed_survey(request, pk)
    question = _question(survey, question_pk)
    try:
        services.question_remove(question=question, user=request.user)
    except ValidationError as error:
        return _refused(request, survey, error)
    messages.success(request, _("Question “%(question)s” removed.") % {
        "question": question.text})
    return redirect(reverse("feedback:survey_build", args=[survey.pk]) + "#questions")


def survey_results(request, pk):
    survey = get_object_or_404(Survey.objects.select_related("service"), pk=pk)
    if not perms.can_view_survey_results(request.user, survey):
        raise PermissionDenied
    results = selectors.survey_results(survey)
    for row in results.questions:
        row.chart = question_chart_svg(row)
    return TemplateResponse(request, "feedback/survey_results.html", {
        "survey": survey, "results": results,
        "can_feed": perms.can_manage_survey(request.user, survey) and any(
            r.question.indicator_id for r in results.questions),
        "can_manage": perms.can_manage_survey(request.user, survey),
        "public_url": request.build_absolute_uri(survey.get_public_url()),
    })


def survey_results_pdf(request, pk):
    from .pdf import render_survey_results

    survey = get_object_or_404(Survey.objects.select_related("service"), pk=pk)
    if not perms.can_view_survey_results(request.user, survey):
        raise PermissionDenied
    response = HttpResponse(render_survey_results(selectors.survey_results(survey)),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_("survey")}-{survey.pk}-{timezone.localdate():%Y-%m-%d}.pdf"')
    return response


@require_POST
def survey_feed(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        counts = services.survey_feed_indicators(survey=survey, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _(
            "Indicators fed: %(created)s new values, %(updated)s corrected, %(unchanged)s "
            "unchanged.") % counts)
    return redirect("feedback:survey_results", survey.pk)


# --- commitments ----------------------------------------------------------------------------


def commitment_register(request):
    if not perms.can_view_commitments(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "feedback/commitment_register.html", {
        "commitments": selectors.commitments_with_results(
            Commitment.objects.filter(is_active=True)),
    })


# --- public pages (no login) ----------------------------------------------------------------


def _answered(request) -> list[int]:
    return list(request.session.get(SESSION_KEY, []))


def _open_survey(token) -> Survey:
    survey = Survey.objects.filter(token=token).exclude(status=Survey.Status.DRAFT).first()
    if survey is None:
        raise Http404
    return survey


@csrf_protect
def public_survey(request, token):
    survey = _open_survey(token)
    questions = list(survey.questions.all())
    context = {"survey": survey, "questions": questions, "values": {}, "errors": {},
               "scale": range(SCALE_MIN, SCALE_MAX + 1)}
    if not survey.is_accepting_answers():
        return TemplateResponse(request, "feedback/public_survey_closed.html", context)
    if survey.pk in _answered(request):
        return TemplateResponse(request, "feedback/public_survey_thanks.html",
                                {**context, "already": True})
    if request.method == "POST":
        data = {f"q{q.pk}": request.POST.get(f"q{q.pk}", "") for q in questions}
        try:
            services.survey_submit(survey=survey, data=data,
                                   submission_key=request.POST.get("submission_key", ""))
        except services.AlreadySubmitted:
            return TemplateResponse(request, "feedback/public_survey_thanks.html",
                                    {**context, "already": True})
        except services.SurveyAnswersInvalid as error:
            context.update(values=data, errors={f"q{pk}": m for pk, m in error.errors.items()},
                           submission_key=request.POST.get("submission_key"))
            return TemplateResponse(request, "feedback/public_survey.html", context, status=400)
        except ValidationError as error:
            context.update(values=data, form_error=" ".join(error.messages),
                           submission_key=secrets.token_urlsafe(24))
            return TemplateResponse(request, "feedback/public_survey.html", context, status=400)
        request.session[SESSION_KEY] = [*_answered(request), survey.pk]
        return redirect(reverse("feedback:public_survey_thanks", args=[survey.token]))
    context["submission_key"] = secrets.token_urlsafe(24)
    return TemplateResponse(request, "feedback/public_survey.html", context)


def public_survey_thanks(request, token):
    survey = _open_survey(token)
    return TemplateResponse(request, "feedback/public_survey_thanks.html",
                            {"survey": survey, "already": False})


def public_commitments(request):
    return TemplateResponse(request, "feedback/public_commitments.html", {
        "commitments": selectors.commitments_with_results(
            Commitment.objects.filter(is_published=True, is_active=True)),
        "today": timezone.localdate(),
    })
