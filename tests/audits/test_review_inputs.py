"""The management review inputs c4) (nonconformities and corrective actions) and c6)
(audit results) compiled by audits.review_inputs: right figures for a small set, the
period's boundaries respected, an empty period, a constant number of queries, and the
sections compiled through reviews.inputs."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from actions.models import Action
from audits import review_inputs, services
from audits.models import Audit, Finding, Nonconformity
from tests.actions.factories import attached_action
from tests.factories import ServiceFactory

from . import factories as af

pytestmark = pytest.mark.django_db
START, END = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
D = datetime.date
NC = Nonconformity.Status
SOURCE = Nonconformity.SourceKind


@pytest.fixture(autouse=True)
def _english():
    """The labels are compared with their English msgids."""
    with translation.override("en"):
        yield


def figures(data) -> dict:
    return {f["label"]: f["value"] for f in data["figures"]}


def table(data, title) -> dict:
    return next(t for t in data["tables"] if t["title"] == title)


def nc(detected_at, **kwargs):
    return af.NonconformityFactory(detected_at=detected_at, **kwargs)


def corrective(record, **kwargs):
    kwargs.setdefault("kind", Action.Kind.CORRECTIVE)
    return attached_action(record, **kwargs)


def backdate_actions(when=datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)):
    """The actions of the tests are created today (after the period): date them back."""
    Action.objects.update(created_at=when)


# --- c4) nonconformities ----------------------------------------------------------------------
@pytest.fixture
def nonconformity_set(db):
    service = ServiceFactory(name="Accueil")
    ncs = {
        "late": nc(D(2025, 2, 10), status=NC.OPEN, target_closure_date=D(2025, 3, 1),
                   service=service, title="Attente au guichet"),
        "closed": nc(D(2025, 3, 5), source_kind=SOURCE.COMPLAINT, status=NC.CLOSED,
                     closed_at=D(2025, 6, 1)),
        "older": nc(D(2024, 11, 20), source_kind=SOURCE.AUDIT, status=NC.ACTIONS,
                    target_closure_date=D(2026, 6, 30)),
        "before": nc(D(2024, 5, 1), status=NC.CLOSED, closed_at=D(2024, 12, 1)),
        "after": nc(D(2026, 1, 15), status=NC.OPEN),
        "closed_since": nc(D(2025, 10, 1), status=NC.CLOSED, closed_at=D(2026, 2, 1)),
    }
    corrective(ncs["late"], due_date=D(2025, 5, 1), status=Action.Status.PLANNED)
    corrective(ncs["closed"], due_date=D(2025, 5, 30), status=Action.Status.DONE,
               completed_at=D(2025, 5, 20), effectiveness_checked_at=D(2025, 5, 30),
               effectiveness_verdict=Action.Verdict.EFFECTIVE)
    corrective(ncs["older"], due_date=D(2025, 9, 1), status=Action.Status.DONE,
               completed_at=D(2025, 8, 1), effectiveness_checked_at=D(2025, 10, 1),
               effectiveness_verdict=Action.Verdict.NOT_EFFECTIVE)
    # Not counted: completed before the period, cancelled, or not from a nonconformity.
    corrective(ncs["before"], due_date=D(2024, 11, 1), status=Action.Status.DONE,
               completed_at=D(2024, 11, 1))
    corrective(ncs["older"], due_date=D(2025, 4, 1), status=Action.Status.CANCELLED)
    attached_action(af.AuditFactory(), due_date=D(2025, 4, 1))
    backdate_actions()
    return ncs


def test_nonconformities_of_the_period(nonconformity_set):
    data = review_inputs.nonconformities(start=START, end=END)
    values = figures(data)
    assert values["Nonconformities detected in the period"] == 3  # late, closed, closed_since
    assert values["Detected — Internal detection"] == 2
    assert values["Detected — Complaint"] == 1
    assert values["Detected — Audit finding"] == 0
    assert values["Nonconformities closed in the period"] == 1
    # Open on 31/12/2025: late, older and closed_since (closed after the period).
    assert values["Open at the end of the period"] == 3
    ages = [(END - D(2025, 2, 10)).days, (END - D(2024, 11, 20)).days,
            (END - D(2025, 10, 1)).days]
    assert values["Mean age of the open ones (days)"] == round(sum(ages) / 3, 1)
    assert values["Overdue (target closure date passed)"] == 1
    assert values["Corrective actions"] == 3
    assert values["Corrective actions done"] == 2
    assert values["Checked effective"] == 1
    assert values["Checked not effective"] == 1
    assert values["Corrective actions late"] == 1
    assert any("not effective" in note for note in data["notes"])

    crossing = table(data, "Nonconformities detected in the period, by source and status")
    rows = {r["cells"][0]: r["cells"][1:] for r in crossing["rows"]}
    statuses = list(crossing["columns"][2:])
    assert rows["Internal detection"][0] == "2"
    assert rows["Internal detection"][1 + statuses.index("Open")] == "1"
    assert rows["Internal detection"][1 + statuses.index("Closed")] == "1"
    assert rows["Complaint"][1 + statuses.index("Closed")] == "1"
    assert rows["Total"][0] == "3"

    open_table = table(data, "Nonconformities open at the end of the period")
    by_ref = {r["cells"][0]: r for r in open_table["rows"]}
    late = nonconformity_set["late"]
    # The overdue first, then the oldest: the review keeps the first rows of the table.
    assert list(by_ref) == [nonconformity_set[k].reference
                            for k in ("late", "older", "closed_since")]
    assert open_table["more_url"] == reverse("audits:nonconformities")
    assert by_ref[late.reference]["cells"][1:] == [
        "Attente au guichet", "Accueil", str(ages[0]), "01/03/2025", "yes", "Open"]
    assert by_ref[late.reference]["url"] == late.get_absolute_url()
    assert by_ref[nonconformity_set["closed_since"].reference]["cells"][-1] == \
        "Closed on 01/02/2026"

    chart = data["chart"]
    assert chart["title"] == "Nonconformities detected per month"
    assert len(chart["labels"]) == 12 and chart["labels"][0] == "01/2025"
    assert chart["series"][0]["values"] == [0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    json.dumps(data)


def test_nonconformities_of_an_empty_period(nonconformity_set):
    data = review_inputs.nonconformities(start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert all(v in (0, None) for v in figures(data).values())
    assert data["chart"] is None
    assert data["notes"] == ["No nonconformity was detected, open or closed in the period."]
    assert table(data, "Nonconformities open at the end of the period")["rows"] == []
    json.dumps(data)


def test_nonconformities_in_a_constant_number_of_queries(nonconformity_set,
                                                         django_assert_max_num_queries):
    for day in range(1, 21):
        record = nc(D(2025, 4, day), service=ServiceFactory())
        corrective(record, due_date=D(2025, 5, day))
    backdate_actions()
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(3):
        data = review_inputs.nonconformities(start=START, end=END)
    assert figures(data)["Nonconformities detected in the period"] == 23


# --- c6) audit results ------------------------------------------------------------------------
@pytest.fixture
def audit_set(people):
    p2025 = af.ProgrammeFactory(year=2025)
    p2024 = af.ProgrammeFactory(year=2024)
    accueil = people.agent.service
    internal = af.AuditFactory(
        programme=p2025, title="Accueil du public", planned_start=D(2025, 3, 10),
        planned_end=D(2025, 3, 11), held_start=D(2025, 3, 10), held_end=D(2025, 3, 11),
        status=Audit.Status.REPORTED, services=[accueil],
        criteria_met=Audit.CriteriaMet.LARGELY,
        conclusions="Le système est efficace.\nQuelques écarts restent à traiter.",
    )
    # The major nonconformity through the service: it opens its nonconformity record.
    services.finding_record(audit=internal, kind=Finding.Kind.MAJOR_NC, user=people.quality,
                            description="Pas de registre", evidence="Registre absent",
                            clause_reference="8.5.1", service=accueil)
    af.FindingFactory(audit=internal, kind=Finding.Kind.MINOR_NC)
    af.FindingFactory(audit=internal, kind=Finding.Kind.MINOR_NC)
    af.FindingFactory(audit=internal, kind=Finding.Kind.STRENGTH)
    Audit.objects.filter(pk=internal.pk).update(status=Audit.Status.CLOSED)
    certification = af.AuditFactory(
        programme=p2025, title="Audit de certification", kind=Audit.Kind.CERTIFICATION,
        auditee="AFNOR Certification", planned_start=D(2025, 10, 1),
        planned_end=D(2025, 10, 3), held_start=D(2025, 10, 2), held_end=D(2025, 10, 3),
        status=Audit.Status.REPORTED, conclusions="Certification recommandée.",
    )
    af.FindingFactory(audit=certification, kind=Finding.Kind.OBSERVATION)
    af.FindingFactory(audit=certification, kind=Finding.Kind.OPPORTUNITY)
    pending = af.AuditFactory(programme=p2025, title="Achats", planned_start=D(2025, 11, 15),
                              planned_end=D(2025, 11, 15))
    cancelled = af.AuditFactory(programme=p2025, planned_start=D(2025, 6, 1),
                                planned_end=D(2025, 6, 1), status=Audit.Status.CANCELLED,
                                cancellation_reason="Réorganisation")
    af.FindingFactory(audit=cancelled, kind=Finding.Kind.OBSERVATION)
    before = af.AuditFactory(programme=p2024, planned_start=D(2024, 5, 1),
                             planned_end=D(2024, 5, 2), held_start=D(2024, 5, 1),
                             status=Audit.Status.CLOSED)
    af.FindingFactory(audit=before, kind=Finding.Kind.MAJOR_NC)
    af.AuditFactory(programme=af.ProgrammeFactory(year=2026), planned_start=D(2026, 1, 10),
                    planned_end=D(2026, 1, 10))
    return {"internal": internal.pk, "certification": certification.pk,
            "pending": pending, "cancelled": cancelled}


def test_audit_results_of_the_period(audit_set):
    data = review_inputs.audit_results(start=START, end=END)
    values = figures(data)
    assert values["Audits planned in the period"] == 3
    assert values["Audits held in the period"] == 2
    assert values["Planned audits held (%)"] == 66.7
    assert values["Planned audits not held yet"] == 1
    assert values["Audits cancelled"] == 1
    assert values["Certification and external audits"] == 1
    assert values["Findings"] == 6
    assert [values[Finding.Kind(k).label] for k in Finding.REPORT_ORDER] == [1, 2, 1, 1, 1]
    assert data["notes"] == [
        f"1 audits planned in the period have not been held yet: "
        f"{audit_set['pending'].reference}."]

    internal = Audit.objects.get(pk=audit_set["internal"])
    rows = {r["cells"][0]: r for r in table(data, "Audits of the period")["rows"]}
    assert len(rows) == 4  # internal, cancelled, certification, pending
    row = rows[internal.reference]
    assert row["url"] == internal.get_absolute_url()
    assert row["cells"][1:] == [
        "Accueil du public", "Internal audit", internal.services.get().name,
        "10/03/2025 – 11/03/2025", "10/03/2025 – 11/03/2025", "Closed", "1", "2", "0", "0",
        "1", "Criteria largely met. Le système est efficace. Quelques écarts restent à "
        "traiter."]
    assert rows[audit_set["cancelled"].reference]["cells"][6] == "Cancelled"

    certification = table(data, "Certification and external audits")["rows"]
    assert len(certification) == 1
    assert certification[0]["cells"][1:6] == [
        "Audit de certification", "Certification audit", "AFNOR Certification",
        "02/10/2025 – 03/10/2025", "Report written"]

    follow_up = table(data, "Audit programme follow-up")["rows"]
    assert [r["cells"] for r in follow_up] == [["2025", "3", "2", "1", "67 %"]]
    assert follow_up[0]["url"] == reverse("audits:programme", args=[2025])

    chart = data["chart"]
    assert chart["title"] == "Audit findings by kind"
    assert chart["series"][0]["values"] == [1, 2, 1, 1, 1]
    json.dumps(data)


def test_the_audit_finding_counts_as_a_nonconformity_of_the_period(audit_set):
    data = review_inputs.nonconformities(start=START, end=END)
    values = figures(data)
    assert values["Detected — Audit finding"] == 1
    assert values["Open at the end of the period"] == 1


def test_audit_results_of_an_empty_period(audit_set):
    data = review_inputs.audit_results(start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert all(v in (0, None) for v in figures(data).values())
    assert data["chart"] is None
    assert data["notes"] == ["No audit was planned or held in the period."]
    assert table(data, "Audits of the period")["rows"] == []
    assert table(data, "Audit programme follow-up")["rows"] == []
    json.dumps(data)


def test_audit_results_in_a_constant_number_of_queries(audit_set,
                                                       django_assert_max_num_queries):
    programme = af.ProgrammeFactory(year=2025)
    for day in range(1, 16):
        audit = af.AuditFactory(programme=programme, planned_start=D(2025, 4, day),
                                planned_end=D(2025, 4, day), held_start=D(2025, 4, day),
                                status=Audit.Status.CLOSED,
                                services=[ServiceFactory(), ServiceFactory()])
        af.FindingFactory(audit=audit, kind=Finding.Kind.STRENGTH)
        af.FindingFactory(audit=audit, kind=Finding.Kind.MINOR_NC)
    with django_assert_max_num_queries(3):
        data = review_inputs.audit_results(start=START, end=END)
    assert figures(data)["Audits held in the period"] == 17


# --- through reviews --------------------------------------------------------------------------
def test_the_review_compiles_both_sections(audit_set, nonconformity_set):
    from reviews import inputs
    from reviews.models import Section

    assert Section.NONCONFORMITIES == "c4" and Section.AUDITS == "c6"
    assert inputs.compiler_for("c4") is review_inputs.nonconformities
    assert inputs.compiler_for("c6") is review_inputs.audit_results
    c4 = inputs.compile("c4", start=START, end=END)
    c6 = inputs.compile("c6", start=START, end=END)
    assert c4["available"] is True and c6["available"] is True
    assert figures(c4)["Nonconformities detected in the period"] == 4
    assert figures(c6)["Audits held in the period"] == 2
    json.dumps([c4, c6])
