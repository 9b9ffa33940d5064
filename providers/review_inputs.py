"""The management review's input c7) — performance of external providers (ISO 9001
§9.3.2 c) 7) — compiled from the providers' register.

reviews/ finds ``provider_performance`` by its dotted path (reviews.inputs.
DEFAULT_COMPILERS): this module does not import reviews. It returns the plain data
described at the top of reviews/inputs.py — JSON-serialisable, labels as text in the
language of the compilation, tables with the most telling rows first. Three queries
whatever the volume."""

from __future__ import annotations

import datetime

from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.snapshots import chart, figure, row, short_date, table

from .models import Evaluation, Provider


def _average(values) -> float | None:
    values = [float(v) for v in values if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def provider_performance(*, start: datetime.date, end: datetime.date) -> dict:
    """The evaluations made in the period (count, average score, its trend against the
    period of the same length before), the providers whose last evaluation of the period
    puts them under watch or to be replaced, and the evaluations overdue at the end of
    the period (or today, if sooner)."""
    on = min(end, timezone.localdate())
    evaluations = list(
        Evaluation.objects.filter(evaluated_on__range=(start, end))
        .select_related("provider").order_by("evaluated_on", "pk")
    )
    length = end - start
    previous = Evaluation.objects.filter(
        evaluated_on__range=(start - length - datetime.timedelta(days=1),
                             start - datetime.timedelta(days=1))
    ).aggregate(average=Avg("score"))["average"]
    overdue = list(
        Provider.objects.active().filter(next_evaluation_due__lt=on)
        .order_by("next_evaluation_due", "name")
        .values_list("pk", "name", "kind", "next_evaluation_due", "last_evaluated_on")
    )

    average = _average(e.score for e in evaluations)
    previous = round(float(previous), 1) if previous is not None else None
    trend = round(average - previous, 1) if average is not None and previous is not None \
        else None
    latest: dict[int, Evaluation] = {}
    for evaluation in evaluations:
        latest[evaluation.provider_id] = evaluation
    conclusions = dict(Evaluation.Conclusion.choices)
    kinds = dict(Provider.Kind.choices)
    watched = sorted(
        (e for e in latest.values() if e.conclusion != Evaluation.Conclusion.APPROVED),
        key=lambda e: (e.conclusion != Evaluation.Conclusion.REPLACE, float(e.score or 0)),
    )
    register_url = reverse("providers:register")
    watch_rows = [
        row(e.provider.name, kinds.get(e.provider.kind, ""), short_date(e.evaluated_on),
            f"{float(e.score):g} %" if e.score is not None else "",
            conclusions.get(e.conclusion, ""), e.comment[:160],
            url=e.get_absolute_url())
        for e in watched
    ]
    evaluation_rows = [
        row(e.provider.name, kinds.get(e.provider.kind, ""), short_date(e.evaluated_on),
            f"{float(e.score):g} %" if e.score is not None else "",
            conclusions.get(e.conclusion, ""), url=e.get_absolute_url())
        for e in sorted(evaluations, key=lambda e: (float(e.score or 0), e.evaluated_on))
    ]
    overdue_rows = [
        row(name, kinds.get(kind, ""), short_date(due), (on - due).days,
            short_date(last) or _("never"), url=reverse("providers:provider", args=[pk]))
        for pk, name, kind, due, last in overdue
    ]
    by_kind = {}
    for evaluation in evaluations:
        by_kind.setdefault(evaluation.provider.kind, []).append(evaluation.score)
    kind_labels = [label for value, label in Provider.Kind.choices if value in by_kind]
    kind_values = [_average(by_kind[value]) for value in Provider.Kind.values
                   if value in by_kind]

    figures = [
        figure(_("Provider evaluations in the period"), len(evaluations)),
        figure(_("Providers evaluated"), len(latest)),
        figure(_("Average score (%)"), average),
        figure(_("Average score of the previous period (%)"), previous),
        figure(_("Trend (points)"), trend),
        figure(_("Approved under watch"),
               sum(1 for e in latest.values() if e.conclusion == Evaluation.Conclusion.WATCH)),
        figure(_("To be replaced"),
               sum(1 for e in latest.values() if e.conclusion == Evaluation.Conclusion.REPLACE)),
        figure(_("Evaluations overdue"), len(overdue)),
    ]
    notes = []
    if not evaluations:
        notes.append(_("No provider was evaluated in the period."))
    if trend is not None and trend <= -5:
        notes.append(_("The providers' average score fell by %(points)s points against the "
                       "previous period.") % {"points": f"{-trend:g}"})
    return {
        "available": True,
        "figures": figures,
        "tables": [
            table(_("Providers under watch or to be replaced"),
                  [_("Provider"), _("Type"), _("Evaluated on"), _("Score"), _("Conclusion"),
                   _("Comment")], watch_rows, more_url=register_url),
            table(_("Overdue provider evaluations"),
                  [_("Provider"), _("Type"), _("Due on"), _("Days overdue"),
                   _("Last evaluated on")], overdue_rows,
                  more_url=register_url + "?overdue=on"),
            table(_("Provider evaluations of the period, lowest score first"),
                  [_("Provider"), _("Type"), _("Evaluated on"), _("Score"), _("Conclusion")],
                  evaluation_rows, more_url=reverse("providers:rollup")),
        ],
        "chart": chart(_("Average provider score by type (%)"), kind_labels,
                       [(_("Average score"), kind_values)], unit="%"),
        "notes": [str(n) for n in notes],
    }
