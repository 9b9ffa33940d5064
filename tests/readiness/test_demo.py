"""The readiness demo, on factories for its prerequisites (never the other demos)."""

import pytest

from qms.evidence import Coverage
from readiness import selectors
from readiness.demo import load_demo
from readiness.models import ClauseAssessment, DocumentClause, ReadinessScore

from .factories import live_document

pytestmark = pytest.mark.django_db


def test_demo_links_declares_scores_and_is_idempotent(people, accueil, etat_civil, library):
    from audits.models import Standard

    live_document(library, service=accueil, author=people.pilot, reference="PRO-ACC-001")
    live_document(library, service=accueil, author=people.pilot, reference="PRO-ACC-002")
    counts = load_demo()
    assert counts["document_links"] == 6  # 8.5, 7.1.6, Engagement 1 / 7.4, 8.2.1, Engagement 5
    assert counts["declarations"] == 3  # every active service: dgs, accueil, état civil
    assert counts["scores"] == 3 * 4
    assert ClauseAssessment.objects.filter(criterion__reference="8.3",
                                           status="not_applicable").count() == 3
    iso = Standard.objects.get(code="iso-9001")
    matrix = selectors.build_matrix(service=accueil, standard=iso)
    assert matrix.line_for(matrix.lines[0].criterion.pk) is not None
    na = [line.criterion.reference for line in matrix.lines
          if line.status == Coverage.NOT_APPLICABLE]
    assert na == ["8.3"]
    line = next(line for line in matrix.lines if line.criterion.reference == "7.1.6")
    assert line.status == Coverage.COVERED and line.evidence
    assert matrix.gaps  # the real finders find gaps on this nearly empty municipality
    assert ReadinessScore.objects.get(service=accueil, standard=iso).score == matrix.score

    again = load_demo()
    assert again["document_links"] == 0 and again["declarations"] == 0
    assert DocumentClause.objects.count() == 6


def test_demo_links_the_documents_of_the_other_certified_services(people, accueil,
                                                                     etat_civil, library):
    """A service certified ISO 9001 gets its published procedures linked to 8.5 and
    7.1.6; a service that is not certified gets nothing linked."""
    from tests.certification.factories import CertificationFactory

    CertificationFactory(services=[etat_civil])
    procedure = live_document(library, service=etat_civil, author=people.pilot,
                              reference="PRO-EC-001")
    live_document(library, service=accueil, author=people.pilot, reference="PRO-ACC-009")
    load_demo()
    assert sorted(DocumentClause.objects.filter(page_id=procedure.pk)
                  .values_list("criterion__reference", flat=True)) == ["7.1.6", "8.5"]
    assert DocumentClause.objects.count() == 2  # the reception's are linked one by one
    assert load_demo()["document_links"] == 0
