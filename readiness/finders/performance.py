"""Evidence of planning and performance: objectives (ISO 9001 §6.2), indicator values
(§9.1, §9.1.1, §9.1.3) and the users' voice — complaints, surveys and published service
commitments (§8.2.1, §9.1.2, Qualivilles / Services Publics+)."""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult

from ._common import capped, coverage_of, joined, result, since


# --- objectives ----------------------------------------------------------------------------
def objectives(ctx: EvidenceContext) -> KindResult:
    """The services' objectives in force this year, each with an active indicator, an
    owner, a target for the year (its indicators' yearly target) and a deadline (its last
    year): one query."""
    from indicators.models import Objective

    year = ctx.today.year
    active = Q(indicators__is_active=True)
    rows = list(
        Objective.objects.filter(service__in=list(ctx.service_ids), start_year__lte=year,
                                 end_year__gte=year)
        .exclude(status__in=[Objective.Status.DRAFT, Objective.Status.ABANDONED])
        .annotate(
            indicator_count=Count("indicators", filter=active, distinct=True),
            targeted=Count("indicators", filter=active & Q(indicators__targets__year=year),
                           distinct=True),
        )
        .order_by("kind", "code")
        .values("code", "title", "service_id", "owner_id", "end_year", "status",
                "indicator_count", "targeted")
    )
    if not rows:
        return result(Coverage.MISSING, [], [_("No objective of the service is in force in "
                                                "%(year)s.") % {"year": year}])
    statuses = dict(Objective.Status.choices)
    items, gaps, complete = [], [], 0
    for row in rows:
        missing = []
        if not row["indicator_count"]:
            missing.append(_("The objective %(objective)s has no indicator."))
        elif not row["targeted"]:
            missing.append(_("The objective %(objective)s has no target for %(year)s."))
        if not row["owner_id"]:
            missing.append(_("The objective %(objective)s has no owner."))
        gaps += [message % {"objective": row["code"], "year": year} for message in missing]
        complete += not missing
        items.append(EvidenceItem(
            label=f"{row['code']} — {row['title']}",
            url=reverse("indicators:service_dashboard", args=[row["service_id"]]),
            detail=_("%(status)s, until %(year)s") % {"status": statuses[row["status"]],
                                                       "year": row["end_year"]},
        ))
    gaps = capped(gaps, lambda n: ngettext(
        "%(count)s more gap in the objectives.", "%(count)s more gaps in the objectives.", n)
        % {"count": n})
    return result(Coverage.COVERED if complete == len(rows) else Coverage.PARTLY, items, gaps)


# --- indicators ----------------------------------------------------------------------------
def indicators(ctx: EvidenceContext) -> KindResult:
    """Every active indicator of the services has a value for its last closed period
    (indicators.Period.last_closed, the period the reminders ask for) or a later one: one
    query."""
    from indicators.models import Frequency, Indicator, Measurement, Period

    periods = {f: Period.last_closed(ctx.today, f) for f in Frequency.values}
    due_start = Case(*[When(frequency=f, then=Value(p.start)) for f, p in periods.items()],
                     output_field=DateField())
    due_label = Case(*[When(frequency=f, then=Value(p.label)) for f, p in periods.items()],
                     output_field=CharField())
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-period_start")
    rows = list(
        Indicator.objects.filter(service__in=list(ctx.service_ids), is_active=True)
        .annotate(
            due_start=due_start, due_label=due_label,
            up_to_date=Exists(Measurement.objects.filter(
                indicator=OuterRef("pk"), period_start__gte=OuterRef("due_start"))),
            latest_period=Subquery(latest.values("period")[:1]),
            latest_start=Subquery(latest.values("period_start")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
        )
        .order_by("code")
        .values("code", "title", "unit", "due_label", "up_to_date", "latest_period",
                "latest_start", "latest_value")
    )
    if not rows:
        return result(Coverage.MISSING, [], [_("The service has no active indicator.")])
    # The indicators up to date first.
    rows.sort(key=lambda row: not row["up_to_date"])
    items, late = [], [row["code"] for row in rows if not row["up_to_date"]]
    for row in rows:
        detail = (_("%(period)s: %(value)s %(unit)s") % {
            "period": row["latest_period"], "value": _number(row["latest_value"]),
            "unit": row["unit"]} if row["latest_period"] else _("no value yet")).strip()
        if not row["up_to_date"]:
            detail += " · " + _("missing for %(period)s") % {"period": row["due_label"]}
        items.append(EvidenceItem(
            label=f"{row['code']} — {row['title']}",
            url=reverse("indicators:indicator_detail", args=[row["code"]]),
            date=row["latest_start"], detail=detail,
        ))
    gaps = []
    if late:
        gaps.append(ngettext(
            "%(count)s indicator has no value for its last period (%(codes)s).",
            "%(count)s indicators have no value for their last period (%(codes)s).",
            len(late)) % {"count": len(late), "codes": joined(late)})
    return result(coverage_of(len(rows) - len(late), len(rows)), items, gaps)


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")


# --- feedback ------------------------------------------------------------------------------
def feedback(ctx: EvidenceContext) -> KindResult:
    """Complaints of the last 12 months answered within the announced time (15 days), a
    satisfaction survey with answers in the last 12 months (the service's or the whole
    municipality's), the service's commitments published: three queries."""
    from audits.models import Standard
    from feedback.models import Commitment, Survey, UserFeedback
    from feedback.models.feedback import ANSWER_DAYS

    ids, today, start = list(ctx.service_ids), ctx.today, since(ctx.today)
    allowed = datetime.timedelta(days=ANSWER_DAYS)
    answered = Q(answered_on__isnull=False)
    complaints = UserFeedback.objects.complaints().filter(
        service__in=ids, received_on__gte=start, received_on__lte=today,
    ).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=answered & Q(answered_on__lte=F("received_on") + allowed)),
        answered_late=Count("pk", filter=answered & Q(answered_on__gt=F("received_on")
                                                           + allowed)),
        overdue=Count("pk", filter=Q(answered_on__isnull=True,
                                     received_on__lt=today - allowed)),
    )
    surveys = list(
        Survey.objects.exclude(status=Survey.Status.DRAFT)
        .filter(Q(service__in=ids) | Q(service__isnull=True))
        .annotate(day=Coalesce("closes_on", "opens_on"),
                  answers=Count("responses", distinct=True))
        .filter(day__gte=start, opens_on__lte=today)
        .order_by("-day", "-pk").values("pk", "title", "day", "answers", "service_id")
    )
    commitments = list(
        Commitment.objects.filter(is_active=True, services__in=ids).distinct()
        .order_by("number").values("number", "title", "is_published")
    )
    items, gaps = [], []
    answered_surveys = [s for s in surveys if s["answers"]]
    for row in surveys:
        items.append(EvidenceItem(
            label=row["title"], url=reverse("feedback:survey_results", args=[row["pk"]]),
            date=row["day"],
            detail=ngettext("%(count)s answer", "%(count)s answers", row["answers"])
            % {"count": row["answers"]},
        ))
    if not answered_surveys:
        gaps.append(_("No satisfaction survey with answers in the last 12 months."))
    if complaints["total"]:
        items.append(EvidenceItem(
            label=_("Complaints of the last 12 months"), url=reverse("feedback:feedback_list"),
            detail=ngettext(
                "%(on_time)s of %(count)s complaint answered within %(days)s days",
                "%(on_time)s of %(count)s complaints answered within %(days)s days",
                complaints["total"],
            ) % {"on_time": complaints["on_time"], "count": complaints["total"],
                 "days": ANSWER_DAYS},
        ))
        late = complaints["answered_late"] + complaints["overdue"]
        if late:
            gaps.append(ngettext(
                "%(count)s complaint was not answered within %(days)s days.",
                "%(count)s complaints were not answered within %(days)s days.", late,
            ) % {"count": late, "days": ANSWER_DAYS})
    unpublished = [str(c["number"]) for c in commitments if not c["is_published"]]
    for row in commitments:
        items.append(EvidenceItem(
            label=_("Commitment %(number)s — %(title)s") % row,
            url=reverse("feedback:commitment_register"),
            detail=_("published") if row["is_published"] else _("not published"),
        ))
    if unpublished:
        gaps.append(ngettext(
            "%(count)s service commitment is not published (%(numbers)s).",
            "%(count)s service commitments are not published (%(numbers)s).",
            len(unpublished)) % {"count": len(unpublished), "numbers": joined(unpublished)})
    if not commitments and getattr(ctx.standard, "kind", "") == Standard.Kind.LABEL:
        gaps.append(_("No service commitment is registered for the service."))
    if not gaps:
        coverage = Coverage.COVERED
    elif answered_surveys or complaints["on_time"] or any(c["is_published"] for c in commitments):
        coverage = Coverage.PARTLY
    else:
        coverage = Coverage.MISSING
    return result(coverage, items, gaps)
