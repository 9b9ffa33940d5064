"""Building a survey on the intranet (its settings and questions), answering it (public
page, no login) and feeding indicators with its results."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, ProtectedError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from indicators.models import Measurement
from indicators.services import MeasurementInput, measurements_record_batch

from ..models import Answer, Question, Survey, SurveyResponse
from ..models.surveys import SCALE_MAX, SCALE_MIN
from ..permissions import can_manage_survey

MAX_TEXT = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class AlreadySubmitted(Exception):
    """This one-time submission key was already used: nothing new is recorded."""

    def __init__(self, response: SurveyResponse):
        self.response = response
        super().__init__(_("Your answers were already recorded. Thank you!"))


class SurveyAnswersInvalid(ValidationError):
    """Some answers are refused; `errors` maps a question's pk to its message."""

    def __init__(self, errors: dict[int, str]):
        self.errors = errors
        super().__init__(list(errors.values()))


class SurveyLocked(ValidationError):
    """The survey already has responses: its questions are frozen, so that every answer
    keeps the meaning of the question it answered. Nothing was changed."""

    def __init__(self):
        super().__init__(_(
            "This survey already has responses: its questions can no longer be changed, "
            "so that the answers keep their meaning. Nothing was changed. To ask other "
            "questions, create a new survey."), code="survey_locked")


SURVEY_FIELDS = {"title", "audience", "service", "intro", "opens_on", "closes_on", "status"}
QUESTION_FIELDS = {"text", "help_text", "kind", "required"}


def _recorded(instance, *, user, reason: str):
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = str(reason)[:100]
    return instance


def _check_fields(fields: dict, allowed: set[str], name: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{name}() got unexpected fields: {', '.join(sorted(unknown))}")


def _clean_survey(survey: Survey) -> None:
    survey.full_clean(exclude=["token"])
    if survey.status == Survey.Status.OPEN and (
            survey.pk is None or not survey.questions.exists()):
        raise ValidationError({"status": _("Add at least one question before opening the "
                                           "survey.")})


def _locked_survey(survey: Survey, user) -> Survey:
    """The survey's row locked for the change (concurrent edits and answers wait), after
    checking the user may change it and that no response exists yet."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not can_manage_survey(user, survey):
        raise PermissionDenied(_("You may not change this survey."))
    if survey.responses.exists():
        raise SurveyLocked()
    return survey


@transaction.atomic
def survey_create(*, user, title: str, audience: str = Survey.Audience.EXTERNAL,
                  service=None, intro: str = "", opens_on=None, closes_on=None,
                  status: str = Survey.Status.DRAFT) -> Survey:
    """A new survey, a draft until its questions are written (the quality engineer's,
    or a pilot's for one of their services)."""
    survey = Survey(title=(title or "").strip(), audience=audience, service=service,
                    intro=(intro or "").strip(), opens_on=opens_on, closes_on=closes_on,
                    status=status,
                    created_by=user if user is not None and user.is_authenticated else None)
    if not can_manage_survey(user, survey):
        raise PermissionDenied(_("You may not create a survey for this service."))
    _clean_survey(survey)
    _recorded(survey, user=user, reason="Création").save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, user, **fields) -> Survey:
    """Change a survey's settings (title, dates, status...). Allowed after responses
    came in (to close it, correct a date); its questions are not touched here."""
    _check_fields(fields, SURVEY_FIELDS, "survey_update")
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not can_manage_survey(user, survey):
        raise PermissionDenied(_("You may not change this survey."))
    for name, value in fields.items():
        setattr(survey, name, value.strip() if isinstance(value, str) else value)
    if "service" in fields and not can_manage_survey(user, survey):
        raise PermissionDenied(_("You may not move this survey to that service."))
    _clean_survey(survey)
    _recorded(survey, user=user, reason="Modification").save()
    return survey


def questions_editable(survey: Survey) -> bool:
    """Whether the survey's questions may still change: no response recorded yet."""
    return not survey.responses.exists()


def _renumber(survey: Survey, *, user) -> list[Question]:
    """The survey's questions in order, renumbered 1..n where needed (history kept)."""
    questions = list(survey.questions.order_by("order", "pk"))
    for number, question in enumerate(questions, start=1):
        if question.order != number:
            question.order = number
            _recorded(question, user=user, reason="Renumérotation").save(
                update_fields=["order"])
    return questions


@transaction.atomic
def question_add(*, survey: Survey, user, text: str, kind: str = Question.Kind.SCALE,
                 required: bool = True, help_text: str = "") -> Question:
    """Add a question at the end of a survey that has no response yet."""
    survey = _locked_survey(survey, user)
    last = survey.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question(survey=survey, order=last + 1, text=(text or "").strip(),
                        kind=kind, required=required, help_text=(help_text or "").strip())
    question.full_clean()
    _recorded(question, user=user, reason="Ajout").save()
    return question


@transaction.atomic
def question_update(*, question: Question, user, **fields) -> Question:
    """Change a question's wording, kind or whether it is required."""
    _check_fields(fields, QUESTION_FIELDS, "question_update")
    _locked_survey(question.survey, user)
    question = Question.objects.get(pk=question.pk)
    for name, value in fields.items():
        setattr(question, name, value.strip() if isinstance(value, str) else value)
    question.full_clean()
    _recorded(question, user=user, reason="Modification").save()
    return question


@transaction.atomic
def question_move(*, question: Question, user, direction: str) -> list[Question]:
    """Move a question one place "up" or "down"; returns the survey's questions in their
    new order (unchanged at either end)."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    survey = _locked_survey(question.survey, user)
    questions = _renumber(survey, user=user)
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return questions
    first, second = questions[index], questions[other]
    first.order, second.order = second.order, first.order
    for moved in (first, second):
        _recorded(moved, user=user, reason="Déplacement").save(update_fields=["order"])
    questions[index], questions[other] = second, first
    return questions


@transaction.atomic
def question_remove(*, question: Question, user) -> None:
    """Remove a question from a survey that has no response yet (its history keeps it);
    the following questions move up."""
    survey = _locked_survey(question.survey, user)
    question = Question.objects.get(pk=question.pk)
    _recorded(question, user=user, reason="Suppression")
    try:
        with transaction.atomic():
            question.delete()
    except ProtectedError:  # an answer came in meanwhile
        raise SurveyLocked() from None
    _renumber(survey, user=user)


def clean_plain_text(value: str) -> str:
    """Plain text only: markup removed (repeatedly, so that nested tags do not survive),
    control characters dropped. Stored as plain text and escaped when shown."""
    text = str(value or "")
    for _round in range(3):
        stripped = strip_tags(text)
        if stripped == text:
            break
        text = stripped
    text = text.replace("<", "‹").replace(">", "›")  # any bracket left is not markup
    return _CONTROL.sub("", text).strip()[:MAX_TEXT]


def _parse(question: Question, raw) -> dict | None:
    """The answer fields of one question, or None when left empty; raise ValueError with
    the message for the citizen."""
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in (None, ""):
        if question.required:
            raise ValueError(_("This question requires an answer."))
        return None
    if question.kind == Question.Kind.SCALE:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or not SCALE_MIN <= value <= SCALE_MAX:
            raise ValueError(_("Choose a value between %(min)s and %(max)s.")
                             % {"min": SCALE_MIN, "max": SCALE_MAX})
        return {"scale_value": value}
    if question.kind == Question.Kind.YES_NO:
        if raw not in ("yes", "no"):
            raise ValueError(_("Answer yes or no."))
        return {"yes_no": raw == "yes"}
    text = clean_plain_text(raw)
    if not text:
        if question.required:
            raise ValueError(_("This question requires an answer (plain text, no markup)."))
        return None
    return {"text": text}


@transaction.atomic
def survey_submit(*, survey: Survey, data: dict, submission_key: str) -> SurveyResponse:
    """Record one person's answers. `data` maps "q<pk>" to the raw value typed.

    Refused as a whole (SurveyAnswersInvalid, every bad question named) when an answer
    is invalid; refused with AlreadySubmitted when the one-time key was already used."""
    if not survey.is_accepting_answers():
        raise ValidationError(_("This survey is not open for answers."))
    key = (submission_key or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", key):
        raise ValidationError(_("The form has expired: reload the page and answer again."))
    existing = SurveyResponse.objects.filter(submission_key=key).first()
    if existing is not None:
        raise AlreadySubmitted(existing)
    parsed, errors = {}, {}
    for question in survey.questions.all():
        try:
            parsed[question] = _parse(question, data.get(f"q{question.pk}"))
        except ValueError as error:
            errors[question.pk] = str(error)
    if errors:
        raise SurveyAnswersInvalid(errors)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, submission_key=key)
    except IntegrityError:  # the same key submitted twice at once
        raise AlreadySubmitted(SurveyResponse.objects.get(submission_key=key)) from None
    Answer.objects.bulk_create([
        Answer(response=response, question=question, **fields)
        for question, fields in parsed.items() if fields
    ])
    return response


def survey_feed_indicators(*, survey: Survey, user, period: str | None = None) -> dict:
    """Record, for each question linked to an indicator, the mean score (scale) or the
    share of yes in % (yes/no) as a measurement of the survey's period: the indicator's
    period containing the survey's closing date (or `period` when given). Idempotent like
    every measurement write; a changed value is a correction with its reason."""
    from ..selectors import survey_results

    if not can_manage_survey(user, survey):
        raise PermissionDenied(_("You may not publish this survey's results."))
    results = survey_results(survey)
    items = []
    for row in results.questions:
        indicator = row.question.indicator
        if indicator is None or row.value_for_indicator is None:
            continue
        if period is None:
            from indicators.models import Period

            day = survey.closes_on or survey.opens_on
            if day is None:
                raise ValidationError(_("Give the survey's dates to know the period of its "
                                        "results."))
            label = Period.containing(day, indicator.frequency).label
        else:
            label = period
        items.append(MeasurementInput(
            indicator_code=indicator.code, period=label, value=row.value_for_indicator,
            comment=_("Survey “%(title)s”: %(count)s responses.")
            % {"title": survey.title, "count": results.response_count},
            reason=_("Survey results updated."),
        ))
    if not items:
        return {"created": 0, "updated": 0, "unchanged": 0}
    return measurements_record_batch(items, user=user, origin=Measurement.Origin.MANUAL)
