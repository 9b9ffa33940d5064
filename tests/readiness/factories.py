"""Factories and fake evidence kinds for the readiness tests. The fake kinds replace the
registry (qms.evidence) for a test, so the matrix's status logic is tested on its own; each
fake finder runs one query, so the matrix's query count is measured as with real ones."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from qms import evidence
from qms.evidence import Coverage, EvidenceItem, KindResult
from readiness.models import ClauseAssessment, ClauseRule
from tests import factories as f
from tests.audits.factories import CriterionFactory, StandardFactory

__all__ = ["ClauseAssessmentFactory", "ClauseRuleFactory", "CriterionFactory", "FakeKinds",
           "StandardFactory", "live_document"]


class ClauseRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClauseRule

    criterion = factory.SubFactory(CriterionFactory)
    evidence_kinds = factory.LazyFunction(list)
    guidance = "Ce que l'auditeur veut voir."


class ClauseAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClauseAssessment

    criterion = factory.SubFactory(CriterionFactory)
    status = ClauseAssessment.Status.NOT_APPLICABLE
    justification = "Sans objet pour le service."


def live_document(library, *, service, author, reference, review_due=None, **fields):
    """A controlled document of `service`, live as if published (version 1)."""
    from documents.models import ControlledDocumentPage

    page = f.make_document(library, owner_service=service, author=author,
                           reference=reference, **fields)
    ControlledDocumentPage.objects.filter(pk=page.pk).update(
        live=True, version=1, approved_at=timezone.now() - datetime.timedelta(days=30),
        next_review_date=review_due or timezone.localdate() + datetime.timedelta(days=365))
    return ControlledDocumentPage.objects.get(pk=page.pk)


class FakeKinds:
    """A registry of fake kinds: `add(code, coverage, items=…, gaps=…)`; every finder
    counts its calls and runs one query (the number of services it was given)."""

    def __init__(self, monkeypatch):
        monkeypatch.setattr(evidence, "_kinds", {})
        self.calls: dict[str, int] = {}
        self.contexts: list = []

    def add(self, code, coverage=Coverage.COVERED, *, items=1, gaps=(), by_criterion=None,
            label=None):
        def finder(ctx):
            from qms.models import Service

            self.calls[code] = self.calls.get(code, 0) + 1
            self.contexts.append(ctx)
            Service.objects.filter(pk__in=ctx.service_ids).count()
            per = None
            if by_criterion is not None:
                per = {pk: KindResult(cov, [EvidenceItem(label=f"{code} {pk}")],
                                      gaps=list(g)) for pk, (cov, g) in by_criterion.items()}
            return KindResult(coverage, [EvidenceItem(label=f"{code} {n}", url="/x/")
                                         for n in range(items)],
                              gaps=list(gaps), by_criterion=per)

        evidence.register(code, finder, label=label or f"Preuve {code}")
        return finder
