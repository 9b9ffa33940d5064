"""The matrix's status logic, score and evidence, on fake evidence kinds."""

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from qms.evidence import Coverage
from readiness import selectors
from readiness.models import ClauseAssessment, DocumentClause
from tests import factories as f

from .factories import ClauseAssessmentFactory, live_document

pytestmark = pytest.mark.django_db


def _line(matrix, criterion):
    return matrix.line_for(criterion.pk)


def test_status_of_each_line_follows_its_kinds(kinds, clause, accueil, standard):
    all_ok = clause("4.1", ["ok"])
    mixed = clause("4.2", ["ok", "none"])
    partly = clause("4.3", ["half"])
    nothing = clause("4.4", ["none"])
    matrix = selectors.build_matrix(service=accueil, standard=standard)

    assert _line(matrix, all_ok).status == Coverage.COVERED
    assert _line(matrix, all_ok).gaps == []
    assert [e.item.label for e in _line(matrix, all_ok).evidence] == ["ok 0", "ok 1"]
    # Some evidence (from "ok") but "none" is missing: partly, with the missing kind's gap.
    assert _line(matrix, mixed).status == Coverage.PARTLY
    assert [g.message for g in _line(matrix, mixed).gaps] == ["Aucun audit depuis 14 mois."]
    assert _line(matrix, partly).status == Coverage.PARTLY
    assert [g.message for g in _line(matrix, partly).gaps] == ["Indicateur sans valeur."]
    assert _line(matrix, nothing).status == Coverage.MISSING
    assert [g.message for g in _line(matrix, nothing).gaps] == ["Aucun audit depuis 14 mois."]
    assert matrix.counts == {"covered": 1, "partly": 2, "missing": 1, "not_applicable": 0}


def test_a_clause_without_kinds_or_documents_is_missing_with_a_plain_gap(
        kinds, clause, accueil, standard):
    bare = clause("7.4")
    line = _line(selectors.build_matrix(service=accueil, standard=standard), bare)
    assert line.status == Coverage.MISSING
    assert [g.message for g in line.gaps] == [gettext(
        "No evidence recorded: link a document or give a justification.")]


def test_a_missing_kind_without_gap_says_which_evidence_is_missing(
        kinds, clause, accueil, standard):
    kinds.add("silent", Coverage.MISSING, items=0, label="Revue de direction")
    criterion = clause("9.3", ["silent"])
    line = _line(selectors.build_matrix(service=accueil, standard=standard), criterion)
    assert [g.message for g in line.gaps] == [
        gettext("No evidence found: %(kind)s.") % {"kind": "Revue de direction"}]


def test_linked_documents_count_as_evidence(kinds, clause, accueil, etat_civil, standard,
                                            library, people):
    bare, weak, other = clause("7.1"), clause("7.2", ["none"]), clause("7.3")
    doc = live_document(library, service=accueil, author=people.pilot, reference="PRO-T-001")
    foreign = live_document(library, service=etat_civil, author=people.other_pilot,
                            reference="PRO-T-002")
    DocumentClause.objects.create(page=doc, criterion=bare)
    DocumentClause.objects.create(page=doc, criterion=weak)
    DocumentClause.objects.create(page=foreign, criterion=other)
    matrix = selectors.build_matrix(service=accueil, standard=standard)

    assert _line(matrix, bare).status == Coverage.COVERED
    assert [e.item.label for e in _line(matrix, bare).evidence] == [str(doc)]
    assert _line(matrix, weak).status == Coverage.PARTLY  # some evidence, kind missing
    # Another service's document is not evidence for the reception.
    assert _line(matrix, other).status == Coverage.MISSING


def test_declarations_override_and_not_applicable_leaves_the_score(
        kinds, clause, accueil, standard, people):
    covered, na, declared, half = (clause("4.1", ["ok"]), clause("8.3", ["none"]),
                                   clause("7.4"), clause("9.1", ["half"]))
    ClauseAssessmentFactory(service=accueil, criterion=na, assessed_by=people.pilot)
    ClauseAssessmentFactory(service=accueil, criterion=declared,
                            status=ClauseAssessment.Status.COVERED,
                            justification="Plan de communication affiché en salle de pause.")
    matrix = selectors.build_matrix(service=accueil, standard=standard)

    assert _line(matrix, na).status == Coverage.NOT_APPLICABLE
    assert _line(matrix, na).gaps == []
    line = _line(matrix, declared)
    assert line.status == Coverage.COVERED
    assert line.assessment.justification == "Plan de communication affiché en salle de pause."
    assert line.status_label == str(ClauseAssessment.Status.COVERED.label)
    # (covered 2 + ½ partly 1) / applicable 3 = 83.3 %
    assert matrix.applicable == 3
    assert matrix.score == Decimal("83.3")
    assert _line(matrix, covered).status == Coverage.COVERED
    assert _line(matrix, half).status == Coverage.PARTLY


def test_score_formula():
    assert selectors.readiness_score(3, 2, 10) == Decimal("40.0")
    assert selectors.readiness_score(1, 0, 3) == Decimal("33.3")
    assert selectors.readiness_score(2, 1, 3) == Decimal("83.3")
    assert selectors.readiness_score(0, 0, 0) is None


def test_each_kind_runs_once_for_the_service_and_those_under_it(kinds, clause, standard,
                                                               people):
    direction = f.ServiceFactory(code="dir-pop", kind="direction")
    child = f.ServiceFactory(code="enfance", parent=direction)
    grandchild = f.ServiceFactory(code="creches", parent=child)
    for n in range(6):
        clause(f"5.{n}", ["ok", "half"])
    clause("6.1", ["none", "ok"])
    selectors.build_matrix(service=direction, standard=standard,
                           today=datetime.date(2026, 6, 1))
    assert kinds.calls == {"ok": 1, "half": 1, "none": 1}
    ctx = kinds.contexts[0]
    assert ctx.service_ids == frozenset({direction.pk, child.pk, grandchild.pk})
    assert ctx.today == datetime.date(2026, 6, 1)
    assert [c.reference for c in ctx.criteria] == [f"5.{n}" for n in range(6)] + ["6.1"]


def test_kinds_answering_clause_by_clause(kinds, clause, accueil, standard):
    first, second, third = clause("8.1", ["per"]), clause("8.2", ["per"]), clause("8.5", ["per"])
    kinds.add("per", Coverage.PARTLY, items=0, by_criterion={
        first.pk: (Coverage.COVERED, []), second.pk: (Coverage.PARTLY, ["Fiche à revoir."])})
    matrix = selectors.build_matrix(service=accueil, standard=standard)
    assert _line(matrix, first).status == Coverage.COVERED
    assert _line(matrix, second).status == Coverage.PARTLY
    assert [g.message for g in _line(matrix, second).gaps] == ["Fiche à revoir."]
    assert _line(matrix, third).status == Coverage.MISSING


def test_unregistered_kinds_and_inactive_clauses_are_left_out(kinds, clause, accueil,
                                                              standard):
    gone = clause("4.1", ["ok", "uninstalled"])
    archived = clause("4.2", ["ok"])
    archived.is_active = False
    archived.save()
    matrix = selectors.build_matrix(service=accueil, standard=standard)
    assert [line.criterion for line in matrix.lines] == [gone]
    assert matrix.lines[0].status == Coverage.COVERED


def test_a_failing_finder_makes_its_kind_missing_not_the_page(kinds, clause, accueil,
                                                             standard):
    def broken(ctx):
        raise RuntimeError("bug")

    from qms import evidence

    evidence.register("broken", broken, label="Preuve cassée")
    fine, failing = clause("4.1", ["ok"]), clause("4.2", ["broken"])
    matrix = selectors.build_matrix(service=accueil, standard=standard)
    assert _line(matrix, fine).status == Coverage.COVERED
    line = _line(matrix, failing)
    assert line.status == Coverage.MISSING
    assert [g.message for g in line.gaps] == [gettext(
        "The evidence « %(kind)s » could not be read: tell the quality engineer.") % {
        "kind": "Preuve cassée"}]
