"""Demo data of the certification readiness: for the reception ("accueil", whose
certification audit is next month in the audits demo) a few of its published documents
linked to the clauses they evidence (ISO 9001 and Qualivilles); clause 8.3 (design and
development) declared not applicable, with its justification, in every service's ISO 9001
matrix; then every readiness score computed, so that the reception's matrix shows the few
real gaps the demo data leave.

Idempotent: a link is found by (document, clause), a declaration by (service, clause).
Registered with qms.demo as "readiness" (order 95, after the management reviews)."""

from __future__ import annotations

from django.db import transaction

from audits.models import Criterion
from qms import roles
from qms.demo import DemoRefused
from qms.models import Service, User

from . import services
from .models import ClauseAssessment, DocumentClause

#: (document reference, standard code, clause) for the reception.
LINKS = [
    ("PRC-R01", "iso-9001", "4.4"),
    ("PRC-R01", "iso-9001", "8.1"),
    ("PRO-ACC-001", "iso-9001", "8.5"),
    ("PRO-ACC-001", "iso-9001", "7.1.6"),
    ("PRO-ACC-002", "iso-9001", "7.4"),
    ("PRO-ACC-002", "iso-9001", "8.2.1"),
    ("INS-ACC-002", "iso-9001", "8.7"),
    ("INS-ACC-001", "iso-9001", "8.6"),
    ("PRO-ACC-001", "qualivilles", "Engagement 1"),
    ("PRO-ACC-002", "qualivilles", "Engagement 5"),
    ("INS-ACC-001", "qualivilles", "Engagement 3"),
]

#: For the other services certified ISO 9001: each type of published document they own
#: linked to the clauses it evidences (a process sheet describes the planning and the
#: resources of its process, a procedure how the service is delivered and what it knows,
#: an instruction how a task is done, a form what is recorded).
LINKS_BY_TYPE = {
    "processsheetpage": ("8.1", "7.1"),
    "procedurepage": ("8.5", "7.1.6"),
    "instructionpage": ("8.5",),
    "formtemplatepage": ("7.5.3",),
}

NOT_APPLICABLE = ("8.3", (
    "Le service ne conçoit ni ne développe de nouveaux produits ou services : il délivre "
    "des prestations définies par la réglementation et par les procédures de la "
    "collectivité (exclusion justifiée dans le domaine d'application)."))


def load_demo(stdout=None, **_kwargs) -> dict:
    from documents.models import ControlledDocumentPage

    def write(message):
        if stdout is not None:
            stdout.write(message + "\n")

    quality = (User.objects.filter(groups__name=roles.QUALITY_ENGINEER, is_active=True)
               .order_by("username").first())
    if quality is None:
        raise DemoRefused("The readiness demo needs the demo quality engineer.")
    counts = {"document_links": 0, "declarations": 0, "scores": 0}
    criteria = {(c.standard.code, c.reference): c
                for c in Criterion.objects.select_related("standard")}
    with transaction.atomic():
        accueil = Service.objects.filter(code="accueil").first()
        if accueil is not None:
            documents = {d.reference: d for d in ControlledDocumentPage.objects.live().filter(
                reference__in={ref for ref, _s, _c in LINKS})}
            for reference, standard, clause in LINKS:
                document, criterion = documents.get(reference), criteria.get((standard, clause))
                if document is None or criterion is None:
                    continue
                if DocumentClause.objects.filter(page_id=document.pk,
                                                 criterion=criterion).exists():
                    continue
                services.document_link(service=Service.objects.get(pk=document.owner_service_id),
                                       criterion=criterion, page=document, user=quality)
                counts["document_links"] += 1
        counts["document_links"] += _link_certified_services(criteria, quality)
        clause, justification = NOT_APPLICABLE
        criterion = criteria.get(("iso-9001", clause))
        if criterion is not None:
            done = set(ClauseAssessment.objects.filter(criterion=criterion)
                       .values_list("service_id", flat=True))
            for service in Service.objects.filter(is_active=True).exclude(pk__in=done):
                services.assessment_declare(
                    service=service, criterion=criterion,
                    status=ClauseAssessment.Status.NOT_APPLICABLE,
                    justification=justification, user=quality)
                counts["declarations"] += 1
    counts["scores"] = services.scores_refresh()
    write(f"Readiness: {counts['document_links']} document links, "
          f"{counts['declarations']} declarations, {counts['scores']} scores.")
    return counts


def _link_certified_services(criteria, quality) -> int:
    """Link the published documents of the services certified ISO 9001 (but the
    reception, linked one by one above) to the clauses their type evidences."""
    from certification.models import Certification
    from documents.models import ControlledDocumentPage

    certified = set(Certification.objects.filter(
        standard__code="iso-9001", status=Certification.Status.CERTIFIED, is_active=True,
    ).values_list("services__code", flat=True)) - {"accueil", None}
    pages = (ControlledDocumentPage.objects.live()
             .filter(owner_service__code__in=certified)
             .select_related("owner_service", "content_type").order_by("pk"))
    linked = set(DocumentClause.objects.values_list("page_id", "criterion_id"))
    count = 0
    for page in pages:
        for clause in LINKS_BY_TYPE.get(page.content_type.model, ()):
            criterion = criteria.get(("iso-9001", clause))
            if criterion is None or (page.pk, criterion.pk) in linked:
                continue
            services.document_link(service=page.owner_service, criterion=criterion,
                                   page=page, user=quality)
            linked.add((page.pk, criterion.pk))
            count += 1
    return count
