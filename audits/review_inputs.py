"""The management review's inputs c4) — nonconformities and corrective actions — and c6)
— audit results (ISO 9001 §9.3.2 c) 4 and c) 6), compiled from the audits app.

reviews/ finds ``nonconformities`` and ``audit_results`` by their dotted paths
(reviews.inputs.DEFAULT_COMPILERS): this module does not import reviews. Each returns
the plain data described at the top of reviews/inputs.py — JSON-serialisable, labels
as text in the language of the compilation. Reading actions is allowed (audits sits
above actions)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from qms.snapshots import chart, figure, row, short_date, table

from .models import Audit, Finding, Nonconformity

#: Length of the conclusion excerpt shown for each audit.
EXCERPT_CHARS = 160


# --- helpers ----------------------------------------------------------------------------------
def _dates(first: datetime.date | None, last: datetime.date | None) -> str:
    if not first:
        return ""
    if not last or last == first:
        return short_date(first)
    return f"{short_date(first)} – {short_date(last)}"


def _months(start: datetime.date, end: datetime.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- c4) nonconformities and corrective actions -----------------------------------------------
def nonconformities(*, start: datetime.date, end: datetime.date) -> dict:
    """The nonconformities detected in the period (by source and status, per month),
    those closed in it, those still open at its end (mean age, overdue ones, listed) and
    their corrective actions. Three queries whatever the volume (four on a cold content
    type cache)."""
    from actions.models import Action

    today = timezone.localdate()
    on = min(end, today)  # the date the open nonconformities are judged at
    records = list(
        Nonconformity.objects.filter(detected_at__lte=end).exclude(closed_at__lt=start)
        .values_list("reference", "title", "service__name", "source_kind", "status",
                     "detected_at", "closed_at", "target_closure_date")
        .order_by("detected_at", "reference")
    )
    detected, open_at_end = [], []
    closed = 0
    for record in records:
        _ref, _title, _service, _source, status, detected_at, closed_at, _target = record
        if start <= detected_at:
            detected.append(record)
        if closed_at is not None and start <= closed_at <= end:
            closed += 1
        closed_by_end = (closed_at is not None and closed_at <= end) or (
            closed_at is None and status == Nonconformity.Status.CLOSED)
        if not closed_by_end:
            open_at_end.append(record)

    ages = [max((on - r[5]).days, 0) for r in open_at_end]
    overdue = [r for r in open_at_end if r[7] is not None and r[7] < on]

    # Detected in the period: source × status.
    crossing = Counter((r[3], r[4]) for r in detected)
    statuses = Nonconformity.Status.choices
    list_url = reverse("audits:nonconformities")
    by_source = [
        row(label, sum(crossing[(value, s)] for s, _l in statuses),
             *(crossing[(value, s)] for s, _l in statuses), url=list_url)
        for value, label in Nonconformity.SourceKind.choices
    ]
    by_source.append(row(_("Total"), len(detected),
                          *(sum(crossing[(v, s)] for v in Nonconformity.SourceKind.values)
                            for s, _l in statuses), url=list_url))

    # Corrective actions: the actions whose source is a nonconformity, alive in the period.
    late = Q(due_date__lt=on) & (Q(status__in=Action.OPEN_STATUSES) | Q(completed_at__gt=on))
    actions = (
        Action.objects.filter(source_content_type=ContentType.objects.get_for_model(Nonconformity),
                              created_at__date__lte=end)
        .exclude(Q(completed_at__lt=start) | Q(status=Action.Status.CANCELLED))
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
            effective=Count("pk", filter=Q(effectiveness_verdict=Action.Verdict.EFFECTIVE)),
            not_effective=Count("pk",
                                filter=Q(effectiveness_verdict=Action.Verdict.NOT_EFFECTIVE)),
            late=Count("pk", filter=late),
        )
    )

    status_labels = dict(statuses)
    # The overdue first, then the oldest: the review keeps the first rows.
    open_at_end = sorted(open_at_end, key=lambda r: (not (r[7] is not None and r[7] < on), r[5]))
    open_rows = []
    for reference, title, service, _source, status, detected_at, closed_at, target in open_at_end:
        if closed_at is not None:  # closed after the period
            shown = _("Closed on %(date)s") % {"date": short_date(closed_at)}
        else:
            shown = str(status_labels.get(status, status))
        open_rows.append(row(
            reference, title, service, max((on - detected_at).days, 0), short_date(target),
            _("yes") if target is not None and target < on else "", shown,
            url=reverse("audits:nonconformity", args=[reference]),
        ))

    months = _months(start, end)
    per_month = Counter((r[5].year, r[5].month) for r in detected)
    figures = [
        figure(_("Nonconformities detected in the period"), len(detected)),
        *(figure(_("Detected — %(source)s") % {"source": label},
                  sum(1 for r in detected if r[3] == value))
          for value, label in Nonconformity.SourceKind.choices),
        figure(_("Nonconformities closed in the period"), closed),
        figure(_("Open at the end of the period"), len(open_at_end)),
        figure(_("Mean age of the open ones (days)"),
                round(sum(ages) / len(ages), 1) if ages else None),
        figure(_("Overdue (target closure date passed)"), len(overdue)),
        figure(_("Corrective actions"), actions["total"]),
        figure(_("Corrective actions done"), actions["done"]),
        figure(_("Checked effective"), actions["effective"]),
        figure(_("Checked not effective"), actions["not_effective"]),
        figure(_("Corrective actions late"), actions["late"]),
    ]
    notes = []
    if not records:
        notes.append(_("No nonconformity was detected, open or closed in the period."))
    if actions["not_effective"]:
        notes.append(_("%(count)s corrective actions were found not effective: the causes "
                       "need a new analysis.") % {"count": actions["not_effective"]})
    return {
        "available": True,
        "figures": figures,
        "tables": [
            table(_("Nonconformities detected in the period, by source and status"),
                   [_("Source"), _("Detected"), *(label for _v, label in statuses)], by_source),
            table(_("Nonconformities open at the end of the period"),
                   [_("Reference"), _("Nonconformity"), _("Service"), _("Age (days)"),
                    _("Target closure"), _("Overdue"), _("Status")], open_rows,
                   more_url=reverse("audits:nonconformities")),
        ],
        "chart": chart(_("Nonconformities detected per month"),
                        [f"{month:02d}/{year}" for year, month in months],
                        [(_("Nonconformities"), [per_month[m] for m in months])]),
        "notes": [str(n) for n in notes],
    }


# --- c6) audit results ------------------------------------------------------------------------
def audit_results(*, start: datetime.date, end: datetime.date) -> dict:
    """The audits planned or held in the period (held vs planned), their findings by
    kind, one row per audit with certification and external audits shown apart, and the
    follow-up of the programmes of the years covered. Three queries whatever the volume."""
    kinds = Finding.REPORT_ORDER
    counts = {kind: Count("findings", filter=Q(findings__kind=kind)) for kind in kinds}
    in_period = (Q(planned_start__range=(start, end)) | Q(held_start__range=(start, end))
                 | Q(held_end__range=(start, end)))
    audits = list(
        Audit.objects.filter(in_period).prefetch_related("services")
        .annotate(**{f"n_{kind}": count for kind, count in counts.items()})
        .order_by(Coalesce("held_start", "planned_start"), "reference")
    )

    def when(audit) -> datetime.date:
        return audit.held_start or audit.planned_start

    planned = [a for a in audits if start <= a.planned_start <= end
               and a.status != Audit.Status.CANCELLED]
    held = [a for a in audits if a.is_held and start <= when(a) <= end]
    cancelled = [a for a in audits if a.status == Audit.Status.CANCELLED
                 and start <= a.planned_start <= end]
    pending = [a for a in planned if not a.is_held]
    counted = [a for a in audits if a.status != Audit.Status.CANCELLED]
    by_kind = {kind: sum(getattr(a, f"n_{kind}") for a in counted) for kind in kinds}
    highlighted = [a for a in counted
                   if a.kind in (Audit.Kind.CERTIFICATION, Audit.Kind.EXTERNAL)]

    def conclusion(audit) -> str:
        text = Truncator(" ".join(audit.conclusions.split())).chars(EXCERPT_CHARS)
        if audit.criteria_met:
            text = f"{audit.get_criteria_met_display()}. {text}".strip()
        return text

    def findings(audit) -> list[int]:
        return [getattr(audit, f"n_{kind}") for kind in kinds]

    short = {
        Finding.Kind.MAJOR_NC: _("Major NC"), Finding.Kind.MINOR_NC: _("Minor NC"),
        Finding.Kind.OBSERVATION: _("Observations"),
        Finding.Kind.OPPORTUNITY: _("Opportunities"), Finding.Kind.STRENGTH: _("Strengths"),
    }
    audit_rows = [
        row(a.reference, a.title, a.get_kind_display(),
             ", ".join(s.name for s in a.services.all()),
             _dates(a.planned_start, a.planned_end), _dates(a.held_start, a.held_end),
             a.get_status_display(), *findings(a), conclusion(a),
             url=a.get_absolute_url())
        for a in audits
    ]
    highlight_rows = [
        row(a.reference, a.title, a.get_kind_display(), a.auditee,
             _dates(a.held_start, a.held_end) or _dates(a.planned_start, a.planned_end),
             a.get_status_display(), *findings(a), conclusion(a), url=a.get_absolute_url())
        for a in highlighted
    ]

    # Follow-up of the programmes of the years the period covers (one grouped query).
    follow = {}
    for year, status, n in (
        Audit.objects.filter(programme__year__range=(start.year, end.year))
        .values_list("programme__year", "status").annotate(n=Count("pk"))
        .order_by("programme__year")
    ):
        line = follow.setdefault(year, {"planned": 0, "held": 0, "cancelled": 0})
        if status == Audit.Status.CANCELLED:
            line["cancelled"] += n
            continue
        line["planned"] += n
        if status in Audit.HELD_STATUSES:
            line["held"] += n
    programme_rows = [
        row(year, line["planned"], line["held"], line["cancelled"],
             f"{round(100 * line['held'] / line['planned'])} %" if line["planned"] else "—",
             url=reverse("audits:programme", args=[year]))
        for year, line in sorted(follow.items())
    ]

    finding_columns = [short[kind] for kind in kinds]
    figures = [
        figure(_("Audits planned in the period"), len(planned)),
        figure(_("Audits held in the period"), len(held)),
        figure(_("Planned audits held (%)"),
                _percent(sum(1 for a in planned if a.is_held), len(planned))),
        figure(_("Planned audits not held yet"), len(pending)),
        figure(_("Audits cancelled"), len(cancelled)),
        figure(_("Certification and external audits"), len(highlighted)),
        figure(_("Findings"), sum(by_kind.values())),
        *(figure(Finding.Kind(kind).label, by_kind[kind]) for kind in kinds),
    ]
    tables = []
    if highlight_rows:
        tables.append(table(
            _("Certification and external audits"),
            [_("Reference"), _("Audit"), _("Type"), _("Auditee / body"), _("Dates"),
             _("Status"), *finding_columns, _("Conclusion")], highlight_rows))
    tables += [
        table(_("Audits of the period"),
               [_("Reference"), _("Audit"), _("Type"), _("Services"), _("Planned"),
                _("Held"), _("Status"), *finding_columns, _("Conclusion")], audit_rows,
               more_url=reverse("audits:index")),
        table(_("Audit programme follow-up"),
               [_("Programme"), _("Planned"), _("Held"), _("Cancelled"), _("Held vs planned")],
               programme_rows),
    ]
    notes = []
    if not audits:
        notes.append(_("No audit was planned or held in the period."))
    elif pending:
        notes.append(_("%(count)s audits planned in the period have not been held yet: "
                       "%(references)s.") % {"count": len(pending),
                                             "references": ", ".join(a.reference
                                                                     for a in pending)})
    return {
        "available": True,
        "figures": figures,
        "tables": tables,
        "chart": chart(_("Audit findings by kind"),
                        [Finding.Kind(kind).label for kind in kinds],
                        [(_("Findings"), [by_kind[kind] for kind in kinds])]),
        "notes": [str(n) for n in notes],
    }
