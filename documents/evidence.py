"""Evidence the controlled documents give for the readiness matrix (qms.evidence):

- ``qms_scope`` (§4.3): a published QMS scope covers the service;
- ``quality_policy`` (§5.2, §5.1): a published quality policy applies to the service, is
  reviewed on time and acknowledged by the service's agents;
- ``document_control`` (§7.5): the service's published documents are approved and none is
  overdue for its periodic review;
- ``awareness`` (§7.3): the service's agents acknowledged the documents they must read.

Each finder answers in one to three queries whatever the number of documents and agents.
A document "applies to" a service when it names it or a direction above it (up to
``ANCESTOR_LEVELS`` levels up), as the acknowledgement requests do.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qms.evidence import Coverage, EvidenceContext, EvidenceItem, KindResult, limited
from qms.models import User

from .models import (
    Acknowledgement,
    ControlledDocumentPage,
    QmsScopePage,
    QualityPolicyPage,
)

#: Share of agents (percent) who must have acknowledged for the evidence to be covered.
ACKNOWLEDGED_THRESHOLD = 90
#: How many directions above a service are looked at (direction > service in practice).
ANCESTOR_LEVELS = 3


def _service_or_ancestor(prefix: str, ctx: EvidenceContext) -> Q:
    """`prefix` (a path to a qms.Service) is one of the assessed services or a direction
    above the assessed service."""
    condition = Q(**{f"{prefix}__in": ctx.service_ids})
    lookup = prefix
    for _level in range(ANCESTOR_LEVELS):
        lookup += "__children"
        condition |= Q(**{lookup: ctx.service.pk})
    return condition


def _standard_ok(page, ctx: EvidenceContext) -> bool:
    """A document that names standards speaks only for those; one that names none, for
    every standard."""
    code = getattr(ctx.standard, "code", None)
    return not page.standards or code is None or code in page.standards


def _fmt(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _item(page, detail="") -> EvidenceItem:
    return EvidenceItem(
        label=f"{page.reference} — {page.title}",
        url=page.url_path and page.get_url() or "",
        date=page.approved_at.date() if page.approved_at else None,
        detail=detail,
    )


def _applying(model, relation: str, page_column: str, ctx: EvidenceContext) -> list:
    """Live pages of `model` whose `relation` (a many-to-many to qms.Service, whose
    through table names the page `page_column`) names the service or a direction above
    it. One query."""
    through = getattr(model, relation).through
    links = through.objects.filter(_service_or_ancestor("service", ctx))
    return list(
        model.objects.live()
        .filter(pk__in=links.values(page_column))
        .only("id", "title", "url_path", "path", "depth", "reference", "version",
              "approved_at", "next_review_date", "standards")
        .order_by("-approved_at", "reference")
    )


# --- §4.3 ----------------------------------------------------------------------------


def qms_scope(ctx: EvidenceContext) -> KindResult:
    scopes = [
        scope for scope in _applying(QmsScopePage, "services", "qmsscopepage_id", ctx)
        if _standard_ok(scope, ctx)
    ]
    if not scopes:
        return KindResult(
            coverage=Coverage.MISSING,
            gaps=[_("The service is not in any published scope of the management system.")],
        )
    gaps = [
        _("The scope %(reference)s was due for review on %(date)s.")
        % {"reference": scope.reference, "date": _fmt(scope.next_review_date)}
        for scope in scopes
        if scope.next_review_date and scope.next_review_date < ctx.today
    ]
    items, more = limited([
        _item(scope, _("version %(number)s") % {"number": scope.version}) for scope in scopes
    ])
    return KindResult(
        coverage=Coverage.PARTLY if gaps else Coverage.COVERED, items=items, more=more,
        gaps=gaps,
    )


# --- §5.2 ----------------------------------------------------------------------------


def quality_policy(ctx: EvidenceContext) -> KindResult:
    policies = [
        p for p in _applying(
            QualityPolicyPage, "applies_to_services", "controlleddocumentpage_id", ctx
        )
        if _standard_ok(p, ctx)
    ]
    if not policies:
        return KindResult(
            coverage=Coverage.MISSING,
            gaps=[_("No published quality policy applies to the service.")],
        )
    policy = policies[0]  # the last approved
    gaps = []
    if policy.next_review_date and policy.next_review_date < ctx.today:
        gaps.append(
            _("The quality policy %(reference)s was due for review on %(date)s.")
            % {"reference": policy.reference, "date": _fmt(policy.next_review_date)}
        )
    acknowledged = Acknowledgement.objects.done().filter(
        version__page_id=policy.pk, version__number=policy.version
    ).values("user_id")
    counts = User.objects.filter(is_active=True, service_id__in=ctx.service_ids).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(pk__in=acknowledged))
    )
    total, done = counts["total"], counts["done"]
    detail = ""
    if total:
        rate = 100 * done // total
        detail = _("acknowledged by %(rate)s %% of the agents (%(done)s of %(total)s)") % {
            "rate": rate, "done": done, "total": total,
        }
        if rate < ACKNOWLEDGED_THRESHOLD:
            gaps.append(
                _("%(percent)s %% of the agents have not acknowledged the quality policy.")
                % {"percent": 100 - rate}
            )
    return KindResult(
        coverage=Coverage.PARTLY if gaps else Coverage.COVERED,
        items=[_item(policy, detail)],
        gaps=gaps,
    )


# --- §7.5 ----------------------------------------------------------------------------


def document_control(ctx: EvidenceContext) -> KindResult:
    """Three queries: the counts, the documents listed, the overdue ones named."""
    documents = ControlledDocumentPage.objects.live().filter(owner_service_id__in=ctx.service_ids)
    overdue_q = Q(next_review_date__lt=ctx.today)
    unapproved_q = Q(approved_at__isnull=True) | Q(approver__isnull=True)
    counts = documents.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_q),
        unapproved=Count("pk", filter=unapproved_q),
    )
    if not counts["total"]:
        return KindResult(
            coverage=Coverage.MISSING,
            gaps=[_("The service has no published controlled document.")],
        )
    fields = ("id", "title", "url_path", "path", "depth", "reference", "version",
              "approved_at", "next_review_date", "approver_id")
    listed = list(documents.only(*fields).order_by("reference")[: _max_items()])
    items = [
        _item(doc, _("version %(number)s, next review %(date)s")
              % {"number": doc.version, "date": _fmt(doc.next_review_date)})
        for doc in listed
    ]
    more = counts["total"] - len(items)
    gaps = []
    if counts["overdue"]:
        overdue = list(
            documents.filter(overdue_q).order_by("next_review_date", "reference")
            .values_list("reference", flat=True)[: _max_items()]
        )
        names = ", ".join(overdue) + ("…" if counts["overdue"] > len(overdue) else "")
        gaps.append(
            ngettext(
                "%(count)s document overdue for its periodic review: %(references)s.",
                "%(count)s documents overdue for their periodic review: %(references)s.",
                counts["overdue"],
            ) % {"count": counts["overdue"], "references": names}
        )
    if counts["unapproved"]:
        gaps.append(
            ngettext(
                "%(count)s published document without a recorded approval.",
                "%(count)s published documents without a recorded approval.",
                counts["unapproved"],
            ) % {"count": counts["unapproved"]}
        )
    return KindResult(
        coverage=Coverage.PARTLY if gaps else Coverage.COVERED, items=items, more=more,
        gaps=gaps,
    )


def _max_items() -> int:
    from qms.evidence import MAX_ITEMS

    return MAX_ITEMS


# --- §7.3 ----------------------------------------------------------------------------


def awareness(ctx: EvidenceContext) -> KindResult:
    """Two queries: the agents up to date, and those behind named."""
    current = Acknowledgement.objects.current()
    counts = User.objects.filter(is_active=True, service_id__in=ctx.service_ids).aggregate(
        total=Count("pk"),
        concerned=Count("pk", filter=Q(pk__in=current.values("user_id"))),
        late=Count("pk", filter=Q(pk__in=current.pending().values("user_id"))),
    )
    if not counts["total"]:
        return KindResult(coverage=Coverage.MISSING,
                          gaps=[_("The service has no active agent.")])
    if not counts["concerned"]:
        return KindResult(
            coverage=Coverage.MISSING,
            gaps=[_("No published document has been given to the service's agents to read.")],
        )
    total, late = counts["total"], counts["late"]
    up_to_date = total - late
    rate = 100 * up_to_date // total
    item = EvidenceItem(
        label=_("Read acknowledgements"),
        url=reverse("documents:acknowledgement_report"),
        date=ctx.today,
        detail=_("%(rate)s %% of the agents have acknowledged every document they must read "
                 "(%(done)s of %(total)s)") % {"rate": rate, "done": up_to_date, "total": total},
    )
    if rate >= ACKNOWLEDGED_THRESHOLD:
        return KindResult(coverage=Coverage.COVERED, items=[item])
    gaps = []
    if late:
        rows = list(
            Acknowledgement.objects.current().pending()
            .filter(user__is_active=True, user__service_id__in=ctx.service_ids)
            .values("user_id", "user__first_name", "user__last_name", "user__username")
            .annotate(count=Count("pk"))
            .order_by("-count", "user__last_name", "user_id")[: _max_items()]
        )
        names = ", ".join(
            "{} ({})".format(
                " ".join(filter(None, [r["user__first_name"], r["user__last_name"]]))
                or r["user__username"],
                r["count"],
            )
            for r in rows
        )
        gaps.append(
            ngettext(
                "%(count)s agent has documents left to acknowledge: %(names)s.",
                "%(count)s agents have documents left to acknowledge: %(names)s.",
                late,
            ) % {"count": late, "names": names + ("…" if late > len(rows) else "")}
        )
    return KindResult(coverage=Coverage.PARTLY, items=[item], gaps=gaps)


def register_kinds() -> None:
    from django.utils.translation import gettext_lazy

    from qms import evidence

    evidence.register("qms_scope", "documents.evidence.qms_scope",
                      label=gettext_lazy("Scope of the management system"), order=12)
    evidence.register("quality_policy", "documents.evidence.quality_policy",
                      label=gettext_lazy("Quality policy and its acknowledgement"), order=22)
    evidence.register("awareness", "documents.evidence.awareness",
                      label=gettext_lazy("Awareness: read acknowledgements"), order=36)
    evidence.register("document_control", "documents.evidence.document_control",
                      label=gettext_lazy("Control of documented information"), order=38)
