"""Composed reads of the intranet pages: each runs a fixed number of queries whatever
the number of documents (pinned by tests with django_assert_max_num_queries)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, F, Q

from qms.models import Service

from .models import (
    DOCUMENT_TYPES,
    Acknowledgement,
    ControlledDocumentPage,
    DocumentVersion,
    ProcessSheetPage,
)

PAGE_SIZE = 50
LIST_FIELDS = (
    "id", "title", "slug", "url_path", "path", "depth", "live", "content_type_id",
    "reference", "version", "approved_at", "next_review_date", "owner_service__name",
    "owner_service_id", "summary",
)


def pending_acknowledgements(user):
    if not user.is_authenticated:
        return Acknowledgement.objects.none()
    return list(
        Acknowledgement.objects.pending()
        .current()
        .filter(user=user)
        .select_related("version", "version__page")
        .order_by("version__published_at")
    )


def recent_versions(limit=8):
    return list(
        DocumentVersion.objects.published()
        .filter(page__live=True, number=F("page__version"))
        .select_related("page")
        .order_by("-published_at")[:limit]
    )


def type_labels() -> dict[int, str]:
    """{content_type_id: (key, verbose name)} of the document types, from the CT cache."""
    labels = {}
    for key, model in DOCUMENT_TYPES.items():
        ct = ContentType.objects.get_for_model(model)
        labels[ct.pk] = (key, model._meta.verbose_name)
    return labels


def _type_key(ct_id, labels):
    return labels.get(ct_id, ("", ""))[0]


@dataclass
class ProcessNode:
    sheet: ProcessSheetPage
    documents: list = field(default_factory=list)


def _attach_process(docs, sheets_by_path, steplen=4):
    for doc in docs:
        doc.process_sheet = None
        for depth in range(len(doc.path) // steplen, 0, -1):
            sheet = sheets_by_path.get(doc.path[: depth * steplen])
            if sheet is not None and sheet.pk != doc.pk:
                doc.process_sheet = sheet
                break


def library_listing(library, params) -> dict:
    """The library page: facets (families and processes, services, types) and the
    filtered, paginated list of the documents in force."""
    labels = type_labels()
    sheets = list(
        ProcessSheetPage.objects.live()
        .descendant_of(library)
        .only("id", "title", "path", "url_path", "depth", "family", "reference")
        .order_by("reference")
    )
    families = []
    for value, label in ProcessSheetPage.Family.choices:
        families.append(
            {"value": value, "label": label, "processes": [s for s in sheets if s.family == value]}
        )
    docs = (
        ControlledDocumentPage.objects.live()
        .descendant_of(library)
        .select_related("owner_service")
        .only(*LIST_FIELDS)
        .order_by("reference")
    )
    selected = {"family": params.get("family", ""), "type": params.get("type", ""),
                "service": params.get("service", ""), "process": params.get("process", "")}
    if selected["type"] in DOCUMENT_TYPES:
        docs = docs.filter(
            content_type=ContentType.objects.get_for_model(DOCUMENT_TYPES[selected["type"]])
        )
    if selected["service"].isdigit():
        service_id = int(selected["service"])
        applying = ControlledDocumentPage.applies_to_services.through.objects.filter(
            service_id=service_id
        ).values("controlleddocumentpage_id")
        docs = docs.filter(Q(owner_service_id=service_id) | Q(pk__in=applying))
    selected_process = None
    if selected["process"].isdigit():
        selected_process = next((s for s in sheets if s.pk == int(selected["process"])), None)
        if selected_process:
            docs = docs.filter(path__startswith=selected_process.path)
    elif selected["family"] in ProcessSheetPage.Family.values:
        prefixes = [s.path for s in sheets if s.family == selected["family"]]
        condition = Q(pk__in=[])
        for prefix in prefixes:
            condition |= Q(path__startswith=prefix)
        docs = docs.filter(condition)

    paginator = Paginator(docs, PAGE_SIZE)
    page_obj = paginator.get_page(params.get("page"))
    documents = list(page_obj.object_list)
    _attach_process(documents, {s.path: s for s in sheets})
    for doc in documents:
        doc.type_key, doc.type_verbose = labels.get(doc.content_type_id, ("", ""))

    live = ControlledDocumentPage.objects.live()
    applies_to = ControlledDocumentPage.applies_to_services.through.objects.filter(
        controlleddocumentpage__live=True
    )
    services = list(
        Service.objects.active()
        .filter(
            Q(pk__in=live.values("owner_service_id"))
            | Q(pk__in=applies_to.values("service_id"))
        )
        .order_by("name")
        .only("id", "name")
    )
    return {
        "families": families,
        "services": services,
        "types": [(key, model._meta.verbose_name_plural) for key, model in DOCUMENT_TYPES.items()],
        "documents": documents,
        "page_obj": page_obj,
        "paginator": paginator,
        "selected": selected,
        "selected_process": selected_process,
    }


def document_context(page, user) -> dict:
    """What a document page shows besides its content."""
    versions = list(
        DocumentVersion.objects.published()
        .filter(page_id=page.pk)
        .select_related("author", "verifier", "approver")
        .order_by("-number")
    )
    acknowledgement = None
    if user.is_authenticated and page.version:
        acknowledgement = (
            Acknowledgement.objects.filter(
                version__page_id=page.pk, version__number=page.version, user=user
            )
            .only("id", "acknowledged_at")
            .first()
        )
    children = list(
        ControlledDocumentPage.objects.live()
        .child_of(page)
        .only(*[f for f in LIST_FIELDS if not f.startswith("owner_service__")])
        .order_by("reference")
    )
    labels = type_labels()
    for child in children:
        child.type_key, child.type_verbose = labels.get(child.content_type_id, ("", ""))
    return {
        "versions": versions,
        "acknowledgement": acknowledgement,
        "child_documents": children,
    }


# --- follow-up reports --------------------------------------------------------------


def acknowledgement_rates_by_document(service_ids=None):
    """Rate of acknowledgement of the version in force of each live document."""
    acks = Acknowledgement.objects.current()
    if service_ids is not None:
        acks = acks.filter(service_id__in=service_ids)
    rows = (
        acks.values(
            "version__page_id", "version__page__title", "version__page__url_path",
            "version__reference", "version__number",
        )
        .annotate(requested=Count("id"), done=Count("id", filter=Q(acknowledged_at__isnull=False)))
        .order_by("version__reference")
    )
    return [_with_rate(row) for row in rows]


def acknowledgement_rates_by_service(service_ids=None):
    acks = Acknowledgement.objects.current()
    if service_ids is not None:
        acks = acks.filter(service_id__in=service_ids)
    rows = (
        acks.values("service_id", "service__name")
        .annotate(requested=Count("id"), done=Count("id", filter=Q(acknowledged_at__isnull=False)))
        .order_by("service__name")
    )
    return [_with_rate(row) for row in rows]


def missing_acknowledgements(page, service_ids=None):
    """Who has not yet acknowledged the version in force of this document."""
    acks = (
        Acknowledgement.objects.pending()
        .filter(version__page_id=page.pk, version__number=page.version)
        .select_related("user", "service")
        .order_by("service__name", "user__last_name", "user__username")
    )
    if service_ids is not None:
        acks = acks.filter(service_id__in=service_ids)
    return list(acks)


def _with_rate(row):
    row["rate"] = round(100 * row["done"] / row["requested"]) if row["requested"] else 100
    row["missing"] = row["requested"] - row["done"]
    return row


def group_by(items, key):
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


# --- the quality policy's acknowledgement rate ----------------------------------------


@dataclass
class RateRow:
    """Agents concerned by a document, and how many acknowledged its version in force."""

    total: int = 0
    done: int = 0
    service_id: int | None = None
    name: str = ""

    @property
    def missing(self) -> int:
        return self.total - self.done

    @property
    def rate(self) -> int | None:
        """Whole percent, rounded down (99.6 % is not yet 100 %); None without agents."""
        return 100 * self.done // self.total if self.total else None


@dataclass
class PolicyRate(RateRow):
    by_service: list[RateRow] = field(default_factory=list)


def concerned_service_ids(page) -> set[int]:
    """The services a document applies to, and every service under them."""
    return set(
        Service.objects.filter(pk__in=page.applies_to_services.values("pk"))
        .with_descendants()
        .values_list("pk", flat=True)
    )


def agents_acknowledged(page, user_filter: Q) -> list[dict]:
    """Per service: active people matching `user_filter`, and those who acknowledged the
    version in force of the page. One query, whatever the number of agents."""
    from qms.models import User

    acknowledged = Acknowledgement.objects.done().filter(
        version__page_id=page.pk, version__number=page.version
    ).values("user_id")
    return list(
        User.objects.filter(user_filter, is_active=True)
        .values("service_id", "service__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(pk__in=acknowledged)))
        .order_by("service__name", "service_id")
    )


def policy_acknowledgement_rate(page, services=None) -> PolicyRate:
    """Share of the agents concerned by the policy (active people of the services it
    applies to) who acknowledged its version in force, overall and per service.

    `services` (ids or Service objects) narrows to those services, e.g. a pilot's.
    A fixed number of queries whatever the number of agents."""
    ids = concerned_service_ids(page)
    if services is not None:
        ids &= {getattr(s, "pk", s) for s in services}
    result = PolicyRate()
    if not ids or not page.version:
        if ids:  # never published: nobody has acknowledged anything yet
            from qms.models import User

            result.total = User.objects.filter(is_active=True, service_id__in=ids).count()
        return result
    for row in agents_acknowledged(page, Q(service_id__in=ids)):
        result.by_service.append(
            RateRow(total=row["total"], done=row["done"], service_id=row["service_id"],
                    name=row["service__name"])
        )
        result.total += row["total"]
        result.done += row["done"]
    return result


def policy_rate_context(page, user) -> dict:
    """What the policy page shows of its acknowledgement rate: the figure to everyone,
    the breakdown per service to those who follow acknowledgements (quality, direction
    and auditors: every service; a pilot: their own services)."""
    from django.urls import reverse

    from . import permissions

    if not page.live or not page.version or not user.is_authenticated:
        return {}
    rate = policy_acknowledgement_rate(page)
    breakdown = None
    if permissions.can_view_followup(user):
        from qms import roles

        if roles.user_has_oversight(user):
            breakdown = rate.by_service
        else:
            own = permissions.service_ids_of(user)
            breakdown = [row for row in rate.by_service if row.service_id in own]
    return {
        "policy_rate": rate,
        "policy_rate_breakdown": breakdown,
        "policy_missing_url": reverse("documents:acknowledgement_missing", args=[page.pk])
        if breakdown is not None else "",
    }
