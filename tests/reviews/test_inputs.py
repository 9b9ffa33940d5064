"""Each compiled section, from factories: the figures it shows are right."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from indicators.models import Measurement
from processes.models import ContextIssue, InterestedParty, Risk
from reviews import inputs, services
from reviews.models import Section, Status
from tests.actions.factories import attached_action
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory, target
from tests.processes.factories import (
    OpportunityFactory,
    ProcessFactory,
    RiskFactory,
    RiskTreatmentActionFactory,
)

from .factories import ActionFactory, ManagementReviewFactory, ProcessReviewFactory

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
TODAY = timezone.localdate()


def figures(data) -> dict:
    return {f["label"]: f["value"] for f in data["figures"]}


def measure(indicator, period, value):
    return Measurement.objects.create(
        indicator=indicator, period=period, period_start=indicator.parse_period(period).start,
        value=Decimal(str(value)), origin=Measurement.Origin.MANUAL)


@pytest.fixture
def restore_registry():
    saved = dict(inputs._registry)
    yield
    inputs._registry.clear()
    inputs._registry.update(saved)


def test_every_section_is_json_serialisable(people):
    import json

    for key in Section.values:
        json.dumps(inputs.compile(key, start=START, end=END))


def test_unregistered_section_says_module_not_available(restore_registry):
    inputs.unregister_section("c7")
    assert inputs.compile("c7", start=START, end=END) == {"available": False}
    # A module that is not installed: its dotted path resolves to nothing and the
    # section says so.
    inputs.register_section("c6", "suppliers_not_installed.review_inputs.audit_results")
    assert inputs.compile("c6", start=START, end=END) == {"available": False}
    assert str(inputs.UNAVAILABLE) in ("No data: module not available",
                                       "Aucune donnée : module non disponible")


def test_a_module_registers_its_section(restore_registry):
    def audit_results(*, start, end):
        return {"figures": [inputs.figure("Audits", 8)]}

    inputs.register_section("c6", audit_results)
    data = inputs.compile("c6", start=START, end=END)
    assert data["available"] is True and figures(data) == {"Audits": 8}
    assert data["tables"] == [] and data["chart"] is None
    inputs.register_section("c6", "tests.reviews.test_inputs.no_such_function")
    assert inputs.compile("c6", start=START, end=END) == {"available": False}
    with pytest.raises(ValueError):
        inputs.register_section("z9", audit_results)


def test_a_broken_module_is_not_mistaken_for_a_missing_one(restore_registry):
    inputs.register_section("c6", "reviews.tests_missing_dependency_xyz.compile")
    assert inputs.compile("c6", start=START, end=END) == {"available": False}


def test_resources_is_written_by_hand(people):
    assert inputs.compile("d", start=START, end=END) == {"available": True, "manual": True}


def test_a_actions_of_previous_reviews(people):
    previous = ManagementReviewFactory(period_start=datetime.date(2024, 1, 1),
                                       period_end=datetime.date(2024, 12, 31))
    current = ManagementReviewFactory()
    late = services.review_decide(review=previous, kind="improvement", text="Accueil",
                                  owner=people.pilot, service=people.pilot.service,
                                  due_date=TODAY - datetime.timedelta(days=5),
                                  user=people.quality)
    done = services.review_decide(review=previous, kind="qms_change", text="Procédure",
                                  owner=people.pilot, service=people.pilot.service,
                                  due_date=TODAY + datetime.timedelta(days=5),
                                  user=people.quality)
    Action.objects.for_source(done).update(status=Action.Status.DONE)
    services.review_decide(review=current, kind="improvement", text="Pas celle-ci",
                           owner=people.pilot, service=people.pilot.service,
                           due_date=TODAY, user=people.quality)
    ActionFactory()  # not from a review

    data = inputs.compile("a", start=START, end=END)
    values = figures(data)
    assert values["Actions"] == 2
    assert values[str(Action.Status.DONE.label)] == 1
    assert values[str(Action.Status.PLANNED.label)] == 1
    assert values["Late"] == 1
    rows = data["tables"][0]["rows"]
    assert [r["cells"][2] for r in rows] == [Action.objects.for_source(late).get().source_label,
                                             Action.objects.for_source(done).get().source_label]
    assert rows[0]["cells"][7] == "late by 5 days"
    assert rows[0]["url"] == f"/actions/{Action.objects.for_source(late).get().pk}/"
    assert data["chart"]["series"][0]["values"] == [1.0, 0.0, 1.0, 0.0]


def test_b_context_changes_from_history(people):
    old = ContextIssue.objects.create(kind="external", category="legal", title="Loi ancienne")
    old.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    archived = ContextIssue.objects.create(kind="internal", category="social", title="Départs")
    archived.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    archived.is_active = False
    archived.save()
    ContextIssue.objects.create(kind="external", category="environmental",
                                title="Canicules", trend="unfavourable")
    party = InterestedParty.objects.create(name="Usagers", category="citizens",
                                           needs_and_expectations="Délais courts")
    party.history.update(history_date=timezone.now() - datetime.timedelta(days=400))
    party.needs_and_expectations = "Délais courts et rendez-vous en ligne"
    party.save()

    data = inputs.compile("b", start=TODAY - datetime.timedelta(days=30), end=TODAY)
    values = figures(data)
    assert values["Issues created"] == 1
    assert values["Issues changed or archived"] == 1
    assert values["Interested parties created"] == 0
    assert values["Interested parties changed or archived"] == 1
    assert values["Active issues"] == 2
    issues = {r["cells"][0]: r["cells"][3] for r in data["tables"][0]["rows"]}
    assert issues == {"Départs": "archived", "Canicules": "created"}
    assert data["tables"][1]["rows"][0]["cells"][:3] == ["Usagers", str(
        InterestedParty.Category.CITIZENS.label), "changed"]


def test_c2_objectives_attainment(people):
    objective = ObjectiveFactory(code="OBJ-ACC", start_year=2025, end_year=2025,
                                 service=people.pilot.service)
    good = IndicatorFactory(service=people.pilot.service)
    bad = IndicatorFactory(service=people.pilot.service)
    for indicator, value in ((good, 95), (bad, 40)):
        target(indicator, 2025, 90)
        measure(indicator, "2025-11", value)
        indicator.objectives.add(objective)
    ObjectiveFactory(code="OBJ-NONE", start_year=2025, end_year=2025)
    ObjectiveFactory(code="OBJ-2030", start_year=2030, end_year=2030)

    data = inputs.compile("c2", start=START, end=END)
    values = figures(data)
    assert values["Objectives of 2025"] == 2
    assert values["On alert"] == 1  # 1 of 2 indicators on target: 50 %
    assert values["Without data"] == 1
    assert values["Indicators on target"] == "50\u00a0%"
    rows = {r["cells"][0]: r["cells"] for r in data["tables"][0]["rows"]}
    assert rows["OBJ-ACC"][3] == "1 / 2"
    # The objectives counted by status (on target, alert, critical, no data): readable
    # whatever their number.
    assert data["chart"]["series"][0]["values"] == [0.0, 1.0, 0.0, 1.0]
    # The objective on alert comes before the one without data.
    assert [r["cells"][0] for r in data["tables"][0]["rows"]] == ["OBJ-ACC", "OBJ-NONE"]


def test_c3_processes_and_their_reviews(people):
    process = ProcessFactory(code="PRC-R01", pilot=people.pilot)
    ProcessFactory(code="PRC-R02")
    indicator = IndicatorFactory()
    indicator.processes.add(process)
    target(indicator, 2025, 10)
    measure(indicator, "2025-12", 12)
    ProcessReviewFactory(process=process, status=Status.VALIDATED)
    ProcessReviewFactory(process=process, period_start=datetime.date(2023, 1, 1),
                         period_end=datetime.date(2023, 12, 31))

    data = inputs.compile("c3", start=START, end=END)
    values = figures(data)
    assert values == {"Active processes": 2, "Processes without indicator": 1,
                      "Process reviews": 1, "Process reviews validated": 1}
    first = data["tables"][0]["rows"][0]
    assert first["cells"][0] == "PRC-R01" and first["cells"][3:5] == ["1", "1"]
    assert first["url"] == process.get_absolute_url()
    assert len(data["tables"][1]["rows"]) == 1


def test_c5_monitoring_results(people):
    on = IndicatorFactory(code="IND-ON")
    off = IndicatorFactory(code="IND-OFF", critical_threshold=50)
    IndicatorFactory(code="IND-EMPTY")
    for indicator, value in ((on, 95), (off, 20)):
        target(indicator, 2025, 90)
        measure(indicator, "2025-06", value)
    measure(on, "2024-06", 80)  # before the period

    data = inputs.compile("c5", start=START, end=END)
    values = figures(data)
    assert values["Active indicators"] == 3
    assert values["Values recorded for the period"] == 2
    assert values["Indicators measured in the period"] == 2
    rows = data["tables"][0]["rows"]
    assert [r["cells"][0] for r in rows] == ["IND-OFF"]
    assert data["chart"]["series"][0]["values"] == [1.0, 0.0, 1.0, 1.0]


def test_e_risk_treatment_actions(people):
    risk = RiskFactory(likelihood=4, severity=3, treatment=Risk.Treatment.REDUCE,
                       residual_likelihood=2, residual_severity=2)
    RiskTreatmentActionFactory(risk=risk, status=Action.Status.DONE, completed_at=TODAY,
                               effectiveness_verdict="effective",
                               effectiveness_checked_at=TODAY)
    RiskTreatmentActionFactory(risk=risk, due_date=TODAY - datetime.timedelta(days=1))
    RiskFactory(likelihood=1, severity=1, treatment=Risk.Treatment.ACCEPT)  # not treated

    data = inputs.compile("e", start=START, end=TODAY)
    values = figures(data)
    assert values["Actions"] == 2
    assert values["Late"] == 1 and values["Checked effective"] == 1
    assert values["Risks and opportunities treated"] == 1
    assert values["Criticality lowered"] == 1
    assert values["Average initial criticality"] == 12.0
    assert values["Average residual criticality"] == 4.0
    assert data["tables"][0]["rows"][0]["cells"][5] == "1 / 2"
    series = {s["name"]: s["values"] for s in data["chart"]["series"]}
    assert series == {"Initial": [0, 0, 0, 1.0], "Residual": [0, 1.0, 0, 0]}


def test_f_opportunities_for_improvement(people):
    opportunity = OpportunityFactory(title="Rendez-vous en ligne")
    OpportunityFactory(treatment=Risk.Treatment.NOT_PURSUE)
    attached_action(opportunity, kind=Action.Kind.IMPROVEMENT, reference="ACT-1991-0001")
    ActionFactory(kind=Action.Kind.IMPROVEMENT, status=Action.Status.DONE, completed_at=TODAY)
    ActionFactory(kind=Action.Kind.CORRECTIVE)

    data = inputs.compile("f", start=TODAY - datetime.timedelta(days=10), end=TODAY)
    values = figures(data)
    assert values["Open improvement actions"] == 1
    assert values["Improvement actions opened in the period"] == 2
    assert values["Improvement actions completed in the period"] == 1
    assert values["Opportunities"] == 2 and values["Opportunities pursued"] == 1
    assert data["tables"][0]["rows"][0]["cells"][2].endswith(str(opportunity))


def test_compiled_snapshot_does_not_follow_the_data(people):
    review = services.review_create(title="R", period_start=TODAY - datetime.timedelta(days=10),
                                    period_end=TODAY, user=people.quality)
    services.review_compile(review=review, user=people.quality)
    ActionFactory(kind=Action.Kind.IMPROVEMENT)
    snapshot = review.inputs.get(section="f").snapshot
    assert figures(snapshot)["Open improvement actions"] == 0
    assert figures(inputs.compile("f", start=review.period_start,
                                  end=review.period_end))["Open improvement actions"] == 1


def test_tables_are_summaries_with_the_most_telling_rows_first(people, monkeypatch):
    """A review reads a summary: each table keeps its first rows — here the processes
    furthest from their targets — with its total and a link to the full list."""
    monkeypatch.setattr(inputs, "TABLE_ROWS", 2)
    for code, value in (("PRC-R01", 12), ("PRC-R02", 5), ("PRC-R03", None)):
        process = ProcessFactory(code=code)
        if value is not None:
            indicator = IndicatorFactory()
            indicator.processes.add(process)
            target(indicator, 2025, 10)
            measure(indicator, "2025-12", value)

    data = inputs.compile("c3", start=START, end=END)
    processes = data["tables"][0]
    assert [r["cells"][0] for r in processes["rows"]] == ["PRC-R02", "PRC-R01"]
    assert processes["total"] == 3
    assert processes["more_url"] == reverse("processes:index")
    # The chart counts the processes by band of share on target, not one bar each.
    assert data["chart"]["series"][0]["values"] == [1.0, 0.0, 0.0, 0.0, 1.0]
