"""Writes: declarations, document links, gaps turned into actions, clause rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from actions.models import Action
from qms.evidence import Coverage
from readiness import services
from readiness.models import ClauseAssessment, ClauseRule, DocumentClause, GapAction

from .factories import live_document

pytestmark = pytest.mark.django_db
JUSTIFY = ("Give the justification: why the clause does not apply, or what shows it is "
           "covered.")


def test_not_applicable_without_justification_is_refused(kinds, clause, accueil, people):
    criterion = clause("8.3")
    with pytest.raises(ValidationError) as error:
        services.assessment_declare(service=accueil, criterion=criterion,
                                    status=ClauseAssessment.Status.NOT_APPLICABLE,
                                    justification="   ", user=people.pilot,
                                    check_permission=True)
    assert error.value.message_dict == {"justification": [gettext(JUSTIFY)]}
    assert not ClauseAssessment.objects.exists()


def test_a_new_declaration_replaces_the_previous_one_and_history_keeps_both(
        kinds, clause, accueil, people):
    criterion = clause("8.3")
    first = services.assessment_declare(
        service=accueil, criterion=criterion, status=ClauseAssessment.Status.NOT_APPLICABLE,
        justification="Pas de conception.", user=people.pilot, check_permission=True)
    second = services.assessment_declare(
        service=accueil, criterion=criterion, status=ClauseAssessment.Status.COVERED,
        justification="Conception des formulaires en ligne, revue en comité.",
        user=people.quality, check_permission=True)
    assert first.pk == second.pk
    assert ClauseAssessment.objects.count() == 1
    assert second.assessed_by == people.quality and second.assessed_at
    history = list(second.history.order_by("history_date"))
    assert [h.status for h in history] == ["not_applicable", "covered"]
    assert [h.history_user for h in history] == [people.pilot, people.quality]


def test_a_pilot_declares_only_for_their_services(kinds, clause, etat_civil, people, readers):
    criterion = clause("8.3")
    for user in (people.pilot, readers.auditor, readers.direction_user, people.agent):
        with pytest.raises(PermissionDenied):
            services.assessment_declare(
                service=etat_civil, criterion=criterion,
                status=ClauseAssessment.Status.NOT_APPLICABLE, justification="Sans objet.",
                user=user, check_permission=True)
    services.assessment_declare(service=etat_civil, criterion=criterion,
                                status=ClauseAssessment.Status.NOT_APPLICABLE,
                                justification="Sans objet.", user=people.other_pilot,
                                check_permission=True)
    assert ClauseAssessment.objects.count() == 1


def test_gap_turned_into_an_action_once(kinds, clause, accueil, people):
    criterion = clause("9.2", ["none"])
    gap = "Aucun audit depuis 14 mois."
    first = services.gap_action_create(service=accueil, criterion=criterion, gap=gap,
                                       user=people.pilot, check_permission=True)
    again = services.gap_action_create(service=accueil, criterion=criterion, gap=gap,
                                       user=people.pilot, check_permission=True)
    assert first.pk == again.pk and first.action_id == again.action_id
    assert GapAction.objects.count() == 1 and Action.objects.count() == 1
    action = first.action
    assert action.title == gap
    assert action.kind == Action.Kind.IMPROVEMENT
    assert action.service == accueil and action.owner == people.pilot
    assert action.source == criterion
    assert (action.due_date - timezone.localdate()).days == services.ACTION_DAYS


def test_a_cancelled_gap_action_is_replaced(kinds, clause, accueil, people):
    from actions.services import action_cancel

    criterion = clause("9.2", ["none"])
    gap = "Aucun audit depuis 14 mois."
    first = services.gap_action_create(service=accueil, criterion=criterion, gap=gap,
                                       user=people.pilot)
    action_cancel(action=first.action, user=people.pilot, reason="Doublon")
    second = services.gap_action_create(service=accueil, criterion=criterion, gap=gap,
                                        user=people.pilot)
    assert second.pk == first.pk and second.action_id != first.action_id
    assert Action.objects.count() == 2


def test_a_gap_whose_figures_changed_keeps_its_action(kinds, clause, accueil, people):
    """Next month the finder says « 15 mois »: the same gap, still shown with its action,
    and no second action."""
    from readiness import selectors

    criterion = clause("9.2", ["none"])
    first = services.gap_action_create(service=accueil, criterion=criterion,
                                       gap="Aucun audit depuis 14 mois.", user=people.pilot)
    kinds.add("none", Coverage.MISSING, items=0, gaps=["Aucun audit depuis 15 mois."])
    line = selectors.build_matrix(service=accueil, standard=criterion.standard
                                  ).line_for(criterion.pk)
    assert [(g.message, g.action) for g in line.gaps] == [
        ("Aucun audit depuis 15 mois.", first.action)]
    again = services.gap_action_create(service=accueil, criterion=criterion,
                                       gap="Aucun audit depuis 15 mois.", user=people.pilot)
    assert again.pk == first.pk and Action.objects.count() == 1


def test_gaps_naming_different_records_are_different_gaps(kinds, clause, accueil, people):
    criterion = clause("6.1", ["none"])
    gaps = ["La fiche du processus PRC-ACC-02 n'a pas été revue depuis 14 mois.",
            "La fiche du processus PRC-ACC-03 n'a pas été revue depuis 14 mois."]
    kinds.add("none", Coverage.MISSING, items=0, gaps=gaps)
    for gap in gaps:
        services.gap_action_create(service=accueil, criterion=criterion, gap=gap,
                                   user=people.pilot)
    assert Action.objects.count() == 2
    assert sorted(GapAction.objects.values_list("gap", flat=True)) == gaps


def test_only_a_gap_of_the_matrix_becomes_an_action(kinds, clause, accueil, etat_civil,
                                                    people):
    criterion = clause("9.2", ["none"])
    with pytest.raises(ValidationError) as error:
        services.gap_action_create(service=accueil, criterion=criterion, gap="Inventé",
                                   user=people.pilot)
    assert error.value.messages == [
        gettext("This gap is no longer in the matrix: reload the page.")]
    with pytest.raises(PermissionDenied):
        services.gap_action_create(service=etat_civil, criterion=criterion,
                                   gap="Aucun audit depuis 14 mois.", user=people.pilot,
                                   check_permission=True)
    assert not Action.objects.exists() and not GapAction.objects.exists()


def test_document_link_only_a_published_document_of_the_service(
        kinds, clause, accueil, etat_civil, library, people):
    criterion = clause("7.1")
    own = live_document(library, service=accueil, author=people.pilot, reference="PRO-T-010")
    foreign = live_document(library, service=etat_civil, author=people.other_pilot,
                            reference="PRO-T-011")
    link = services.document_link(service=accueil, criterion=criterion, page=own,
                                  user=people.pilot, check_permission=True)
    assert services.document_link(service=accueil, criterion=criterion, page=own,
                                  user=people.pilot).pk == link.pk
    assert link.created_by == people.pilot
    with pytest.raises(ValidationError) as error:
        services.document_link(service=accueil, criterion=criterion, page=foreign,
                               user=people.pilot, check_permission=True)
    assert error.value.message_dict == {
        "page": [gettext("Choose a published document of the service.")]}
    with pytest.raises(PermissionDenied):
        services.document_link(service=etat_civil, criterion=criterion, page=foreign,
                               user=people.pilot, check_permission=True)
    assert DocumentClause.objects.count() == 1


def test_clause_rule_refuses_an_unknown_kind(kinds, clause, people):
    rule = ClauseRule.objects.get(criterion=clause("4.1", ["ok"]))
    with pytest.raises(ValidationError) as error:
        services.clause_rule_update(rule=rule, evidence_kinds=["ok", "bogus"],
                                    user=people.quality, check_permission=True)
    assert error.value.message_dict == {"evidence_kinds": [
        gettext("Unknown evidence kind: %(codes)s. Known kinds: %(known)s.") % {
            "codes": "bogus", "known": "half, none, ok"}]}
    with pytest.raises(PermissionDenied):
        services.clause_rule_update(rule=rule, guidance="x", user=people.pilot,
                                    check_permission=True)
    rule = services.clause_rule_update(rule=rule, evidence_kinds=["half", "half"],
                                       user=people.quality, check_permission=True)
    rule.refresh_from_db()
    assert rule.evidence_kinds == ["half"]
    assert rule.history.count() == 2


def test_scores_are_recorded_and_refreshed(kinds, clause, accueil, etat_civil, standard):
    from readiness.models import ReadinessScore
    from readiness.tasks import refresh_scores

    clause("4.1", ["ok"])
    clause("4.2", ["half"])
    missing = clause("4.3", ["none"])
    assert refresh_scores() >= 2  # every active service × every standard with clauses
    score = ReadinessScore.objects.get(service=accueil, standard=standard)
    assert (score.covered, score.partly, score.missing, score.not_applicable) == (1, 1, 1, 0)
    assert str(score.score) == "50.0"
    assert score.gaps == 2
    history = score.history.count()
    refresh_scores()  # nothing changed, same day: no new history entry
    assert score.history.count() == history
    ClauseAssessment.objects.create(service=accueil, criterion=missing,
                                    status="not_applicable", justification="x")
    refresh_scores()
    score.refresh_from_db()
    assert (score.missing, score.not_applicable, str(score.score)) == (0, 1, "75.0")
    assert ReadinessScore.objects.filter(service=etat_civil, standard=standard).exists()
    assert Coverage.COVERED == "covered"
