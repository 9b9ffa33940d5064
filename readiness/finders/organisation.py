"""Evidence of the organisation: process sheets (ISO 9001 §4.4), roles (§5.3) and the
context — issues and interested parties (§4.1, §4.2)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms import roles as qms_roles
from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult

from ._common import as_date, capped, coverage_of, fmt, page_url, result, reviewed_detail, since


def _processes(ctx: EvidenceContext):
    """The active processes the services own or take part in."""
    from processes.models import Process

    ids = list(ctx.service_ids)
    return (Process.objects.active().filter(Q(service__in=ids) | Q(services__in=ids))
            .order_by("code").distinct())


def _label(row) -> str:
    return f"{row['code']} — {row['name']}"


# --- process sheets ------------------------------------------------------------------------
def process_sheets(ctx: EvidenceContext) -> KindResult:
    """Every active process of the services has a published process sheet (one query)."""
    rows = list(_processes(ctx).values(
        "code", "name", "process_sheet_id", "process_sheet__live",
        "process_sheet__url_path", "process_sheet__version", "process_sheet__approved_at",
        "process_sheet__next_review_date",
    ))
    if not rows:
        return result(Coverage.MISSING, [], [_("No active process is registered for the "
                                                "service.")])
    items, gaps = [], []
    for row in rows:
        if not row["process_sheet__live"]:
            gaps.append(_("The process %(process)s has no published process sheet.")
                        % {"process": row["code"]})
            continue
        detail = _("version %(number)s") % {"number": row["process_sheet__version"]}
        due = row["process_sheet__next_review_date"]
        if due and due < ctx.today:
            detail += " · " + _("review due since %(date)s") % {"date": fmt(due)}
        items.append(EvidenceItem(
            label=_label(row),
            url=page_url(row["process_sheet_id"], row["process_sheet__url_path"]),
            date=as_date(row["process_sheet__approved_at"]), detail=detail,
        ))
    gaps = capped(gaps, lambda n: ngettext(
        "%(count)s more process has no published process sheet.",
        "%(count)s more processes have no published process sheet.", n) % {"count": n})
    return result(coverage_of(len(items), len(rows)), items, gaps)


# --- roles ---------------------------------------------------------------------------------
def roles(ctx: EvidenceContext) -> KindResult:
    """Every process has an active pilot, and every active service a head (an active
    member with the process pilot or the direction role): two queries."""
    from qms.models import Service

    processes = list(_processes(ctx).values(
        "code", "name", "pilot_id", "pilot__first_name", "pilot__last_name",
        "pilot__username", "pilot__is_active",
    ))
    heads = Q(members__is_active=True,
              members__groups__name__in=[qms_roles.PILOT, qms_roles.DIRECTION])
    services = list(
        Service.objects.filter(pk__in=list(ctx.service_ids), is_active=True)
        .annotate(heads=Count("members", filter=heads, distinct=True))
        .order_by("name").values("pk", "name", "heads")
    )
    items, gaps = [], []
    for row in processes:
        if row["pilot_id"] and row["pilot__is_active"]:
            name = (f"{row['pilot__first_name']} {row['pilot__last_name']}".strip()
                    or row["pilot__username"])
            items.append(EvidenceItem(
                label=_label(row), url=reverse("processes:process", args=[row["code"]]),
                detail=_("pilot: %(name)s") % {"name": name},
            ))
        else:
            gaps.append(_("The process %(process)s has no pilot.") % {"process": row["code"]})
    for row in services:
        if row["heads"]:
            items.append(EvidenceItem(
                label=row["name"],
                detail=ngettext("%(count)s head named in the service",
                                "%(count)s heads named in the service",
                                row["heads"]) % {"count": row["heads"]},
            ))
        else:
            gaps.append(_("No head is named for the service %(service)s (no member with the "
                          "process pilot or direction role).") % {"service": row["name"]})
    coverage = coverage_of(len(items), len(processes) + len(services))
    gaps = capped(gaps, lambda n: ngettext(
        "%(count)s more process or service without a pilot.",
        "%(count)s more processes or services without a pilot.", n) % {"count": n})
    return result(coverage, items, gaps)


# --- context -------------------------------------------------------------------------------
def _context_rows(model, ctx: EvidenceContext, fields):
    """The active rows that concern the services: those of the services' processes and
    those linked to no process (the whole municipality's)."""
    ids = list(ctx.service_ids)
    return list(
        model.objects.active()
        .filter(Q(processes__isnull=True) | Q(processes__service__in=ids)
                | Q(processes__services__in=ids))
        .values("pk", "last_reviewed_at", *fields).distinct().order_by("pk")
    )


def context(ctx: EvidenceContext) -> KindResult:
    """Issues (§4.1) and interested parties (§4.2) registered and each reviewed within
    12 months: two queries."""
    from processes.models import ContextIssue, InterestedParty

    start = since(ctx.today)
    url = reverse("processes:context")
    issues = _context_rows(ContextIssue, ctx, ["title", "kind"])
    parties = _context_rows(InterestedParty, ctx, ["name"])
    kinds = dict(ContextIssue.Kind.choices)
    items, gaps, current = [], [], 0
    if not issues:
        gaps.append(_("No internal or external issue is registered."))
    stale = _stale(issues, start)
    if stale:
        gaps.append(ngettext("%(count)s issue has not been reviewed in the last 12 months.",
                             "%(count)s issues have not been reviewed in the last 12 months.",
                             stale) % {"count": stale})
    current += len(issues) - stale
    if not parties:
        gaps.append(_("No interested party is registered."))
    stale = _stale(parties, start)
    if stale:
        gaps.append(ngettext(
            "%(count)s interested party has not been reviewed in the last 12 months.",
            "%(count)s interested parties have not been reviewed in the last 12 months.",
            stale) % {"count": stale})
    current += len(parties) - stale
    for row in issues + parties:
        kind = kinds.get(row["kind"], "") if "kind" in row else _("Interested party")
        items.append(EvidenceItem(
            label=row.get("title") or row.get("name"), url=url, date=row["last_reviewed_at"],
            detail=f"{kind} · {reviewed_detail(row['last_reviewed_at'])}",
        ))
    total = len(issues) + len(parties)
    if not total or not current:
        coverage = Coverage.MISSING
    elif gaps:
        coverage = Coverage.PARTLY
    else:
        coverage = Coverage.COVERED
    # The latest reviewed first, the never reviewed last.
    items.sort(key=lambda item: (item.date is None, -(item.date.toordinal() if item.date else 0)))
    return result(coverage, items, gaps)


def _stale(rows, start) -> int:
    return sum(1 for row in rows if not row["last_reviewed_at"] or row["last_reviewed_at"] < start)
