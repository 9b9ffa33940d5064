"""Composed reads of the certifications, each in a fixed number of queries whatever the
number of services, certifications and audits:

- `overview`: the municipality-wide view, every service (grouped by direction) × the
  standards, with the headline count and the counts per standard for the chart;
- `certification_page`: a certification with its audit history and the findings counts
  of the audits attached;
- `calendar`: the external audits of the next twelve months, by month;
- `certifications_for_service`: the active certifications covering a service with their
  next audit (read by the readiness app)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from audits.models import Audit, Finding, Standard
from qms.models import Service

from .models import ATTACHABLE_AUDIT_KINDS, Certification, CertificationAudit

#: The calendar covers this many months from today.
CALENDAR_MONTHS = 12


def _ancestor_ids(service_id: int, parents: dict[int, int | None]) -> list[int]:
    ids, seen = [], set()
    node = service_id
    while node is not None and node not in seen:
        seen.add(node)
        ids.append(node)
        node = parents.get(node)
    return ids


def next_audits(certification_ids, today: datetime.date) -> dict[int, CertificationAudit]:
    """The next planned audit of each certification (one query)."""
    upcoming = (CertificationAudit.objects.upcoming(today)
                .filter(certification_id__in=list(certification_ids))
                .select_related("audit").order_by("planned_date", "pk"))
    result: dict[int, CertificationAudit] = {}
    for entry in upcoming:
        result.setdefault(entry.certification_id, entry)
    return result


# --- the municipality-wide view ----------------------------------------------------------------
@dataclass
class Cell:
    certification: Certification
    next_audit: CertificationAudit | None = None


@dataclass
class ServiceRow:
    service: Service
    cells: list[Cell | None]

    @property
    def certified(self) -> bool:
        return any(c is not None and c.certification.is_certified for c in self.cells)


@dataclass
class DirectionGroup:
    direction: Service | None
    rows: list[ServiceRow] = field(default_factory=list)


@dataclass
class StandardCount:
    standard: Standard
    counts: dict[str, int]


@dataclass
class Overview:
    standards: list[Standard]
    groups: list[DirectionGroup]
    certified: int
    total: int
    per_standard: list[StandardCount]


def overview(*, standard: Standard | None = None, status: str = "",
             today: datetime.date | None = None) -> Overview:
    """Every active service (kind "service") by direction, and for each standard its
    certification (directly or through its direction), its next audit. `status` keeps
    only the certifications in that status (and the services holding one); the headline
    counts the services holding a certified certification (of `standard` if given)."""
    today = today or timezone.localdate()
    all_services = list(Service.objects.filter(is_active=True)
                        .only("pk", "name", "code", "kind", "parent_id")
                        .order_by("name"))
    by_id = {s.pk: s for s in all_services}
    parents = {s.pk: s.parent_id for s in all_services}
    services = [s for s in all_services if s.kind == Service.Kind.SERVICE]

    certifications = (Certification.objects.active().select_related("standard", "site")
                      .prefetch_related(Prefetch("services", queryset=Service.objects.only(
                          "pk", "name", "parent_id"))))
    if standard is not None:
        certifications = certifications.filter(standard=standard)
    certifications = list(certifications)
    upcoming = next_audits([c.pk for c in certifications], today)

    standards = sorted({c.standard for c in certifications}, key=lambda s: s.name)
    if standard is not None:
        standards = [standard]
    column = {s.pk: index for index, s in enumerate(standards)}
    covering: dict[int, list[Certification]] = defaultdict(list)
    for certification in certifications:
        for service in certification.services.all():
            covering[service.pk].append(certification)

    groups: dict[int | None, DirectionGroup] = {}
    certified_services = 0
    counts = {s.pk: defaultdict(int) for s in standards}
    for service in services:
        cells: list[Cell | None] = [None] * len(standards)
        for node in _ancestor_ids(service.pk, parents):
            for certification in covering.get(node, ()):
                index = column[certification.standard_id]
                if cells[index] is None:
                    cells[index] = Cell(certification, upcoming.get(certification.pk))
        row = ServiceRow(service, cells)
        if row.certified:
            certified_services += 1
        for cell in cells:
            if cell is not None:
                counts[cell.certification.standard_id][cell.certification.status] += 1
        if status:
            row.cells = [c if c is not None and c.certification.status == status else None
                         for c in cells]
            if not any(row.cells):
                continue
        direction = by_id.get(service.parent_id)
        key = direction.pk if direction is not None else None
        groups.setdefault(key, DirectionGroup(direction)).rows.append(row)

    ordered = sorted(groups.values(),
                     key=lambda g: (g.direction is None, g.direction.name if g.direction else ""))
    return Overview(
        standards=standards, groups=ordered, certified=certified_services,
        total=len(services),
        per_standard=[StandardCount(s, dict(counts[s.pk])) for s in standards],
    )


# --- a certification's page --------------------------------------------------------------------
def _finding_counts():
    kinds = Finding.Kind
    return {
        "major_count": Count("audit__findings", filter=Q(audit__findings__kind=kinds.MAJOR_NC)),
        "minor_count": Count("audit__findings", filter=Q(audit__findings__kind=kinds.MINOR_NC)),
        "other_count": Count("audit__findings", filter=~Q(
            audit__findings__kind__in=Finding.NC_KINDS)),
    }


def certification_page(certification_id: int, *, today: datetime.date | None = None):
    """The certification (with its standard, site, services) and its audits: the history
    (held, newest first), the upcoming ones, the cancelled ones; each with the findings
    counts of its attached audit. Three queries."""
    today = today or timezone.localdate()
    certification = (Certification.objects.select_related("standard", "site")
                     .prefetch_related("services").get(pk=certification_id))
    entries = list(certification.audits.select_related("audit")
                   .annotate(**_finding_counts()).order_by("planned_date", "pk"))
    held = sorted((e for e in entries if e.is_active and e.is_held),
                  key=lambda e: e.held_date, reverse=True)
    upcoming = [e for e in entries if e.is_active and not e.is_held]
    cancelled = [e for e in entries if not e.is_active]
    return certification, {"held": held, "upcoming": upcoming, "cancelled": cancelled,
                           "late": [e for e in upcoming if e.planned_date < today]}


# --- the calendar ------------------------------------------------------------------------------
@dataclass
class CalendarEntry:
    date: datetime.date
    title: str
    kind: str
    services: list[str]
    url: str
    certifying_body: str = ""
    certification_audit: CertificationAudit | None = None
    audit: Audit | None = None


@dataclass
class CalendarMonth:
    month: datetime.date
    entries: list[CalendarEntry]


def calendar(user, *, today: datetime.date | None = None,
             months: int = CALENDAR_MONTHS) -> list[CalendarMonth]:
    """The certification audits planned from today to `months` months ahead, and the
    external and certification audits of the audit programme (those the user reads) not
    attached to a certification yet; by month. Four queries."""
    from audits.permissions import visible_audits

    today = today or timezone.localdate()
    end = today + relativedelta(months=months)
    entries: list[CalendarEntry] = []
    planned = (CertificationAudit.objects.upcoming(today).filter(planned_date__lte=end)
               .select_related("certification__standard", "audit")
               .prefetch_related("certification__services"))
    for entry in planned:
        certification = entry.certification
        entries.append(CalendarEntry(
            date=entry.planned_date,
            title=f"{certification.standard.name} — {entry.get_kind_display()}",
            kind=entry.get_kind_display(),
            services=[s.name for s in certification.services.all()],
            url=certification.get_absolute_url(),
            certifying_body=certification.certifying_body,
            certification_audit=entry, audit=entry.audit))
    programme = visible_audits(user, Audit.objects.not_cancelled().filter(
        kind__in=ATTACHABLE_AUDIT_KINDS, planned_start__gte=today, planned_start__lte=end,
        held_start__isnull=True,
    ).exclude(pk__in=CertificationAudit.objects.filter(audit__isnull=False)
              .values("audit_id"))).prefetch_related("services")
    for audit in programme:
        entries.append(CalendarEntry(
            date=audit.planned_start, title=audit.title, kind=audit.get_kind_display(),
            services=[s.name for s in audit.services.all()], url=audit.get_absolute_url(),
            audit=audit))
    entries.sort(key=lambda e: (e.date, e.title))
    by_month: dict[datetime.date, list[CalendarEntry]] = {}
    for entry in entries:
        by_month.setdefault(entry.date.replace(day=1), []).append(entry)
    return [CalendarMonth(month, items) for month, items in by_month.items()]


# --- for the readiness app ---------------------------------------------------------------------
def certifications_for_service(service: Service, *, today: datetime.date | None = None
                               ) -> list[Certification]:
    """The active certifications covering `service` (directly, or through its direction),
    each with `next_audit` (the next planned CertificationAudit, or None). Three
    queries."""
    today = today or timezone.localdate()
    ids, node = [], service
    while node is not None and node.pk not in ids:
        ids.append(node.pk)
        node = node.parent if node.parent_id else None
    certifications = list(Certification.objects.active().filter(services__in=ids).distinct()
                          .select_related("standard", "site").prefetch_related("services")
                          .order_by("standard__name", "pk"))
    upcoming = next_audits([c.pk for c in certifications], today)
    for certification in certifications:
        certification.next_audit = upcoming.get(certification.pk)
    return certifications
