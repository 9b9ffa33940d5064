"""Composed reads: the complaint list with ages, a survey's results, the commitments
with their latest results against target. Each runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone

from indicators.models import Indicator, IndicatorTarget, Measurement
from qms.models import Service

from .models import Answer, Commitment, Question, Survey, SurveyResponse, UserFeedback
from .models.surveys import SCALE_MAX, SCALE_MIN
from .permissions import visible_feedback, visible_surveys

# --- complaints and requests ---------------------------------------------------------


def feedback_list(user, *, service=None, kind="", status="", overdue=False, today=None):
    """The records the user may read, newest first, filtered."""
    today = today or timezone.localdate()
    rows = visible_feedback(user, UserFeedback.objects.select_related("service"))
    if service:
        rows = rows.filter(service=service)
    if kind:
        rows = rows.filter(kind=kind)
    if status == UserFeedback.Status.ANSWERED:
        rows = rows.filter(answered_on__isnull=False)
    elif status == UserFeedback.Status.ACKNOWLEDGED:
        rows = rows.filter(answered_on__isnull=True, acknowledged_on__isnull=False)
    elif status == UserFeedback.Status.RECEIVED:
        rows = rows.filter(answered_on__isnull=True, acknowledged_on__isnull=True)
    if overdue:
        rows = rows.overdue(today)
    return rows


def services_with_feedback(user):
    """The services the user may filter on (those whose records they read)."""
    ids = visible_feedback(user, UserFeedback.objects.all()).values("service_id")
    return Service.objects.filter(pk__in=ids).order_by("name")


# --- surveys --------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    distribution: dict[int, int] = field(default_factory=dict)  # scale value -> count
    yes: int = 0
    no: int = 0
    texts: list[str] = field(default_factory=list)
    total: int = 0  # sum of scale values

    @property
    def mean(self) -> Decimal | None:
        if self.question.kind != Question.Kind.SCALE or not self.answered:
            return None
        return (Decimal(self.total) / self.answered).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def yes_share(self) -> Decimal | None:
        if self.question.kind != Question.Kind.YES_NO or not (self.yes + self.no):
            return None
        return (Decimal(100 * self.yes) / (self.yes + self.no)).quantize(
            Decimal("0.1"), ROUND_HALF_UP)

    @property
    def value_for_indicator(self) -> Decimal | None:
        return self.mean if self.question.kind == Question.Kind.SCALE else self.yes_share

    @property
    def bars(self) -> list[tuple[str, int]]:
        """(label, count) per bar of the chart."""
        if self.question.kind == Question.Kind.SCALE:
            return [(str(v), self.distribution.get(v, 0))
                    for v in range(SCALE_MIN, SCALE_MAX + 1)]
        if self.question.kind == Question.Kind.YES_NO:
            from django.utils.translation import gettext as _

            return [(_("Yes"), self.yes), (_("No"), self.no)]
        return []


@dataclass
class SurveyResults:
    survey: Survey
    response_count: int
    questions: list[QuestionResult]


def survey_results(survey: Survey) -> SurveyResults:
    """Counts, distributions, means and free-text answers of every question (four
    queries, whatever the number of responses)."""
    questions = list(survey.questions.select_related("indicator"))
    by_pk = {q.pk: QuestionResult(q) for q in questions}
    count = SurveyResponse.objects.filter(survey=survey).count()
    grouped = (Answer.objects.filter(question__survey=survey)
               .exclude(scale_value__isnull=True, yes_no__isnull=True)
               .values("question_id", "scale_value", "yes_no").annotate(n=Count("pk"))
               .order_by())
    for row in grouped:
        result = by_pk[row["question_id"]]
        result.answered += row["n"]
        if row["scale_value"] is not None:
            result.distribution[row["scale_value"]] = row["n"]
            result.total += row["scale_value"] * row["n"]
        elif row["yes_no"] is True:
            result.yes += row["n"]
        elif row["yes_no"] is False:
            result.no += row["n"]
    texts = (Answer.objects.filter(question__survey=survey, question__kind=Question.Kind.TEXT)
             .exclude(text="").order_by("-response__submitted_at", "pk")
             .values_list("question_id", "text"))
    for question_id, text in texts:
        by_pk[question_id].texts.append(text)
        by_pk[question_id].answered += 1
    return SurveyResults(survey, count, [by_pk[q.pk] for q in questions])


def surveys_for(user):
    return visible_surveys(user, Survey.objects.select_related("service")).annotate(
        response_count=Count("responses"))


# --- commitments ----------------------------------------------------------------------


@dataclass
class IndicatorResult:
    indicator: Indicator
    latest: Measurement | None
    target: Decimal | None

    @property
    def met(self) -> bool | None:
        if self.latest is None or self.target is None:
            return None
        if self.indicator.direction == Indicator.Direction.LOWER:
            return self.latest.value <= self.target
        return self.latest.value >= self.target


@dataclass
class CommitmentResult:
    commitment: Commitment
    results: list[IndicatorResult]


def commitments_with_results(queryset=None) -> list[CommitmentResult]:
    """Each commitment with, per indicator, its latest value and that year's target
    (five queries)."""
    queryset = queryset if queryset is not None else Commitment.objects.all()
    latest_pk = Subquery(Measurement.objects.filter(indicator=OuterRef("pk"))
                         .order_by("-period_start").values("pk")[:1])
    commitments = list(queryset.prefetch_related(
        "services",
        Prefetch("indicators", queryset=Indicator.objects.annotate(latest_pk=latest_pk)),
    ))
    indicators = {i.pk: i for c in commitments for i in c.indicators.all()}
    latest_ids = [i.latest_pk for i in indicators.values() if i.latest_pk]
    latest = {m.pk: m for m in Measurement.objects.filter(pk__in=latest_ids)}
    targets = defaultdict(dict)
    for t in IndicatorTarget.objects.filter(indicator_id__in=indicators):
        targets[t.indicator_id][t.year] = t.value
    out = []
    for commitment in commitments:
        rows = []
        for indicator in commitment.indicators.all():
            measurement = latest.get(indicator.latest_pk)
            year = measurement.period_start.year if measurement else timezone.localdate().year
            rows.append(IndicatorResult(indicator, measurement, targets[indicator.pk].get(year)))
        out.append(CommitmentResult(commitment, rows))
    return out
