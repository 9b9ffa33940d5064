"""Answering a survey (public page, no login) and feeding indicators with its results."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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
