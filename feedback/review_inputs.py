"""The management review's input c1) — user satisfaction and feedback (ISO 9001
§9.3.2 c) 1) — compiled from the complaints and requests register and the surveys.

reviews/ finds ``satisfaction`` by its dotted path (reviews.inputs.DEFAULT_COMPILERS):
this module does not import reviews. It returns the plain data described at the top of
reviews/inputs.py, with labels in the language of the compilation."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Answer, Question, Survey, UserFeedback

#: The answer time the Services Publics+ commitment announces.
ANSWER_DAYS = 15


def satisfaction(*, start: datetime.date, end: datetime.date) -> dict:
    """Complaints and requests received in the period (per month and per service, with
    their answer times) and the surveys open during it (mean score per scale question).
    Four queries whatever the volume."""
    received = UserFeedback.objects.filter(received_on__range=(start, end))
    complaint = Q(kind=UserFeedback.Kind.COMPLAINT)
    totals = received.aggregate(
        complaints=Count("pk", filter=complaint),
        requests=Count("pk", filter=Q(kind=UserFeedback.Kind.REQUEST)),
        justified=Count("pk", filter=complaint & Q(justified=UserFeedback.Justified.YES)),
        unanswered=Count("pk", filter=Q(answered_on__isnull=True)),
    )
    delays, on_time, answered = [], 0, 0
    months: dict[str, int] = defaultdict(int)
    by_service: dict[str, dict] = {}
    rows = received.values_list("kind", "received_on", "answered_on", "service__name")
    for kind, received_on, answered_on, service in rows:
        line = by_service.setdefault(service, {"complaints": 0, "requests": 0, "days": []})
        if kind == UserFeedback.Kind.COMPLAINT:
            months[received_on.strftime("%Y-%m")] += 1
            line["complaints"] += 1
        else:
            line["requests"] += 1
        if answered_on is not None:
            days = (answered_on - received_on).days
            delays.append(days)
            line["days"].append(days)
            answered += 1
            on_time += days <= ANSWER_DAYS
    contacts = totals["complaints"] + totals["requests"]
    figures = [
        {"label": _("Complaints received"), "value": totals["complaints"]},
        {"label": _("Requests received"), "value": totals["requests"]},
        {"label": _("Complaint rate (% of contacts)"),
         "value": _percent(totals["complaints"], contacts)},
        {"label": _("Complaints judged justified"), "value": totals["justified"]},
        {"label": _("Mean answer time (days)"),
         "value": round(sum(delays) / len(delays), 1) if delays else None},
        {"label": _("Answered within %(days)s days (%%)") % {"days": ANSWER_DAYS},
         "value": _percent(on_time, answered)},
        {"label": _("Still unanswered"), "value": totals["unanswered"]},
    ]
    list_url = reverse("feedback:feedback_list")
    tables = [{
        "title": _("Complaints and requests by service"),
        "columns": [_("Service"), _("Complaints"), _("Requests"), _("Mean answer time (days)")],
        "rows": [
            {"cells": [service, line["complaints"], line["requests"],
                       round(sum(line["days"]) / len(line["days"]), 1) if line["days"]
                       else "—"],
             "url": list_url}
            # The services with the most complaints first.
            for service, line in sorted(by_service.items(),
                                        key=lambda item: (-item[1]["complaints"], item[0]))
        ],
        "more_url": list_url,
    }]
    tables.append(_surveys_table(start, end))
    month_labels = sorted(months)
    chart = {
        "title": _("Complaints received per month"), "unit": "",
        "labels": month_labels,
        "series": [{"name": _("Complaints"), "values": [months[m] for m in month_labels]}],
    } if month_labels else None
    notes = [] if contacts else [_("No complaint or request recorded in the period.")]
    return {"available": True, "figures": figures, "tables": tables, "chart": chart,
            "notes": notes}


def _surveys_table(start, end) -> dict:
    surveys = list(
        Survey.objects.filter(Q(opens_on__lte=end) | Q(opens_on__isnull=True),
                              Q(closes_on__gte=start) | Q(closes_on__isnull=True))
        .exclude(status=Survey.Status.DRAFT)
        .annotate(responses_count=Count("responses", distinct=True))
        .order_by("opens_on", "title")
    )
    means = (
        Answer.objects.filter(question__survey__in=surveys, question__kind=Question.Kind.SCALE,
                              scale_value__isnull=False)
        .values("question__survey_id", "question__text", "question__order")
        .annotate(mean=Avg("scale_value"))
        .order_by("question__survey_id", "question__order")
    )
    by_survey: dict[int, list[str]] = defaultdict(list)
    for row in means:
        by_survey[row["question__survey_id"]].append(
            f"{row['question__text']} : {row['mean']:.1f}/5")
    return {
        "title": _("Satisfaction surveys"),
        "columns": [_("Survey"), _("Answers"), _("Mean scores")],
        "rows": [
            {"cells": [survey.title, survey.responses_count,
                       " · ".join(by_survey[survey.pk]) or "—"],
             "url": reverse("feedback:survey_results", args=[survey.pk])}
            for survey in surveys
        ],
        "more_url": reverse("feedback:survey_list"),
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
