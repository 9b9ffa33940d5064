"""Evidence kind ``measuring_resources`` (ISO 9001 §7.1.5) for the readiness matrix: the
service's in-service measuring resources verified within their interval. One query,
whatever the number of resources.

Covered when every in-service resource is verified and none is overdue; partly when some
are; missing when none is (or when the service registers none)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult, limited

from .models import MeasuringResource
from .selectors import with_verifications


def _names(resources) -> str:
    return ", ".join(r.name for r in resources[:3]) + ("…" if len(resources) > 3 else "")


def measuring_resources(ctx: EvidenceContext) -> KindResult:
    rows = list(
        with_verifications(MeasuringResource.objects.filter(
            service_id__in=list(ctx.service_ids),
            status=MeasuringResource.Status.IN_SERVICE))
        .order_by("name")
    )
    if not rows:
        return KindResult(coverage=Coverage.MISSING,
                          gaps=[_("no measuring resource registered for the service")])
    current = [r for r in rows if r.next_due is not None and r.next_due >= ctx.today]
    late = [r for r in rows if r.next_due is not None and r.next_due < ctx.today]
    never = [r for r in rows if r.next_due is None]
    items = [
        EvidenceItem(label=str(r), url=r.get_absolute_url(), date=r.last_verified_on,
                     detail=_("verified on %(date)s, next due %(due)s") % {
                         "date": r.last_verified_on.strftime("%d/%m/%Y"),
                         "due": r.next_due.strftime("%d/%m/%Y")})
        for r in sorted(current, key=lambda r: r.last_verified_on, reverse=True)
    ]
    gaps = []
    if late:
        gaps.append(ngettext("%(count)s measuring resource overdue for verification "
                             "(%(names)s)",
                             "%(count)s measuring resources overdue for verification "
                             "(%(names)s)", len(late))
                    % {"count": len(late), "names": _names(late)})
    if never:
        gaps.append(ngettext("%(count)s measuring resource never verified (%(names)s)",
                             "%(count)s measuring resources never verified (%(names)s)",
                             len(never)) % {"count": len(never), "names": _names(never)})
    coverage = (Coverage.MISSING if not current
                else Coverage.PARTLY if gaps else Coverage.COVERED)
    listed, more = limited(items)
    return KindResult(coverage=coverage, items=listed, more=more, gaps=gaps)
