import pytest

from qms.evidence import Coverage
from tests import factories as f
from tests.audits.factories import auditor_user, direction

from .factories import ClauseRuleFactory, CriterionFactory, FakeKinds, StandardFactory


@pytest.fixture
def kinds(monkeypatch):
    """An empty evidence registry with fake kinds "ok" (covered), "half" (partly, one gap)
    and "none" (missing, one gap)."""
    registry = FakeKinds(monkeypatch)
    registry.add("ok", Coverage.COVERED, items=2)
    registry.add("half", Coverage.PARTLY, items=1, gaps=["Indicateur sans valeur."])
    registry.add("none", Coverage.MISSING, items=0, gaps=["Aucun audit depuis 14 mois."])
    return registry


@pytest.fixture
def standard(db):
    return StandardFactory(code="ref-test", name="Référentiel test")


@pytest.fixture
def clause(standard):
    """make a clause of the test standard with its rule: clause("4.1", ["ok"])."""
    counter = {"order": 0}

    def make(reference, kinds=(), guidance="Ce que l'auditeur veut voir."):
        counter["order"] += 10
        criterion = CriterionFactory(standard=standard, reference=reference,
                                     title=f"Exigence {reference}", order=counter["order"])
        ClauseRuleFactory(criterion=criterion, evidence_kinds=list(kinds), guidance=guidance)
        return criterion

    return make


@pytest.fixture
def readers(people):
    class Readers:
        auditor = auditor_user(username="auditrice", service=people.quality.service)
        direction_user = direction(username="dgs", service=people.quality.service)
        agent = people.agent

    return Readers


__all__ = ["f"]
