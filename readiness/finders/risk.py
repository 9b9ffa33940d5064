"""Evidence of the risk & impact sheets: risks and opportunities (ISO 9001 §6.1) and the
environmental aspects they carry (ISO 14001 §6.1.2)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult

from ._common import (
    capped,
    coverage_of,
    fmt,
    joined,
    months_since,
    result,
    reviewed_detail,
    since,
)

#: Likelihood × severity from which an aspect is significant (high and critical levels).
SIGNIFICANT_SCORE = 8


def _scope(ctx: EvidenceContext, prefix: str = "") -> Q:
    """The sheets the services keep and those of the processes they own."""
    ids = list(ctx.service_ids)
    return Q(**{f"{prefix}service__in": ids}) | Q(**{f"{prefix}process__service__in": ids})


# --- risks ---------------------------------------------------------------------------------
def risks(ctx: EvidenceContext) -> KindResult:
    """Each active risk sheet reviewed within 12 months, and no treatment action late
    (two queries)."""
    from actions.models import Action
    from processes.models import Risk, RiskSheet

    sheets = list(
        RiskSheet.objects.filter(_scope(ctx), is_active=True)
        .annotate(risk_count=Count("risks", filter=Q(risks__is_active=True)))
        .order_by("process__code", "title")
        .values("pk", "title", "process__code", "last_reviewed_at", "risk_count")
    )
    if not sheets:
        return result(Coverage.MISSING, [], [_("No risk sheet is kept for the service or its "
                                                "processes.")])
    risk_ids = Risk.objects.filter(sheet__in=[s["pk"] for s in sheets], is_active=True)
    late = list(
        Action.objects.late(ctx.today)
        .filter(source_content_type__app_label="processes",
                source_content_type__model="risk",
                source_object_id__in=risk_ids.values("pk"))
        .order_by("due_date", "reference").values("reference", "due_date")
    )
    start = since(ctx.today)
    items, stale = [], []
    for row in sheets:
        reviewed = row["last_reviewed_at"]
        if reviewed and reviewed >= start:
            items.append(EvidenceItem(
                label=(f"{row['process__code']} — {row['title']}" if row["process__code"]
                       else row["title"]),
                url=reverse("processes:risk_sheet", args=[row["pk"]]), date=reviewed,
                detail=ngettext("%(count)s risk or opportunity", "%(count)s risks and "
                                "opportunities", row["risk_count"]) % {"count": row["risk_count"]}
                + " · " + reviewed_detail(reviewed),
            ))
        else:
            stale.append(row)
    # The oldest first; the never reviewed before all.
    stale.sort(key=lambda row: row["last_reviewed_at"].toordinal() if row["last_reviewed_at"]
               else 0)
    gaps = capped([_stale_gap(row, ctx) for row in stale], lambda n: ngettext(
        "%(count)s more risk sheet has not been reviewed in the last 12 months.",
        "%(count)s more risk sheets have not been reviewed in the last 12 months.", n)
        % {"count": n})
    if late:
        gaps.append(ngettext(
            "%(count)s risk treatment action is late (the oldest: %(action)s, due on "
            "%(date)s).",
            "%(count)s risk treatment actions are late (the oldest: %(action)s, due on "
            "%(date)s).", len(late),
        ) % {"count": len(late), "action": late[0]["reference"], "date": fmt(late[0]["due_date"])})
    coverage = coverage_of(len(items), len(sheets))
    if coverage == Coverage.COVERED and late:
        coverage = Coverage.PARTLY
    items.sort(key=lambda item: item.date, reverse=True)
    return result(coverage, items, gaps)


def _stale_gap(row, ctx: EvidenceContext) -> str:
    reviewed, process = row["last_reviewed_at"], row["process__code"]
    if reviewed is None:
        if process:
            return _("The risk sheet of the process %(process)s has never been reviewed.") % {
                "process": process}
        return _("The risk sheet « %(sheet)s » has never been reviewed.") % {
            "sheet": row["title"]}
    months = months_since(reviewed, ctx.today)
    if process:
        return _("The risk sheet of the process %(process)s has not been reviewed for "
                 "%(months)s months.") % {"process": process, "months": months}
    return _("The risk sheet « %(sheet)s » has not been reviewed for %(months)s months.") % {
        "sheet": row["title"], "months": months}


# --- environmental aspects -----------------------------------------------------------------
def environmental_aspects(ctx: EvidenceContext) -> KindResult:
    """The risks of the services' sheets that impact the environment (or arise from an
    environmental issue) are their environmental aspects: each evaluated — a treatment
    decided, reviewed within 12 months — and the significant ones (criticality 8 or
    more) first. One query."""
    from processes.models import Criticality, Risk

    rows = list(
        Risk.objects.active().with_scores()
        .filter(_scope(ctx, "sheet__"), sheet__is_active=True)
        .filter(Q(impacted_parties__icontains="environment")
                | Q(origin_issue__category="environmental"))
        .order_by("-score", "reference")
        .values("reference", "title", "sheet_id", "score", "treatment", "reviewed_at")
    )
    if not rows:
        return result(Coverage.MISSING, [], [_(
            "No environmental aspect is identified on the risk sheets of the service.")])
    start = since(ctx.today)
    items, undecided, stale = [], [], []
    for row in rows:
        significant = row["score"] >= SIGNIFICANT_SCORE
        if significant and not row["treatment"]:
            undecided.append(row["reference"])
        if not row["reviewed_at"] or row["reviewed_at"] < start:
            stale.append(row["reference"])
        level = Criticality.of(row["score"])
        detail = _("criticality %(score)s (%(level)s)") % {"score": row["score"],
                                                           "level": level.label}
        if significant:
            detail = _("significant") + " · " + detail
        items.append(EvidenceItem(
            label=f"{row['reference']} — {row['title']}",
            url=reverse("processes:risk_sheet", args=[row["sheet_id"]]),
            date=row["reviewed_at"], detail=f"{detail} · {reviewed_detail(row['reviewed_at'])}",
        ))
    gaps = []
    if undecided:
        gaps.append(ngettext(
            "%(count)s significant environmental aspect has no treatment decision "
            "(%(references)s).",
            "%(count)s significant environmental aspects have no treatment decision "
            "(%(references)s).", len(undecided),
        ) % {"count": len(undecided), "references": joined(undecided)})
    if stale:
        gaps.append(ngettext(
            "%(count)s environmental aspect has not been evaluated in the last 12 months.",
            "%(count)s environmental aspects have not been evaluated in the last 12 months.",
            len(stale)) % {"count": len(stale)})
    good = len({r["reference"] for r in rows} - set(undecided) - set(stale))
    return result(coverage_of(good, len(rows)), items, gaps)
