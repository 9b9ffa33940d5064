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
    SurveyLocked,
    clean_plain_text,
    question_add,
    question_move,
    question_remove,
    question_update,
    questions_editable,
    survey_create,
    survey_feed_indicators,
    survey_submit,
    survey_update,
)

__all__ = [
    "AlreadySubmitted",
    "MonthFigures",
    "SurveyAnswersInvalid",
    "SurveyLocked",
    "clean_plain_text",
    "feedback_create",
    "feedback_erase_citizen_data",
    "feedback_indicators_compute",
    "feedback_open_nonconformity",
    "feedback_update",
    "month_figures",
    "nonconformities_of",
    "nonconformity_available",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "questions_editable",
    "survey_create",
    "survey_feed_indicators",
    "survey_submit",
    "survey_update",
]
