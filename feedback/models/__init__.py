from .commitments import Commitment
from .feedback import FeedbackIndicator, UserFeedback
from .surveys import Answer, Question, Survey, SurveyResponse

__all__ = [
    "Answer",
    "Commitment",
    "FeedbackIndicator",
    "Question",
    "Survey",
    "SurveyResponse",
    "UserFeedback",
]
