"""The risk sheets' demo (processes.demo_risks): loaded on top of the demo organisation
and people and the processes' demo only (not the documents' library, which takes tens of
seconds), once for the module, in a transaction rolled back after it."""

import io
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test.utils import override_settings

from actions.models import Action
from processes import demo as process_demo
from processes import demo_risks
from processes import risk_selectors as selectors
from processes.models import Criticality, Process, Risk, RiskSheet
from processes.risk_selectors import Basis, TreatmentStatus
from qms import demo as registry
from qms.demo import DemoRefused


def test_the_risks_come_after_the_processes_and_before_the_action_plan():
    names = [entry.name for entry in registry.registered()]
    assert names.index("processes") < names.index("risks") < names.index("actions")


def test_refused_without_the_processes(db):
    with pytest.raises(DemoRefused, match="processes"):
        demo_risks.load_demo()
    assert not RiskSheet.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from documents.demo import _Loader

    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            loader = _Loader(lambda message: None)
            loader.load_organisation()
            loader.load_people()
            process_demo.load_demo()
            first = demo_risks.load_demo(stdout=out)
            second = demo_risks.load_demo(stdout=out)
        yield SimpleNamespace(first=first, second=second, output=out.getvalue())
        transaction.set_rollback(True)


def test_a_sheet_per_process_and_sixty_risks(demo, db):
    assert demo.first == {"sheets": 12, "risks": 60, "actions": 28}
    assert RiskSheet.objects.count() == Process.objects.count() == 12
    kinds = Counter(Risk.objects.values_list("kind", flat=True))
    assert kinds == {Risk.Kind.RISK: 54, Risk.Kind.OPPORTUNITY: 6}
    for sheet in RiskSheet.objects.select_related("process"):
        assert sheet.service_id == sheet.process.service_id
        assert sheet.risks.count() == 5


def test_loading_twice_creates_nothing(demo, db):
    assert demo.second == {"sheets": 0, "risks": 0, "actions": 0}
    assert "already loaded" in demo.output


def test_the_risks_spread_over_the_matrix(demo, db):
    matrix = selectors.matrix()
    assert matrix.total == 54
    levels = dict(matrix.by_level())
    assert all(levels[level] >= 5 for level in Criticality), levels
    assert len(matrix.counts) >= 10  # cells in use
    residual = selectors.matrix(basis=Basis.RESIDUAL)
    assert residual.total >= 20
    assert residual.by_level()[0][1] == 0  # no critical risk left after treatment


def test_treatments_reviews_and_actions(demo, db):
    risks = list(selectors.register())
    assert all(risk.treatment for risk in risks)
    statuses = Counter(risk.treatment_status for risk in risks)
    assert statuses[TreatmentStatus.IN_PROGRESS] >= 8
    assert statuses[TreatmentStatus.TREATED] >= 5
    assert statuses[TreatmentStatus.ACCEPTED] >= 15
    assert statuses[TreatmentStatus.NO_ACTION] >= 5
    overdue = [risk for risk in risks if risk.is_review_overdue]
    assert 8 <= len(overdue) <= 20
    actions = Action.objects.filter(kind=Action.Kind.RISK_TREATMENT)
    assert actions.count() == 28
    states = Counter(actions.values_list("status", flat=True))
    assert states[Action.Status.DONE] >= 8 and states[Action.Status.PLANNED] >= 3
    assert states[Action.Status.IN_PROGRESS] >= 8 and states[Action.Status.CANCELLED] == 1
    assert actions.late().count() >= 4
    for action in actions:
        assert isinstance(action.source, Risk)
        assert action.service_id == action.source.sheet.service_id
    french = " ".join(Risk.objects.values_list("title", flat=True)).lower()
    for words in ("guichet", "état civil", "marché", "station d'épuration", "allergène",
                  "voirie", "rançongiciel"):
        assert words in french, words


def test_the_pilots_have_reviews_to_do(demo, db):
    from processes.todo import risk_reviews

    pilot = Process.objects.get(code="PRC-R01").pilot
    items = risk_reviews(pilot)
    assert items and all(item.is_overdue for item in items)
