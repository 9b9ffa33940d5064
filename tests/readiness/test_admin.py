"""The back office: clause rules edited by the quality engineer; declarations, document
links and gap actions inspected only, a pilot seeing their services'."""

import pytest
from django.urls import reverse

from readiness.models import ClauseAssessment, ClauseRule, GapAction

from .factories import ClauseAssessmentFactory

pytestmark = pytest.mark.django_db


def test_shipped_rules_cover_every_clause_of_the_four_standards():
    from audits.models import Criterion

    for code in ("iso-9001", "iso-14001", "qualivilles", "services-publics-plus"):
        criteria = Criterion.objects.filter(standard__code=code)
        assert criteria.count() > 5
        assert ClauseRule.objects.filter(criterion__in=criteria).count() == criteria.count()
    rule = ClauseRule.objects.get(criterion__standard__code="iso-9001",
                                  criterion__reference="7.2")
    assert rule.evidence_kinds == ["competence"] and rule.guidance
    assert ClauseRule.objects.get(criterion__standard__code="iso-14001",
                                  criterion__reference="6.1.3").evidence_kinds == ["compliance"]


def test_data_migration_is_idempotent_and_keeps_edits():
    from importlib import import_module

    from django.apps import apps

    rule = ClauseRule.objects.get(criterion__standard__code="iso-9001",
                                  criterion__reference="6.3")
    rule.guidance = "Modifié par la qualité."
    rule.save()
    count = ClauseRule.objects.count()
    import_module("readiness.migrations.0002_clause_rules_data").forward(apps, None)
    assert ClauseRule.objects.count() == count
    rule.refresh_from_db()
    assert rule.guidance == "Modifié par la qualité."


def test_quality_engineer_edits_a_rule_with_registered_kinds(client, kinds, clause, people):
    rule = ClauseRule.objects.get(criterion=clause("4.1", ["ok"]))
    url = reverse("wagtailsnippets_readiness_clauserule:edit", args=[rule.pk])
    client.force_login(people.quality)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"criterion": rule.criterion_id,
                                 "evidence_kinds": ["half", "none"],
                                 "guidance": "Le registre à jour."})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert rule.evidence_kinds == ["half", "none"] and rule.guidance == "Le registre à jour."
    client.force_login(people.pilot)
    assert client.get(url).status_code in (302, 403)


def test_declarations_are_inspected_and_scoped(client, kinds, clause, accueil, etat_civil,
                                               people):
    criterion = clause("8.3")
    own = ClauseAssessmentFactory(service=accueil, criterion=criterion,
                                  justification="Pas de conception à l'accueil.")
    ClauseAssessmentFactory(service=etat_civil, criterion=criterion,
                            justification="Pas de conception à l'état civil.")
    index = reverse("wagtailsnippets_readiness_clauseassessment:list")
    client.force_login(people.pilot)
    other = ClauseAssessment.objects.get(service=etat_civil)
    listed = client.get(index)
    assert listed.status_code == 200
    inspect = reverse("wagtailsnippets_readiness_clauseassessment:inspect", args=[own.pk])
    other_inspect = reverse("wagtailsnippets_readiness_clauseassessment:inspect",
                            args=[other.pk])
    other_edit = reverse("wagtailsnippets_readiness_clauseassessment:edit", args=[other.pk])
    assert list(listed.context["object_list"]) == [own]
    assert client.get(inspect).status_code == 200
    assert client.get(other_inspect).status_code in (302, 403)
    assert client.get(reverse("wagtailsnippets_readiness_clauseassessment:edit",
                              args=[own.pk])).status_code in (302, 403)
    client.force_login(people.quality)
    assert set(client.get(index).context["object_list"]) == {own, other}
    assert client.get(other_inspect).status_code == 200
    assert client.get(other_edit).status_code in (302, 403)  # inspected only
    assert client.get(reverse("wagtailsnippets_readiness_gapaction:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_readiness_documentclause:list")
                      ).status_code == 200
    assert not GapAction.objects.exists()
