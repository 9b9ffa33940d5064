"""Evidence of kind "documents": the published controlled documents of the services linked
to each clause through readiness.DocumentClause, answered clause by clause."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult

from ._common import as_date, fmt, page_url, result

DOC = "page__controlleddocumentpage__"


def documents(ctx: EvidenceContext) -> KindResult:
    """For each clause of the standard, the live documents the services own that are
    linked to it: covered, or partly when a linked document is overdue for review (one
    query; the page URLs come from Wagtail's cached site root paths)."""
    from readiness.models import DocumentClause

    links = DocumentClause.objects.filter(
        page__live=True, **{f"{DOC}owner_service__in": list(ctx.service_ids)})
    criteria = [criterion.pk for criterion in ctx.criteria]
    links = (links.filter(criterion__in=criteria) if criteria
             else links.filter(criterion__standard=ctx.standard))
    rows = list(links.order_by("criterion_id", f"{DOC}reference").values(
        "criterion_id", "page_id", "page__title", "page__url_path", f"{DOC}reference",
        f"{DOC}version", f"{DOC}approved_at", f"{DOC}next_review_date",
    ))
    by_criterion: dict[int, tuple[list, list]] = {}
    documents_seen: dict[int, EvidenceItem] = {}
    overdue_gaps: dict[int, str] = {}
    for row in rows:
        page_id, due = row["page_id"], row[f"{DOC}next_review_date"]
        item = documents_seen.get(page_id)
        if item is None:
            detail = _("version %(number)s") % {"number": row[f"{DOC}version"]}
            if due and due < ctx.today:
                detail += " · " + _("review due since %(date)s") % {"date": fmt(due)}
                overdue_gaps[page_id] = _(
                    "The document %(reference)s is overdue for review since %(date)s."
                ) % {"reference": row[f"{DOC}reference"], "date": fmt(due)}
            item = documents_seen[page_id] = EvidenceItem(
                label=f"{row[f'{DOC}reference']} — {row['page__title']}",
                url=page_url(page_id, row["page__url_path"]),
                date=as_date(row[f"{DOC}approved_at"]), detail=detail,
            )
        items, gaps = by_criterion.setdefault(row["criterion_id"], ([], []))
        items.append(item)
        if page_id in overdue_gaps:
            gaps.append(overdue_gaps[page_id])
    results = {
        criterion_id: result(Coverage.PARTLY if gaps else Coverage.COVERED, items, gaps)
        for criterion_id, (items, gaps) in by_criterion.items()
    }
    if not results:
        coverage = Coverage.MISSING
    elif all(r.coverage == Coverage.COVERED for r in results.values()):
        coverage = Coverage.COVERED
    else:
        coverage = Coverage.PARTLY
    found = result(coverage, list(documents_seen.values()), overdue_gaps.values())
    found.by_criterion = results
    return found
