"""Evidence of evaluation and improvement: internal audits (ISO 9001 §9.2),
nonconformities (§8.7, §10.2), compliance evaluations (ISO 14001 §6.1.3, §9.1.2), the
management review (§9.3, §5.1) and the actions of the plan (§6.1, §10.1, §10.3)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import MAX_ITEMS, Coverage, EvidenceContext, EvidenceItem, KindResult

from ._common import as_date, capped, coverage_of, fmt, months_since, result, since


# --- internal audits -----------------------------------------------------------------------
def audits(ctx: EvidenceContext) -> KindResult:
    """An internal audit covering the services (audited themselves, through their
    direction, or through the processes they own) held within 12 months, with its
    report: one query."""
    from audits.models import Audit

    ids, today, start = list(ctx.service_ids), ctx.today, since(ctx.today)
    rows = list(
        Audit.objects.filter(kind=Audit.Kind.INTERNAL)
        .filter(Q(services__in=ids) | Q(services__children__in=ids)
                | Q(processes__service__in=ids))
        .exclude(status=Audit.Status.CANCELLED).distinct()
        .values("reference", "title", "status", "held_start", "held_end", "planned_start",
                "planned_end", "report_state", "criteria_met")
    )
    statuses = dict(Audit.Status.choices)
    held, running, upcoming = [], [], []
    for row in rows:
        row["day"] = row["held_end"] or row["held_start"] or row["planned_end"]
        if row["status"] in Audit.HELD_STATUSES:
            held.append(row)
        elif row["planned_start"] > today:
            upcoming.append(row)
        elif start <= (row["held_start"] or row["planned_start"]):
            running.append(row)
    held.sort(key=lambda row: row["day"], reverse=True)
    items = []
    for row in held + running:
        ready = row["report_state"] == Audit.ReportState.READY
        items.append(EvidenceItem(
            label=f"{row['reference']} — {row['title']}",
            url=reverse("audits:report" if ready else "audits:audit", args=[row["reference"]]),
            date=row["day"], detail=statuses[row["status"]],
        ))
    recent = [row for row in held if start <= row["day"] <= today]
    gaps, coverage = [], Coverage.MISSING
    if recent:
        coverage = Coverage.COVERED
    elif running:
        coverage = Coverage.PARTLY
        gaps += [_("The internal audit %(audit)s has no report yet.") % {
            "audit": row["reference"]} for row in running]
    elif held:
        gaps.append(_("The last internal audit of the service was held %(months)s months "
                      "ago.") % {"months": months_since(held[0]["day"], today)})
    else:
        gaps.append(_("No internal audit of the service was held in the last 12 months."))
    if not recent and upcoming:
        first = min(upcoming, key=lambda row: row["planned_start"])
        gaps.append(_("The next internal audit, %(audit)s, is planned on %(date)s.") % {
            "audit": first["reference"], "date": fmt(first["planned_start"])})
    return result(coverage, items, gaps)


# --- nonconformities -----------------------------------------------------------------------
def nonconformities(ctx: EvidenceContext) -> KindResult:
    """The services' open nonconformities and those of the last 12 months: each open one
    analysed, with actions planned, and not past its target closure date (one query)."""
    from actions.models import Action
    from audits.models import Nonconformity

    today, start = ctx.today, since(ctx.today)
    planned = (
        Action.objects.filter(source_content_type__app_label="audits",
                              source_content_type__model="nonconformity",
                              source_object_id=OuterRef("pk"))
        .exclude(status=Action.Status.CANCELLED)
        .order_by().values("source_object_id").annotate(n=Count("pk")).values("n")
    )
    closed = Nonconformity.Status.CLOSED
    rows = list(
        Nonconformity.objects.filter(service__in=list(ctx.service_ids))
        .filter(~Q(status=closed) | Q(closed_at__gte=start) | Q(detected_at__gte=start))
        .annotate(actions=Coalesce(Subquery(planned, output_field=IntegerField()), Value(0)))
        .order_by("-detected_at", "-reference")
        .values("reference", "title", "status", "detected_at", "closed_at",
                "target_closure_date", "actions")
    )
    if not rows:
        return result(Coverage.MISSING, [], [_("No nonconformity was recorded in the last 12 "
                                                "months.")])
    statuses = dict(Nonconformity.Status.choices)
    items, gaps, good = [], [], 0
    for row in rows:
        reference, problems = row["reference"], []
        if row["status"] != closed:
            due = row["target_closure_date"]
            if due and due < today:
                problems.append(_("The nonconformity %(nc)s is overdue since %(date)s.")
                                % {"nc": reference, "date": fmt(due)})
            if row["status"] == Nonconformity.Status.OPEN:
                problems.append(_("The causes of the nonconformity %(nc)s have not been "
                                  "analysed.") % {"nc": reference})
            elif not row["actions"]:
                problems.append(_("No action is planned for the nonconformity %(nc)s.")
                                % {"nc": reference})
        gaps += problems
        good += not problems
        items.append(EvidenceItem(
            label=f"{reference} — {row['title']}",
            url=reverse("audits:nonconformity", args=[reference]),
            date=row["closed_at"] or row["detected_at"], detail=statuses[row["status"]],
        ))
    gaps = capped(gaps, lambda n: ngettext(
        "%(count)s more gap in the nonconformities.",
        "%(count)s more gaps in the nonconformities.", n) % {"count": n})
    return result(Coverage.COVERED if good == len(rows) else Coverage.PARTLY, items, gaps)


# --- compliance ----------------------------------------------------------------------------
def compliance(ctx: EvidenceContext) -> KindResult:
    """Every applicable text concerning the services evaluated on time — not late by the
    regulatory watch's own rule (Regulation.objects.late), and evaluated at least once:
    two queries."""
    from compliance.models import Regulation

    ids = list(ctx.service_ids)
    texts = list(
        Regulation.objects.evaluated()
        .filter(Q(services__in=ids) | Q(requirements__services__in=ids)).distinct()
        .only("pk", "kind", "number", "published_on", "title", "last_evaluated_on",
              "next_evaluation_due")
        .order_by("pk")
    )
    if not texts:
        return result(Coverage.MISSING, [], [_("No applicable regulation is registered for "
                                                "the service.")])
    late = set(Regulation.objects.late(ctx.today).filter(pk__in=[t.pk for t in texts])
               .values_list("pk", flat=True))
    items, gaps, stale = [], [], []
    for text in texts:
        if text.last_evaluated_on and text.pk not in late:
            items.append(EvidenceItem(
                label=text.reference, url=reverse("compliance:regulation", args=[text.pk]),
                date=text.last_evaluated_on,
                detail=_("next evaluation due on %(date)s") % {
                    "date": fmt(text.next_evaluation_due)},
            ))
        else:
            stale.append(text)
    stale.sort(key=lambda t: t.last_evaluated_on.toordinal() if t.last_evaluated_on else 0)
    for text in stale:
        if text.last_evaluated_on:
            gaps.append(_("%(regulation)s: no compliance evaluation for %(months)s months.")
                        % {"regulation": text.reference,
                           "months": months_since(text.last_evaluated_on, ctx.today)})
        else:
            gaps.append(_("%(regulation)s has never been evaluated for compliance.")
                        % {"regulation": text.reference})
    gaps = capped(gaps, lambda n: ngettext(
        "%(count)s more text is not evaluated on time.",
        "%(count)s more texts are not evaluated on time.", n) % {"count": n})
    items.sort(key=lambda item: item.date, reverse=True)
    return result(coverage_of(len(items), len(texts)), items, gaps)


# --- management review ---------------------------------------------------------------------
def management_review(ctx: EvidenceContext) -> KindResult:
    """A management review validated within 12 months (the latest reviews: one query),
    with the validated process reviews of the services' processes of the same 12 months
    listed beside it (one query)."""
    from reviews.models import ManagementReview, ProcessReview, Status

    today, start = ctx.today, since(ctx.today)
    reviews = list(
        ManagementReview.objects.order_by("-period_end", "-pk")
        .values("pk", "title", "status", "held_on", "validated_at", "period_end")[:MAX_ITEMS]
    )
    process_reviews = list(
        ProcessReview.objects.filter(process__service__in=list(ctx.service_ids),
                                     status=Status.VALIDATED)
        .filter(Q(held_on__gte=start) | Q(held_on__isnull=True, period_end__gte=start))
        .order_by("-period_end", "process__code")
        .values("pk", "process__code", "process__name", "held_on", "period_end")
    )
    statuses = dict(Status.choices)
    items, validated, pending = [], [], []
    for row in reviews:
        day = row["held_on"] or as_date(row["validated_at"])
        if row["status"] == Status.VALIDATED:
            validated.append((day or row["period_end"], row))
        elif (day or row["period_end"]) >= start:
            pending.append(row)
        items.append(EvidenceItem(
            label=row["title"], url=reverse("reviews:detail", args=[row["pk"]]), date=day,
            detail=statuses[row["status"]],
        ))
    for row in process_reviews:
        items.append(EvidenceItem(
            label=_("Process review %(process)s") % {"process": row["process__code"]},
            url=reverse("reviews:process_review", args=[row["pk"]]),
            date=row["held_on"] or row["period_end"], detail=row["process__name"],
        ))
    recent = [row for day, row in validated if start <= day <= today]
    if recent:
        return result(Coverage.COVERED, items)
    gaps = [_("The management review « %(review)s » is not validated yet.") % {
        "review": row["title"]} for row in pending]
    if validated:
        day = max(day for day, _row in validated)
        gaps.append(_("The last validated management review was held %(months)s months "
                      "ago.") % {"months": months_since(day, today)})
    else:
        gaps.append(_("No management review has been validated in the last 12 months."))
    return result(Coverage.PARTLY if pending else Coverage.MISSING, items, gaps)


# --- improvement actions -------------------------------------------------------------------
def improvement_actions(ctx: EvidenceContext) -> KindResult:
    """Actions of the services done in the last 12 months; late ones are gaps (three
    queries: the counts, the latest done, the oldest late)."""
    from actions.models import Action

    today, start = ctx.today, since(ctx.today)
    actions = Action.objects.filter(service__in=list(ctx.service_ids))
    done = Q(status=Action.Status.DONE, completed_at__gte=start, completed_at__lte=today)
    late = Q(status__in=Action.OPEN_STATUSES, due_date__lt=today)
    counts = actions.aggregate(
        done=Count("pk", filter=done), late=Count("pk", filter=late),
        open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
    )
    listed = list(actions.filter(done).order_by("-completed_at", "-pk")
                  .values("pk", "reference", "title", "completed_at", "kind")[:MAX_ITEMS])
    kinds = dict(Action.Kind.choices)
    items = [EvidenceItem(
        label=f"{row['reference']} — {row['title']}",
        url=reverse("actions:detail", args=[row["pk"]]), date=row["completed_at"],
        detail=_("%(kind)s, done on %(date)s") % {"kind": kinds[row["kind"]],
                                                  "date": fmt(row["completed_at"])},
    ) for row in listed]
    gaps = []
    if counts["late"]:
        oldest = actions.filter(late).order_by("due_date", "reference").values(
            "reference", "due_date").first()
        gaps.append(ngettext(
            "%(count)s action of the plan is late (the oldest: %(action)s, due on %(date)s).",
            "%(count)s actions of the plan are late (the oldest: %(action)s, due on "
            "%(date)s).", counts["late"],
        ) % {"count": counts["late"], "action": oldest["reference"],
             "date": fmt(oldest["due_date"])})
    if not counts["done"]:
        gaps.append(_("No action of the plan was done in the last 12 months."))
    if counts["done"] and not counts["late"]:
        coverage = Coverage.COVERED
    elif counts["done"] or (counts["open"] > counts["late"]):
        coverage = Coverage.PARTLY
    else:
        coverage = Coverage.MISSING
    return KindResult(coverage=coverage, items=items,
                      more=max(0, counts["done"] - len(items)), gaps=gaps)
