"""Evidence kind ``providers`` (ISO 9001 §8.4) for the readiness matrix: the service's
active providers evaluated within their interval, with criteria and scores. One query,
whatever the number of providers.

Covered when every active provider of the service is evaluated and none is overdue;
partly when some are; missing when none is (or when the service has none registered)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult, limited

from .models import Provider
from .selectors import with_scores


def providers(ctx: EvidenceContext) -> KindResult:
    rows = list(
        with_scores(Provider.objects.active().for_services(ctx.service_ids))
        .order_by("next_evaluation_due", "name")
    )
    if not rows:
        return KindResult(coverage=Coverage.MISSING,
                          gaps=[_("no external provider registered for the service")])
    current, late, never = [], [], []
    for provider in rows:
        if provider.last_evaluated_on is None or provider.last_score is None:
            never.append(provider)
        elif provider.next_evaluation_due and provider.next_evaluation_due < ctx.today:
            late.append(provider)
        else:
            current.append(provider)
    items = [
        EvidenceItem(
            label=provider.name, url=provider.get_absolute_url(),
            date=provider.last_evaluated_on,
            detail=_("score %(score)s %%, evaluated on %(date)s") % {
                "score": f"{float(provider.last_score):g}",
                "date": provider.last_evaluated_on.strftime("%d/%m/%Y")},
        )
        for provider in sorted(current, key=lambda p: p.last_evaluated_on, reverse=True)
    ]
    gaps = []
    if late:
        gaps.append(ngettext(
            "%(count)s provider evaluation overdue (%(names)s)",
            "%(count)s provider evaluations overdue (%(names)s)", len(late),
        ) % {"count": len(late), "names": ", ".join(p.name for p in late[:3])
             + ("…" if len(late) > 3 else "")})
    if never:
        gaps.append(ngettext(
            "%(count)s provider never evaluated (%(names)s)",
            "%(count)s providers never evaluated (%(names)s)", len(never),
        ) % {"count": len(never), "names": ", ".join(p.name for p in never[:3])
             + ("…" if len(never) > 3 else "")})
    if not current:
        coverage = Coverage.MISSING
    elif gaps:
        coverage = Coverage.PARTLY
    else:
        coverage = Coverage.COVERED
    listed, more = limited(items)
    return KindResult(coverage=coverage, items=listed, more=more, gaps=gaps)
