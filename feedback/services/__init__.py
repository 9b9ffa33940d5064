"""Writes about user feedback: complaints and requests, surveys, computed indicators."""

from .complaints import (
    feedback_create,
    feedback_erase_citizen_data,
    feedback_open_nonconformity,
    feedback_update,
    nonconformities_of,
    nonconformity_available,
)
from .metrics import (
    MonthFigures,
    feedback_indicators_compute,
    month_figures,
)
from .surveys import (
    AlreadySubmitted,
    SurveyAnswersInvalid,
    clean_plain_text,
    survey_feed_indicators,
    survey_submit,
)

__all__ = [
    "AlreadySubmitted",
    "MonthFigures",
    "SurveyAnswersInvalid",
    "clean_plain_text",
    "feedback_create",
    "feedback_erase_citizen_data",
    "feedback_indicators_compute",
    "feedback_open_nonconformity",
    "feedback_update",
    "month_figures",
    "nonconformities_of",
    "nonconformity_available",
    "survey_feed_indicators",
    "survey_submit",
]
