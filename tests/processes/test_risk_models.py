"""Risk ratings: criticality and its levels, residual risk, the matrix counts of the
municipality, a service and a process (before and after treatment), the derived
treatment status, and bad input refused with its message, nothing lost.

`RiskWorld` (the fixture `risks`) is shared by the other risk test modules."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from actions.models import Action
from processes import risk_selectors as selectors
from processes.models import Criticality, Process, Risk
from processes.risk_selectors import Basis, RegisterFilters, TreatmentStatus
from processes.services import risks as services
from tests import factories as f
from tests.processes.factories import (
    OpportunityFactory,
    ProcessFactory,
    RiskFactory,
    RiskSheetFactory,
    RiskTreatmentActionFactory,
)

M, R = Process.Family.MANAGEMENT, Process.Family.REALISATION
TODAY = timezone.localdate()


class RiskWorld:
    """Three processes with their sheets: reception (service accueil, `people.pilot`),
    civil status (service état civil, `people.other_pilot`) and steering (the quality
    engineer's service).

    ==========  =====  ========  ============  ==========  ======================
    risk        L × S  level     treatment     residual    actions
    ==========  =====  ========  ============  ==========  ======================
    queue       4 × 3  critical  reduce        2 × 2       one in progress
    typo        1 × 2  low       accept        —           —
    phone       3 × 3  high      reduce        —           none yet
    online      3 × 2  (opportunity, pursue)   —           —
    fraud       4 × 4  critical  avoid         1 × 4       —
    archive     2 × 2  moderate  transfer      —           one done
    budget      4 × 3  critical  —             —           —
    ==========  =====  ========  ============  ==========  ======================

    The queue's review is overdue; the others are due next year."""

    def __init__(self, people, accueil, etat_civil):
        self.people = people
        self.accueil, self.etat_civil = accueil, etat_civil
        self.reception = ProcessFactory(code="PRC-R01", name="Accueil des usagers", family=R,
                                        service=accueil, pilot=people.pilot)
        self.civil = ProcessFactory(code="PRC-R02", name="État civil", family=R,
                                    service=etat_civil, pilot=people.other_pilot)
        self.steering = ProcessFactory(code="PRC-M01", name="Pilotage", family=M,
                                       service=people.quality.service, pilot=people.quality)
        self.reception_sheet = RiskSheetFactory(process=self.reception)
        self.civil_sheet = RiskSheetFactory(process=self.civil)
        self.steering_sheet = RiskSheetFactory(process=self.steering)
        later = TODAY + datetime.timedelta(days=200)
        self.queue = RiskFactory(
            sheet=self.reception_sheet, reference="R-PRC-R01-01",
            title="Attente excessive au guichet", likelihood=4, severity=3,
            treatment=Risk.Treatment.REDUCE, residual_likelihood=2, residual_severity=2,
            cause="Pics de fréquentation le lundi", consequence="Usagers mécontents",
            impacted_parties=["users", "agents"], existing_controls="Prise de rendez-vous",
            review_date=TODAY - datetime.timedelta(days=10),
        )
        self.typo = RiskFactory(sheet=self.reception_sheet, reference="R-PRC-R01-02",
                                title="Coquille sur un courrier", likelihood=1, severity=2,
                                treatment=Risk.Treatment.ACCEPT, review_date=later)
        self.phone = RiskFactory(sheet=self.reception_sheet, reference="R-PRC-R01-03",
                                 title="Appels non décrochés", likelihood=3, severity=3,
                                 treatment=Risk.Treatment.REDUCE, review_date=later)
        self.online = OpportunityFactory(sheet=self.reception_sheet, reference="R-PRC-R01-04",
                                         title="Prise de rendez-vous en ligne",
                                         likelihood=3, severity=2, review_date=later)
        self.fraud = RiskFactory(sheet=self.civil_sheet, reference="R-PRC-R02-01",
                                 title="Fraude documentaire", likelihood=4, severity=4,
                                 treatment=Risk.Treatment.AVOID, residual_likelihood=1,
                                 residual_severity=4, review_date=later)
        self.archive = RiskFactory(sheet=self.civil_sheet, reference="R-PRC-R02-02",
                                   title="Registres abîmés", likelihood=2, severity=2,
                                   treatment=Risk.Treatment.TRANSFER, review_date=later)
        self.budget = RiskFactory(sheet=self.steering_sheet, reference="R-PRC-M01-01",
                                  title="Dérive budgétaire", likelihood=4, severity=3,
                                  review_date=later)
        self.queue_action = RiskTreatmentActionFactory(
            risk=self.queue, title="Borne d'accueil", status=Action.Status.IN_PROGRESS,
            owner=people.pilot, progress=40,
        )
        self.archive_action = RiskTreatmentActionFactory(
            risk=self.archive, title="Restauration des registres", status=Action.Status.DONE,
            owner=people.other_pilot, progress=100, completed_at=TODAY,
        )


@pytest.fixture
def risks(people, accueil, etat_civil):
    return RiskWorld(people, accueil, etat_civil)


def refs(queryset) -> set[str]:
    return {risk.reference for risk in queryset}


# --- criticality ------------------------------------------------------------------------------


@pytest.mark.parametrize(("likelihood", "severity", "score", "level"), [
    (1, 1, 1, Criticality.LOW), (1, 3, 3, Criticality.LOW), (2, 2, 4, Criticality.MODERATE),
    (2, 3, 6, Criticality.MODERATE), (2, 4, 8, Criticality.HIGH), (3, 3, 9, Criticality.HIGH),
    (3, 4, 12, Criticality.CRITICAL), (4, 4, 16, Criticality.CRITICAL),
])
def test_criticality_is_likelihood_times_severity(likelihood, severity, score, level):
    risk = Risk(likelihood=likelihood, severity=severity)
    assert risk.criticality == score
    assert risk.criticality_level == level
    assert Criticality.bounds(level)[0] <= score <= Criticality.bounds(level)[1]


def test_every_cell_of_the_matrix_has_a_level():
    levels = {Criticality.of(lik * sev) for lik in range(1, 5) for sev in range(1, 5)}
    assert levels == set(Criticality)


def test_residual_risk_is_rated_after_treatment(risks):
    assert (risks.queue.criticality, risks.queue.criticality_level) == (12, Criticality.CRITICAL)
    assert (risks.queue.residual_criticality, risks.queue.residual_level) == (
        4, Criticality.MODERATE)
    assert risks.phone.residual_criticality is None and risks.phone.residual_level is None


# --- the matrix ---------------------------------------------------------------------------------


def test_matrix_of_the_municipality_before_treatment(risks):
    matrix = selectors.matrix()
    assert matrix.counts == {(4, 3): 2, (1, 2): 1, (3, 3): 1, (4, 4): 1, (2, 2): 1}
    assert matrix.total == 6  # risks only: the opportunity is not rated on the matrix
    assert dict(matrix.by_level()) == {Criticality.CRITICAL: 3, Criticality.HIGH: 1,
                                       Criticality.MODERATE: 1, Criticality.LOW: 1}
    # likelihood 4 on top, severity 1 on the left
    assert [c.count for c in matrix.rows[0]] == [0, 0, 2, 1]
    assert matrix.rows[-1][1].count == 1


def test_matrix_after_treatment_leaves_out_the_unrated(risks):
    matrix = selectors.matrix(basis=Basis.RESIDUAL)
    assert matrix.counts == {(2, 2): 1, (1, 4): 1}
    assert matrix.unscored == 4


def test_matrix_of_a_service_and_of_a_process(risks, accueil):
    assert selectors.matrix(service=accueil).counts == {(4, 3): 1, (1, 2): 1, (3, 3): 1}
    assert selectors.matrix(process=risks.civil).counts == {(4, 4): 1, (2, 2): 1}
    assert selectors.matrix(process=risks.civil, basis=Basis.RESIDUAL).counts == {(1, 4): 1}
    # a direction covers its services
    direction = f.ServiceFactory(code="dir-pop", kind="direction")
    accueil.parent = direction
    accueil.save()
    assert selectors.matrix(service=direction).total == 3


def test_archived_risks_and_sheets_leave_the_matrix(risks):
    services.risk_update(risk=risks.typo, user=risks.people.quality, is_active=False)
    assert selectors.matrix().total == 5
    services.risk_sheet_update(sheet=risks.civil_sheet, user=risks.people.quality,
                               is_active=False)
    assert selectors.matrix().total == 3
    assert "R-PRC-R02-01" not in refs(selectors.register())


def test_treatment_status_is_derived_from_decision_and_actions(risks):
    statuses = {r.reference: r.treatment_status for r in selectors.register()}
    assert statuses == {
        "R-PRC-R01-01": TreatmentStatus.IN_PROGRESS,
        "R-PRC-R01-02": TreatmentStatus.ACCEPTED,
        "R-PRC-R01-03": TreatmentStatus.NO_ACTION,
        "R-PRC-R01-04": TreatmentStatus.NO_ACTION,
        "R-PRC-R02-01": TreatmentStatus.NO_ACTION,
        "R-PRC-R02-02": TreatmentStatus.TREATED,
        "R-PRC-M01-01": TreatmentStatus.UNDECIDED,
    }
    # the sheet page computes the same from the loaded actions
    data = selectors.sheet_data(risks.reception_sheet)
    assert {row.risk.reference: row.treatment_status for row in data.risks} == {
        k: v for k, v in statuses.items() if k.startswith("R-PRC-R01")
    }
    assert data.initial.counts == {(4, 3): 1, (1, 2): 1, (3, 3): 1}
    assert data.residual.counts == {(2, 2): 1} and data.residual.unscored == 2


def test_register_filters(risks, accueil):
    def register(**kwargs):
        return refs(selectors.register(RegisterFilters(**kwargs)))

    assert register(level="critical") == {"R-PRC-R01-01", "R-PRC-R02-01", "R-PRC-M01-01"}
    assert register(family=R, level="critical") == {"R-PRC-R01-01", "R-PRC-R02-01"}
    assert register(likelihood=4, severity=3) == {"R-PRC-R01-01", "R-PRC-M01-01"}
    assert register(likelihood=2, severity=2, basis=Basis.RESIDUAL) == {"R-PRC-R01-01"}
    assert register(level="moderate", basis=Basis.RESIDUAL) == {"R-PRC-R01-01", "R-PRC-R02-01"}
    assert register(service=accueil) == {"R-PRC-R01-01", "R-PRC-R01-02", "R-PRC-R01-03",
                                         "R-PRC-R01-04"}
    assert register(process=risks.civil) == {"R-PRC-R02-01", "R-PRC-R02-02"}
    assert register(kind=Risk.Kind.OPPORTUNITY) == {"R-PRC-R01-04"}
    assert register(treatment=Risk.Treatment.REDUCE) == {"R-PRC-R01-01", "R-PRC-R01-03"}
    assert register(status=TreatmentStatus.TREATED) == {"R-PRC-R02-02"}
    assert register(status=TreatmentStatus.UNDECIDED) == {"R-PRC-M01-01"}
    assert register(overdue=True) == {"R-PRC-R01-01"}
    ordered = [r.reference for r in selectors.register(RegisterFilters(sort="criticality"))]
    assert ordered[0] == "R-PRC-R02-01"  # 16 first


# --- bad input ------------------------------------------------------------------------------------


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(("field", "value"), [
    ("likelihood", 5), ("severity", 0), ("likelihood", 0), ("severity", 5),
    ("residual_likelihood", 5), ("residual_severity", 0),
])
def test_a_rating_outside_1_4_is_refused(risks, french, field, value):
    values = {"likelihood": 2, "severity": 2, "residual_likelihood": None,
              "residual_severity": None}
    values[field] = value
    if field.startswith("residual"):  # both or neither
        other = "residual_severity" if field == "residual_likelihood" else "residual_likelihood"
        values[other] = 2
    count = Risk.objects.count()
    likelihood, severity = values.pop("likelihood"), values.pop("severity")
    errors = _errors(lambda: services.risk_create(
        sheet=risks.reception_sheet, title="Hors échelle", likelihood=likelihood,
        severity=severity, user=risks.people.pilot, **values))
    assert field in errors and errors[field][0]
    assert Risk.objects.count() == count  # nothing recorded


def test_the_scale_message_is_translated():
    from processes.models.risks import SCALE_ERROR

    # gettext_lazy: resolved in the language of the request, so the .po can translate it
    assert type(SCALE_ERROR).__name__ == "__proxy__"
    risk = Risk(likelihood=2, severity=2, residual_likelihood=3, kind=Risk.Kind.RISK)
    with pytest.raises(ValidationError) as error:
        risk.clean()
    assert "residual_severity" in error.value.message_dict


def test_residual_half_given_is_refused_and_nothing_is_lost(risks, french):
    errors = _errors(lambda: services.risk_update(
        risk=risks.phone, user=risks.people.pilot, residual_likelihood=2))
    assert errors["residual_severity"]
    risks.phone.refresh_from_db()
    assert risks.phone.residual_likelihood is None
    assert risks.phone.title == "Appels non décrochés"


def test_a_treatment_must_fit_the_kind(risks, french):
    errors = _errors(lambda: services.risk_update(
        risk=risks.online, user=risks.people.pilot, treatment=Risk.Treatment.REDUCE))
    assert errors["treatment"]
    errors = _errors(lambda: services.risk_update(
        risk=risks.phone, user=risks.people.pilot, treatment=Risk.Treatment.PURSUE))
    assert errors["treatment"]
    risks.online.refresh_from_db()
    assert risks.online.treatment == Risk.Treatment.PURSUE


def test_unknown_impacted_party_and_review_in_the_future_are_refused(risks, french):
    errors = _errors(lambda: services.risk_update(
        risk=risks.phone, user=risks.people.pilot, impacted_parties=["aliens"],
        reviewed_at=TODAY + datetime.timedelta(days=1)))
    assert errors["impacted_parties"] and errors["reviewed_at"]


def test_a_pilot_may_not_change_another_services_risk(risks):
    with pytest.raises(PermissionDenied):
        services.risk_update(risk=risks.fraud, user=risks.people.pilot, title="Changé",
                             check_permission=True)
    risks.fraud.refresh_from_db()
    assert risks.fraud.title == "Fraude documentaire"
    updated = services.risk_update(risk=risks.fraud, user=risks.people.other_pilot,
                                   severity=3, check_permission=True, reason="Réévaluation")
    assert updated.criticality == 12
    assert updated.history.latest().history_user == risks.people.other_pilot
    services.risk_update(risk=risks.fraud, user=risks.people.quality, severity=4,
                         check_permission=True)


def test_risk_references_follow_the_sheet(risks):
    risk = services.risk_create(sheet=risks.reception_sheet, title="Agression d'un agent",
                                likelihood=2, severity=4, user=risks.people.pilot,
                                check_permission=True)
    assert risk.reference == "R-PRC-R01-05"
    assert risk.history.latest().history_user == risks.people.pilot


def test_a_treatment_action_is_planned_in_the_action_plan(risks):
    action = services.risk_add_treatment_action(
        risk=risks.phone, user=risks.people.pilot, title="Renfort téléphonique",
        owner=risks.people.agent, due_date=TODAY + datetime.timedelta(days=60),
        check_permission=True,
    )
    assert action.kind == Action.Kind.RISK_TREATMENT
    assert action.source == risks.phone and action.service == risks.accueil
    assert list(Action.objects.for_source(risks.phone)) == [action]
    statuses = {r.reference: r.treatment_status for r in selectors.register()}
    assert statuses["R-PRC-R01-03"] == TreatmentStatus.IN_PROGRESS
    # an accepted risk calls for no action
    with pytest.raises(ValidationError):
        services.risk_add_treatment_action(
            risk=risks.typo, user=risks.people.pilot, title="Inutile",
            owner=risks.people.agent, due_date=TODAY + datetime.timedelta(days=60))
