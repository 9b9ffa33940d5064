"""The evidence finders readiness owns: for each kind, what counts as evidence for a
service (covered), what is only partly there, what is absent (missing, with the gap in
plain French), that the records of another service are ignored, and that each finder
runs a fixed number of queries whatever the number of records."""

import datetime

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actions.models import Action
from audits.models import Audit, Nonconformity
from feedback.models import Survey
from indicators.models import Frequency
from qms import evidence
from qms.evidence import MAX_ITEMS, Coverage
from readiness import finders
from readiness.models import DocumentClause
from reviews.models import Status as ReviewStatus
from tests import factories as f
from tests.actions.factories import ActionFactory, attached_action
from tests.audits.factories import (
    AuditFactory,
    CriterionFactory,
    NonconformityFactory,
    ProgrammeFactory,
    StandardFactory,
)
from tests.compliance.factories import RegulationFactory
from tests.feedback.factories import CommitmentFactory, SurveyFactory, answered
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory, target
from tests.processes.factories import (
    ProcessFactory,
    RiskFactory,
    RiskSheetFactory,
    RiskTreatmentActionFactory,
)
from tests.reviews.factories import ManagementReviewFactory, ProcessReviewFactory

from . import finder_factories as ff
from .finder_factories import context_for, days_ago, months_ago, queries, today


def fmt(day):
    return day.strftime("%d/%m/%Y")


# --- registration ----------------------------------------------------------------------------
def test_the_fourteen_kinds_are_registered_with_their_finders(accueil):
    codes = [code for code, _label, _order in finders.KINDS]
    assert len(codes) == 14
    for code in codes:
        kind = evidence.get(code)
        assert kind is not None and kind.finder == f"readiness.finders.{code}"
    finders.register_kinds()  # idempotent
    result = evidence.get("risks").find(context_for(accueil))
    assert result.coverage == Coverage.MISSING


# --- process sheets --------------------------------------------------------------------------
@pytest.fixture
def sheets(library, people, accueil):
    def make(code, *, published=True, service=accueil):
        process = ProcessFactory(code=code, service=service)
        if published:
            process.process_sheet = ff.process_sheet(
                library, service=service, author=people.pilot, reference=code,
                title=f"Fiche {code}")
            process.save()
        return process
    return make


def test_process_sheets_covered_when_every_process_has_its_published_sheet(sheets, accueil):
    sheets("PRC-ACC-01")
    result = finders.process_sheets(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].label.startswith("PRC-ACC-01 — ")
    assert result.items[0].url.endswith("/")
    assert result.items[0].detail == _("version %(number)s") % {"number": 1}


def test_process_sheets_partly_when_a_process_has_none(sheets, accueil):
    sheets("PRC-ACC-01")
    sheets("PRC-ACC-02", published=False)
    result = finders.process_sheets(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [_("The process %(process)s has no published process sheet.")
                           % {"process": "PRC-ACC-02"}]


def test_process_sheets_missing_without_process(accueil):
    result = finders.process_sheets(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No active process is registered for the service.")]


def test_process_sheets_ignore_other_services(sheets, accueil, etat_civil):
    sheets("PRC-EC-01", service=etat_civil)
    sheets("PRC-ACC-02", published=False)
    result = finders.process_sheets(context_for(accueil))
    assert result.coverage == Coverage.MISSING and result.items == []


def test_process_sheets_queries(sheets, accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    sheets("PRC-ACC-01")
    before = queries(finders.process_sheets, ctx, 1, django_assert_max_num_queries)
    for n in range(2, 14):
        sheets(f"PRC-ACC-{n:02d}", published=n % 2 == 0)
    result = finders.process_sheets(ctx)
    assert len(result.items) == 7 and len(result.gaps) == 6
    assert queries(finders.process_sheets, ctx, 1, django_assert_max_num_queries) == before


# --- roles -----------------------------------------------------------------------------------
def test_roles_covered_when_processes_have_pilots_and_the_service_a_head(people, accueil):
    ProcessFactory(code="PRC-ACC-01", service=accueil, pilot=people.pilot)
    result = finders.roles(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].detail == _("pilot: %(name)s") % {
        "name": people.pilot.get_full_name()}


def test_roles_partly_when_a_process_has_no_pilot(people, accueil):
    ProcessFactory(code="PRC-ACC-01", service=accueil, pilot=people.pilot)
    ProcessFactory(code="PRC-ACC-02", service=accueil, pilot=None)
    result = finders.roles(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [_("The process %(process)s has no pilot.") % {
        "process": "PRC-ACC-02"}]


def test_roles_missing_without_pilot_nor_head(accueil):
    ProcessFactory(code="PRC-ACC-01", service=accueil, pilot=None)
    result = finders.roles(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert _("No head is named for the service %(service)s (no member with the process "
             "pilot or direction role).") % {"service": accueil.name} in result.gaps


def test_roles_a_direction_member_heads_the_service(accueil):
    f.UserFactory(service=accueil, role="Direction")
    result = finders.roles(context_for(accueil))
    assert result.coverage == Coverage.COVERED
    assert result.items[0].detail == ngettext(
        "%(count)s head named in the service", "%(count)s heads named in the service", 1) % {
        "count": 1}


def test_roles_ignore_other_services(people, accueil, etat_civil):
    ProcessFactory(code="PRC-EC-01", service=etat_civil, pilot=None)
    result = finders.roles(context_for(accueil))
    assert result.coverage == Coverage.COVERED
    assert [item.label for item in result.items] == [accueil.name]


def test_roles_queries(people, accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    ProcessFactory(code="PRC-ACC-01", service=accueil, pilot=people.pilot)
    before = queries(finders.roles, ctx, 2, django_assert_max_num_queries)
    for n in range(2, 12):
        ProcessFactory(code=f"PRC-ACC-{n:02d}", service=accueil, pilot=people.pilot)
        f.pilot(service=accueil)
    assert queries(finders.roles, ctx, 2, django_assert_max_num_queries) == before


# --- context ---------------------------------------------------------------------------------
@pytest.fixture
def reception(accueil):
    return ProcessFactory(code="PRC-ACC-01", service=accueil)


def test_context_covered_when_issues_and_parties_are_reviewed(reception, accueil):
    ff.issue("Dématérialisation", reviewed=months_ago(2), processes=[reception])
    ff.party("Usagers", reviewed=months_ago(3))  # the whole municipality's
    result = finders.context(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert [item.label for item in result.items] == ["Dématérialisation", "Usagers"]


def test_context_partly_when_a_row_is_not_reviewed_within_12_months(reception, accueil):
    ff.issue("Dématérialisation", reviewed=months_ago(2), processes=[reception])
    ff.issue("Vieillissement", reviewed=months_ago(14), processes=[reception])
    ff.party("Usagers", reviewed=months_ago(3))
    result = finders.context(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [ngettext(
        "%(count)s issue has not been reviewed in the last 12 months.",
        "%(count)s issues have not been reviewed in the last 12 months.", 1) % {"count": 1}]


def test_context_missing_without_rows(accueil):
    result = finders.context(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No internal or external issue is registered."),
                           _("No interested party is registered.")]


def test_context_ignores_the_rows_of_other_services_processes(reception, accueil,
                                                              etat_civil):
    civil = ProcessFactory(code="PRC-EC-01", service=etat_civil)
    ff.issue("Afflux de demandes de passeports", reviewed=months_ago(1), processes=[civil])
    ff.party("Préfecture", reviewed=months_ago(1), processes=[civil])
    result = finders.context(context_for(accueil))
    assert result.coverage == Coverage.MISSING and result.items == []


def test_context_queries(reception, accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    ff.issue("Enjeu 0", reviewed=months_ago(2), processes=[reception])
    before = queries(finders.context, ctx, 2, django_assert_max_num_queries)
    for n in range(1, 15):
        ff.issue(f"Enjeu {n}", reviewed=months_ago(n), processes=[reception])
        ff.party(f"Partie {n}", reviewed=months_ago(n), processes=[reception])
    result = finders.context(ctx)
    assert len(result.items) == MAX_ITEMS and result.more == 19
    assert queries(finders.context, ctx, 2, django_assert_max_num_queries) == before


# --- risks -----------------------------------------------------------------------------------
def sheet_of(code, service, reviewed):
    return RiskSheetFactory(process=ProcessFactory(code=code, service=service),
                            last_reviewed_at=reviewed)


def test_risks_covered_when_every_sheet_is_reviewed_within_12_months(accueil):
    sheet = sheet_of("PRC-ACC-01", accueil, months_ago(3))
    RiskFactory(sheet=sheet)
    result = finders.risks(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].url == f"/processus/risques/fiche/{sheet.pk}/"
    assert result.items[0].date == months_ago(3)


def test_risks_partly_names_the_sheet_not_reviewed_and_late_actions(accueil):
    sheet_of("PRC-ACC-01", accueil, months_ago(3))
    sheet_of("PRC-ACC-02", accueil, months_ago(14))
    risk = RiskFactory(sheet=sheet_of("PRC-ACC-03", accueil, months_ago(1)))
    action = RiskTreatmentActionFactory(risk=risk, due_date=days_ago(10),
                                        start_date=days_ago(40))
    result = finders.risks(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        _("The risk sheet of the process %(process)s has not been reviewed for %(months)s "
          "months.") % {"process": "PRC-ACC-02", "months": 14},
        ngettext("%(count)s risk treatment action is late (the oldest: %(action)s, due on "
                 "%(date)s).",
                 "%(count)s risk treatment actions are late (the oldest: %(action)s, due on "
                 "%(date)s).", 1) % {"count": 1, "action": action.reference,
                                     "date": fmt(days_ago(10))},
    ]


def test_risks_late_actions_alone_make_it_partly(accueil):
    risk = RiskFactory(sheet=sheet_of("PRC-ACC-01", accueil, months_ago(1)))
    RiskTreatmentActionFactory(risk=risk, due_date=days_ago(1), start_date=days_ago(40))
    assert finders.risks(context_for(accueil)).coverage == Coverage.PARTLY


def test_risks_missing_without_sheet_or_without_a_recent_review(accueil):
    result = finders.risks(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No risk sheet is kept for the service or its processes.")]
    sheet_of("PRC-ACC-01", accueil, None)
    sheet_of("PRC-ACC-02", accueil, months_ago(20))
    result = finders.risks(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [
        _("The risk sheet of the process %(process)s has never been reviewed.")
        % {"process": "PRC-ACC-01"},
        _("The risk sheet of the process %(process)s has not been reviewed for %(months)s "
          "months.") % {"process": "PRC-ACC-02", "months": 20},
    ]


def test_risks_ignore_other_services(accueil, etat_civil):
    risk = RiskFactory(sheet=sheet_of("PRC-EC-01", etat_civil, months_ago(20)))
    RiskTreatmentActionFactory(risk=risk, due_date=days_ago(5), start_date=days_ago(40))
    result = finders.risks(context_for(accueil))
    assert result.gaps == [_("No risk sheet is kept for the service or its processes.")]


def test_risks_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    RiskFactory(sheet=sheet_of("PRC-ACC-00", accueil, months_ago(2)))
    before = queries(finders.risks, ctx, 2, django_assert_max_num_queries)
    for n in range(1, 13):
        risk = RiskFactory(sheet=sheet_of(f"PRC-ACC-{n:02d}", accueil, months_ago(n + 12)))
        RiskTreatmentActionFactory(risk=risk, due_date=days_ago(n), start_date=days_ago(60))
    result = finders.risks(ctx)
    assert len(result.gaps) == MAX_ITEMS + 2  # 10 stale sheets, 2 summed up, the late actions
    assert queries(finders.risks, ctx, 2, django_assert_max_num_queries) == before


# --- environmental aspects -------------------------------------------------------------------
def aspect(sheet, **fields):
    fields = {"impacted_parties": ["environment"], "likelihood": 3, "severity": 3,
              "treatment": "reduce", "reviewed_at": months_ago(2), **fields}
    return RiskFactory(sheet=sheet, **fields)


def test_environmental_aspects_covered_when_evaluated(accueil):
    sheet = sheet_of("PRC-STEP-01", accueil, months_ago(2))
    significant = aspect(sheet, title="Rejets d'eaux usées")
    RiskFactory(sheet=sheet, impacted_parties=["users"])  # not an environmental aspect
    result = finders.environmental_aspects(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert [item.label for item in result.items] == [
        f"{significant.reference} — Rejets d'eaux usées"]
    assert result.items[0].detail.startswith(_("significant"))


def test_environmental_aspects_partly_when_a_significant_one_is_undecided(accueil):
    sheet = sheet_of("PRC-STEP-01", accueil, months_ago(2))
    aspect(sheet)
    undecided = aspect(sheet, likelihood=4, severity=3, treatment="")
    result = finders.environmental_aspects(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [ngettext(
        "%(count)s significant environmental aspect has no treatment decision "
        "(%(references)s).",
        "%(count)s significant environmental aspects have no treatment decision "
        "(%(references)s).", 1) % {"count": 1, "references": undecided.reference}]


def test_environmental_aspects_missing(accueil):
    result = finders.environmental_aspects(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No environmental aspect is identified on the risk sheets of "
                             "the service.")]
    aspect(sheet_of("PRC-STEP-01", accueil, None), reviewed_at=months_ago(13))
    result = finders.environmental_aspects(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [ngettext(
        "%(count)s environmental aspect has not been evaluated in the last 12 months.",
        "%(count)s environmental aspects have not been evaluated in the last 12 months.",
        1) % {"count": 1}]


def test_environmental_aspects_ignore_other_services(accueil, etat_civil):
    aspect(sheet_of("PRC-EC-01", etat_civil, months_ago(2)))
    result = finders.environmental_aspects(context_for(accueil))
    assert result.coverage == Coverage.MISSING and result.items == []


def test_environmental_aspects_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    sheet = sheet_of("PRC-STEP-01", accueil, months_ago(2))
    aspect(sheet)
    before = queries(finders.environmental_aspects, ctx, 1, django_assert_max_num_queries)
    for n in range(12):
        aspect(sheet, treatment="" if n % 2 else "reduce", reviewed_at=months_ago(n + 6))
    assert queries(finders.environmental_aspects, ctx, 1,
                   django_assert_max_num_queries) == before


# --- objectives ------------------------------------------------------------------------------
def objective(service, owner, *, indicator=True, targeted=True, **fields):
    year = today().year
    row = ObjectiveFactory(service=service, owner=owner, start_year=year, end_year=year,
                           **fields)
    if indicator:
        measured = IndicatorFactory(service=service)
        measured.objectives.add(row)
        if targeted:
            target(measured, year, 90)
    return row


def test_objectives_covered_with_indicator_owner_target_and_deadline(people, accueil):
    row = objective(accueil, people.pilot, code="OBJ-ACC-1")
    result = finders.objectives(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].label == f"OBJ-ACC-1 — {row.title}"
    assert result.items[0].url == f"/indicateurs/service/{accueil.pk}/"


def test_objectives_partly_names_what_is_missing(people, accueil):
    objective(accueil, people.pilot, code="OBJ-ACC-1")
    objective(accueil, None, code="OBJ-ACC-2", targeted=False)
    objective(accueil, people.pilot, code="OBJ-ACC-3", indicator=False)
    result = finders.objectives(context_for(accueil))
    year = today().year
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        _("The objective %(objective)s has no target for %(year)s.")
        % {"objective": "OBJ-ACC-2", "year": year},
        _("The objective %(objective)s has no owner.") % {"objective": "OBJ-ACC-2"},
        _("The objective %(objective)s has no indicator.") % {"objective": "OBJ-ACC-3"},
    ]


def test_objectives_missing_when_none_is_in_force(people, accueil):
    year = today().year
    ObjectiveFactory(service=accueil, start_year=year - 3, end_year=year - 1)
    objective(accueil, people.pilot, status="abandoned")
    result = finders.objectives(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No objective of the service is in force in %(year)s.")
                           % {"year": year}]


def test_objectives_ignore_other_services(people, accueil, etat_civil):
    objective(etat_civil, people.other_pilot)
    assert finders.objectives(context_for(accueil)).items == []


def test_objectives_queries(people, accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    objective(accueil, people.pilot)
    before = queries(finders.objectives, ctx, 1, django_assert_max_num_queries)
    for n in range(12):
        objective(accueil, people.pilot if n % 2 else None, targeted=n % 3 == 0)
    assert queries(finders.objectives, ctx, 1, django_assert_max_num_queries) == before


# --- indicators ------------------------------------------------------------------------------
def test_indicators_covered_when_each_has_a_value_for_its_last_period(accueil):
    monthly = IndicatorFactory(service=accueil, code="IND-ACC-01", unit="%")
    yearly = IndicatorFactory(service=accueil, frequency=Frequency.YEARLY)
    ff.measure(monthly, ff.last_period(Frequency.MONTHLY), 92.5)
    ff.measure(yearly, ff.last_period(Frequency.YEARLY))
    result = finders.indicators(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    period = ff.last_period(Frequency.MONTHLY)
    item = next(i for i in result.items if i.label.startswith("IND-ACC-01"))
    assert item.detail == _("%(period)s: %(value)s %(unit)s") % {
        "period": period.label, "value": "92,5", "unit": "%"}
    assert item.url == "/indicateurs/IND-ACC-01/" and item.date == period.start


def test_indicators_partly_when_one_has_no_value_for_its_last_period(accueil):
    ff.measure(IndicatorFactory(service=accueil), ff.last_period(Frequency.MONTHLY))
    late = IndicatorFactory(service=accueil, code="IND-ACC-09", frequency=Frequency.QUARTERLY)
    ff.measure(late, ff.last_period(Frequency.QUARTERLY).previous())
    result = finders.indicators(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [ngettext(
        "%(count)s indicator has no value for its last period (%(codes)s).",
        "%(count)s indicators have no value for their last period (%(codes)s).", 1)
        % {"count": 1, "codes": "IND-ACC-09"}]


def test_indicators_missing(accueil):
    result = finders.indicators(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("The service has no active indicator.")]
    IndicatorFactory(service=accueil)
    IndicatorFactory(service=accueil, is_active=False)
    result = finders.indicators(context_for(accueil))
    assert result.coverage == Coverage.MISSING and len(result.items) == 1


def test_indicators_ignore_other_services(accueil, etat_civil):
    IndicatorFactory(service=etat_civil)
    assert finders.indicators(context_for(accueil)).items == []


def test_indicators_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    ff.measure(IndicatorFactory(service=accueil), ff.last_period(Frequency.MONTHLY))
    before = queries(finders.indicators, ctx, 1, django_assert_max_num_queries)
    for n in range(12):
        indicator = IndicatorFactory(service=accueil, frequency=Frequency.values[n % 4])
        if n % 2:
            ff.measure(indicator, ff.last_period(indicator.frequency))
    assert queries(finders.indicators, ctx, 1, django_assert_max_num_queries) == before


# --- feedback --------------------------------------------------------------------------------
def survey(service=None, *, closed_days_ago=20, responses=5):
    row = SurveyFactory(service=service, status=Survey.Status.CLOSED,
                        opens_on=days_ago(closed_days_ago + 30),
                        closes_on=days_ago(closed_days_ago))
    return ff.answers(row, responses)


def test_feedback_covered_with_a_recent_survey_and_complaints_answered_on_time(accueil):
    row = survey(accueil, responses=3)
    answered(accueil, received=days_ago(40), days=5)
    commitment = CommitmentFactory(number=4)
    commitment.services.add(accueil)
    result = finders.feedback(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].label == row.title
    assert result.items[0].detail == ngettext("%(count)s answer", "%(count)s answers", 3) % {
        "count": 3}


def test_feedback_partly_with_late_complaints_and_an_unpublished_commitment(accueil):
    survey(None)  # the whole municipality's survey counts
    answered(accueil, received=days_ago(60), days=30)
    commitment = CommitmentFactory(number=7, is_published=False)
    commitment.services.add(accueil)
    result = finders.feedback(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        ngettext("%(count)s complaint was not answered within %(days)s days.",
                 "%(count)s complaints were not answered within %(days)s days.", 1)
        % {"count": 1, "days": 15},
        ngettext("%(count)s service commitment is not published (%(numbers)s).",
                 "%(count)s service commitments are not published (%(numbers)s).", 1)
        % {"count": 1, "numbers": "7"},
    ]


def test_feedback_missing_without_survey_nor_complaint(accueil):
    survey(accueil, closed_days_ago=400)  # too old
    survey(accueil, responses=0)  # nobody answered
    label = StandardFactory(code="qualivilles", kind="label")
    result = finders.feedback(context_for(accueil, standard=label))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No satisfaction survey with answers in the last 12 months."),
                           _("No service commitment is registered for the service.")]


def test_feedback_ignores_other_services(accueil, etat_civil):
    survey(etat_civil)
    answered(etat_civil, received=days_ago(40), days=40)
    result = finders.feedback(context_for(accueil))
    assert result.coverage == Coverage.MISSING and result.items == []


def test_feedback_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    survey(accueil)
    before = queries(finders.feedback, ctx, 3, django_assert_max_num_queries)
    for n in range(12):
        survey(accueil, closed_days_ago=n * 10)
        answered(accueil, received=days_ago(n * 20 + 20), days=n * 2)
        CommitmentFactory(is_published=n % 2 == 0).services.add(accueil)
    assert queries(finders.feedback, ctx, 3, django_assert_max_num_queries) == before


# --- audits ----------------------------------------------------------------------------------
def audit(services, *, held_days_ago=None, status=Audit.Status.CLOSED, **fields):
    day = days_ago(held_days_ago) if held_days_ago is not None else fields.pop("planned")
    fields.setdefault("programme", ProgrammeFactory(year=day.year))
    if held_days_ago is not None:
        fields.update(held_start=day, held_end=day)
    return AuditFactory(services=services, planned_start=day, planned_end=day, status=status,
                        **fields)


def test_audits_covered_by_an_internal_audit_held_within_12_months(accueil):
    row = audit([accueil], held_days_ago=60, report_state=Audit.ReportState.READY)
    result = finders.audits(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].url == f"/audits/audit/{row.reference}/rapport.pdf"
    assert result.items[0].date == days_ago(60)


def test_audits_of_the_direction_cover_its_services(accueil):
    direction = f.ServiceFactory(code="dir-pop", kind="direction")
    accueil.parent = direction
    accueil.save()
    audit([direction], held_days_ago=30)
    assert finders.audits(context_for(accueil)).coverage == Coverage.COVERED


def test_audits_partly_while_the_report_is_not_written(accueil):
    row = audit([accueil], held_days_ago=5, status=Audit.Status.IN_PROGRESS)
    result = finders.audits(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [_("The internal audit %(audit)s has no report yet.")
                           % {"audit": row.reference}]


def test_audits_missing_when_the_last_is_too_old(accueil):
    audit([accueil], held_days_ago=500)
    AuditFactory(services=[accueil], kind=Audit.Kind.EXTERNAL, status=Audit.Status.CLOSED,
                 held_end=days_ago(10))
    upcoming = audit([accueil], planned=today() + datetime.timedelta(days=20),
                     status=Audit.Status.PLANNED)
    result = finders.audits(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [
        _("The last internal audit of the service was held %(months)s months ago.")
        % {"months": 16},
        _("The next internal audit, %(audit)s, is planned on %(date)s.")
        % {"audit": upcoming.reference, "date": fmt(upcoming.planned_start)},
    ]
    result = finders.audits(context_for(f.ServiceFactory(code="sans-audit")))
    assert result.gaps == [_("No internal audit of the service was held in the last 12 "
                             "months.")]


def test_audits_ignore_other_services(accueil, etat_civil):
    audit([etat_civil], held_days_ago=30)
    assert finders.audits(context_for(accueil)).coverage == Coverage.MISSING


def test_audits_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    audit([accueil], held_days_ago=30)
    before = queries(finders.audits, ctx, 1, django_assert_max_num_queries)
    for n in range(12):
        audit([accueil, f.ServiceFactory()], held_days_ago=n * 40)
    assert queries(finders.audits, ctx, 1, django_assert_max_num_queries) == before


# --- nonconformities -------------------------------------------------------------------------
def nc(service, status=Nonconformity.Status.ACTIONS, *, with_action=True, **fields):
    fields.setdefault("detected_at", days_ago(30))
    row = NonconformityFactory(service=service, status=status, **fields)
    if with_action:
        attached_action(row, service=service, kind=Action.Kind.CORRECTIVE)
    return row


def test_nonconformities_covered_when_analysed_with_actions(accueil):
    row = nc(accueil, target_closure_date=today() + datetime.timedelta(days=30))
    nc(accueil, Nonconformity.Status.CLOSED, closed_at=days_ago(5), with_action=False)
    result = finders.nonconformities(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert f"/audits/non-conformites/{row.reference}/" in [i.url for i in result.items]


def test_nonconformities_partly_with_overdue_unanalysed_or_actionless(accueil):
    nc(accueil)
    late = nc(accueil, target_closure_date=days_ago(3))
    fresh = nc(accueil, Nonconformity.Status.OPEN, with_action=False)
    bare = nc(accueil, Nonconformity.Status.ANALYSED, with_action=False)
    result = finders.nonconformities(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert sorted(result.gaps) == sorted([
        _("The nonconformity %(nc)s is overdue since %(date)s.")
        % {"nc": late.reference, "date": fmt(days_ago(3))},
        _("The causes of the nonconformity %(nc)s have not been analysed.")
        % {"nc": fresh.reference},
        _("No action is planned for the nonconformity %(nc)s.") % {"nc": bare.reference},
    ])


def test_nonconformities_missing_when_none_recorded(accueil):
    nc(accueil, Nonconformity.Status.CLOSED, detected_at=days_ago(500),
       closed_at=days_ago(400))
    result = finders.nonconformities(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("No nonconformity was recorded in the last 12 months.")]


def test_nonconformities_ignore_other_services(accueil, etat_civil):
    nc(etat_civil, Nonconformity.Status.OPEN, target_closure_date=days_ago(3))
    assert finders.nonconformities(context_for(accueil)).items == []


def test_nonconformities_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    nc(accueil)
    before = queries(finders.nonconformities, ctx, 1, django_assert_max_num_queries)
    for n in range(12):
        nc(accueil, Nonconformity.Status.values[n % 5], with_action=n % 2 == 0,
           target_closure_date=days_ago(n - 6))
    assert queries(finders.nonconformities, ctx, 1, django_assert_max_num_queries) == before


# --- compliance ------------------------------------------------------------------------------
def text(services, *, evaluated_months_ago=None, cycle=6, **fields):
    last = months_ago(evaluated_months_ago) if evaluated_months_ago is not None else None
    due = None
    if last:
        from dateutil.relativedelta import relativedelta

        due = last + relativedelta(months=cycle)
    return RegulationFactory(services=services, last_evaluated_on=last,
                             next_evaluation_due=due, evaluation_cycle_months=cycle,
                             **fields)


def test_compliance_covered_when_every_text_is_evaluated_on_time(accueil):
    row = text([accueil], evaluated_months_ago=2)
    text([accueil], applicability="not_applicable", applicability_reason="Hors champ")
    result = finders.compliance(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert result.items[0].label == row.reference
    assert result.items[0].url == f"/conformite/textes/{row.pk}/"


def test_compliance_partly_names_the_late_text_and_its_age(accueil):
    text([accueil], evaluated_months_ago=2)
    late = text([accueil], evaluated_months_ago=7)
    result = finders.compliance(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [_("%(regulation)s: no compliance evaluation for %(months)s months.")
                           % {"regulation": late.reference, "months": 7}]


def test_compliance_missing(accueil):
    result = finders.compliance(context_for(accueil))
    assert result.gaps == [_("No applicable regulation is registered for the service.")]
    never = text([accueil])
    result = finders.compliance(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("%(regulation)s has never been evaluated for compliance.")
                           % {"regulation": never.reference}]


def test_compliance_ignores_other_services(accueil, etat_civil):
    text([etat_civil], evaluated_months_ago=9)
    assert finders.compliance(context_for(accueil)).items == []


def test_compliance_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    text([accueil], evaluated_months_ago=1)
    before = queries(finders.compliance, ctx, 2, django_assert_max_num_queries)
    for n in range(14):
        text([accueil, f.ServiceFactory()], evaluated_months_ago=n if n % 3 else None)
    assert queries(finders.compliance, ctx, 2, django_assert_max_num_queries) == before


# --- management review -----------------------------------------------------------------------
def review(held_days_ago, status=ReviewStatus.VALIDATED, **fields):
    day = days_ago(held_days_ago)
    return ManagementReviewFactory(status=status, held_on=day, period_end=day, **fields)


def test_management_review_covered_by_a_validated_review_within_12_months(accueil):
    row = review(40)
    process_review = ProcessReviewFactory(process=ProcessFactory(service=accueil),
                                          status=ReviewStatus.VALIDATED, held_on=days_ago(50),
                                          period_end=days_ago(60))
    result = finders.management_review(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert [item.url for item in result.items] == [
        f"/revues-de-direction/{row.pk}/",
        f"/revues-de-direction/processus/{process_review.pk}/"]


def test_management_review_partly_while_the_review_is_not_validated(accueil):
    row = review(10, ReviewStatus.PREPARATION)
    result = finders.management_review(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        _("The management review « %(review)s » is not validated yet.")
        % {"review": row.title},
        _("No management review has been validated in the last 12 months."),
    ]


def test_management_review_missing_when_the_last_is_too_old(accueil):
    review(500)
    result = finders.management_review(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [_("The last validated management review was held %(months)s "
                             "months ago.") % {"months": 16}]


def test_management_review_ignores_other_services_process_reviews(accueil, etat_civil):
    ProcessReviewFactory(process=ProcessFactory(service=etat_civil),
                         status=ReviewStatus.VALIDATED, held_on=days_ago(5))
    result = finders.management_review(context_for(accueil))
    assert result.items == [] and result.coverage == Coverage.MISSING


def test_management_review_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    review(40)
    before = queries(finders.management_review, ctx, 2, django_assert_max_num_queries)
    for n in range(12):
        review(n * 50, ReviewStatus.VALIDATED if n % 2 else ReviewStatus.DRAFT)
        ProcessReviewFactory(process=ProcessFactory(service=accueil),
                             status=ReviewStatus.VALIDATED, held_on=days_ago(n * 20))
    assert queries(finders.management_review, ctx, 2,
                   django_assert_max_num_queries) == before


# --- improvement actions ---------------------------------------------------------------------
def done(service, days, **fields):
    return ActionFactory(service=service, status=Action.Status.DONE,
                         completed_at=days_ago(days), due_date=days_ago(days), **fields)


def test_improvement_actions_covered_by_actions_done_in_12_months(accueil):
    row = done(accueil, 30)
    done(accueil, 400)
    result = finders.improvement_actions(context_for(accueil))
    assert result.coverage == Coverage.COVERED and result.gaps == []
    assert [item.url for item in result.items] == [f"/actions/{row.pk}/"]


def test_improvement_actions_partly_with_late_actions(accueil):
    done(accueil, 30)
    late = ActionFactory(service=accueil, due_date=days_ago(20))
    ActionFactory(service=accueil, due_date=days_ago(5), status=Action.Status.IN_PROGRESS)
    result = finders.improvement_actions(context_for(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [ngettext(
        "%(count)s action of the plan is late (the oldest: %(action)s, due on %(date)s).",
        "%(count)s actions of the plan are late (the oldest: %(action)s, due on %(date)s).",
        2) % {"count": 2, "action": late.reference, "date": fmt(days_ago(20))}]


def test_improvement_actions_missing_when_nothing_was_done(accueil):
    ActionFactory(service=accueil, due_date=days_ago(3))
    result = finders.improvement_actions(context_for(accueil))
    assert result.coverage == Coverage.MISSING
    assert _("No action of the plan was done in the last 12 months.") in result.gaps


def test_improvement_actions_ignore_other_services(accueil, etat_civil):
    done(etat_civil, 10)
    assert finders.improvement_actions(context_for(accueil)).items == []


def test_improvement_actions_queries(accueil, django_assert_max_num_queries):
    ctx = context_for(accueil)
    done(accueil, 30)
    ActionFactory(service=accueil, due_date=days_ago(3))
    before = queries(finders.improvement_actions, ctx, 3, django_assert_max_num_queries)
    for n in range(14):
        done(accueil, n * 10 + 1)
        ActionFactory(service=accueil, due_date=days_ago(n + 1))
    result = finders.improvement_actions(context_for(accueil))
    assert len(result.items) == MAX_ITEMS and result.more == 5
    assert queries(finders.improvement_actions, ctx, 3,
                   django_assert_max_num_queries) == before


# --- documents -------------------------------------------------------------------------------
@pytest.fixture
def clauses(db):
    standard = StandardFactory(code="iso-test")
    return standard, [CriterionFactory(standard=standard, reference=r, order=n)
                      for n, r in enumerate(["7.1", "7.2", "7.5"])]


def linked(library, people, service, reference, *criteria, **fields):
    page = ff.live_document(library, service=service, author=people.pilot,
                            reference=reference, **fields)
    for criterion in criteria:
        DocumentClause.objects.create(page=page.page_ptr, criterion=criterion)
    return page


def test_documents_cover_the_clauses_they_are_linked_to(library, people, accueil, clauses):
    standard, (c71, c72, c75) = clauses
    page = linked(library, people, accueil, "PRO-ACC-01", c71, c75)
    result = finders.documents(context_for(accueil, standard=standard, criteria=clauses[1]))
    assert result.coverage == Coverage.COVERED
    assert set(result.by_criterion) == {c71.pk, c75.pk}
    item = result.by_criterion[c75.pk].items[0]
    assert item.label == f"PRO-ACC-01 — {page.title}" and item.url == page.url
    assert result.by_criterion[c71.pk].coverage == Coverage.COVERED


def test_documents_overdue_for_review_make_their_clause_partly(library, people, accueil,
                                                                clauses):
    standard, (c71, c72, c75) = clauses
    linked(library, people, accueil, "PRO-ACC-01", c71)
    linked(library, people, accueil, "PRO-ACC-02", c72, review_due=days_ago(10))
    result = finders.documents(context_for(accueil, standard=standard, criteria=clauses[1]))
    assert result.coverage == Coverage.PARTLY
    assert result.by_criterion[c71.pk].coverage == Coverage.COVERED
    gap = _("The document %(reference)s is overdue for review since %(date)s.") % {
        "reference": "PRO-ACC-02", "date": fmt(days_ago(10))}
    assert result.by_criterion[c72.pk].coverage == Coverage.PARTLY
    assert result.by_criterion[c72.pk].gaps == [gap] and result.gaps == [gap]


def test_documents_missing_when_no_live_document_is_linked(library, people, accueil,
                                                           clauses):
    standard, (c71, _c72, _c75) = clauses
    draft = f.make_document(library, owner_service=accueil, author=people.pilot,
                            reference="PRO-ACC-09")
    DocumentClause.objects.create(page=draft.page_ptr, criterion=c71)
    result = finders.documents(context_for(accueil, standard=standard, criteria=clauses[1]))
    assert result.coverage == Coverage.MISSING and result.by_criterion == {}


def test_documents_ignore_other_services_and_standards(library, people, accueil, etat_civil,
                                                       clauses):
    standard, (c71, _c72, _c75) = clauses
    linked(library, people, etat_civil, "PRO-EC-01", c71)
    linked(library, people, accueil, "PRO-ACC-01", CriterionFactory())
    result = finders.documents(context_for(accueil, standard=standard, criteria=clauses[1]))
    assert result.by_criterion == {}


def test_documents_queries(library, people, accueil, clauses, django_assert_max_num_queries):
    standard, criteria = clauses
    ctx = context_for(accueil, standard=standard, criteria=criteria)
    linked(library, people, accueil, "PRO-ACC-00", *criteria)
    before = queries(finders.documents, ctx, 1, django_assert_max_num_queries)
    for n in range(1, 13):
        linked(library, people, accueil, f"PRO-ACC-{n:02d}", *criteria)
    result = finders.documents(ctx)
    assert len(result.items) == MAX_ITEMS and result.more == 3
    assert queries(finders.documents, ctx, 1, django_assert_max_num_queries) == before
