"""The generic source link: any module attaches an action to one of its records with one
call to actions.services.action_create and reads the record's actions back; the action
plan imports none of the modules that feed it."""

import ast
import datetime
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from actions.models import Action
from actions.selectors import actions_for
from actions.services import action_create, source_label
from processes.models import ContextIssue, Process
from tests.indicators.factories import IndicatorFactory
from tests.processes.factories import ProcessFactory

DUE = timezone.localdate() + datetime.timedelta(days=30)
ACTIONS_DIR = Path(__file__).resolve().parents[2] / "actions"
#: The project's apps that feed the plan: the plan knows them through the link only.
FEEDERS = {"processes", "indicators", "documents", "audits", "compliance", "innovation",
           "reviews"}


def create(record, people, service, title, kind=Action.Kind.CORRECTIVE):
    return action_create(title=title, kind=kind, owner=people.pilot, service=service,
                         due_date=DUE, user=people.quality, source=record)


@pytest.fixture
def process(accueil):
    return ProcessFactory(code="PRC-R01", name="Accueil et orientation des usagers",
                          service=accueil)


@pytest.fixture
def issue(db):
    return ContextIssue.objects.create(
        kind=ContextIssue.Kind.EXTERNAL, category=ContextIssue.Category.SOCIAL,
        title="Fracture numérique des usagers âgés",
    )


@pytest.fixture
def indicator(accueil):
    return IndicatorFactory(code="IND-ACC-01", title="Taux d'appels décrochés",
                            service=accueil)


def test_an_action_remembers_its_source(process, people, accueil):
    action = create(process, people, accueil, "Réduire l'attente au guichet")
    action.refresh_from_db()
    assert action.source_content_type == ContentType.objects.get_for_model(Process)
    assert action.source_object_id == process.pk
    assert action.source == process
    assert action.source_label == source_label(process)
    assert "PRC-R01 — Accueil et orientation des usagers" in action.source_label


@pytest.mark.parametrize("fixture", ["process", "issue", "indicator"])
def test_each_kind_of_record_reads_its_own_actions(fixture, request, people, accueil,
                                                  process, issue, indicator):
    record = request.getfixturevalue(fixture)
    others = [r for r in (process, issue, indicator) if r is not record]
    mine = [create(record, people, accueil, f"Action {n}") for n in range(2)]
    for other in others:
        create(other, people, accueil, "Ailleurs")
    Action.objects.create(reference="ACT-2026-9999", title="Sans source",
                          kind=Action.Kind.IMPROVEMENT, owner=people.pilot, service=accueil,
                          due_date=DUE)
    assert set(Action.objects.for_source(record)) == set(mine)
    assert list(actions_for(record)) == sorted(mine, key=lambda a: (a.due_date, a.reference))
    for action in mine:
        assert action.source == record
        assert str(record) in action.source_label


def test_records_of_two_models_with_the_same_id_are_not_mixed(people, accueil, process):
    issue = ContextIssue.objects.create(
        pk=process.pk, kind=ContextIssue.Kind.INTERNAL,
        category=ContextIssue.Category.ORGANISATIONAL, title="Départs en retraite",
    )
    on_process = create(process, people, accueil, "Former les remplaçants")
    on_issue = create(issue, people, accueil, "Anticiper les recrutements")
    assert on_process.source_object_id == on_issue.source_object_id
    assert list(Action.objects.for_source(process)) == [on_process]
    assert list(Action.objects.for_source(issue)) == [on_issue]


def test_the_label_outlives_the_record(people, accueil, issue):
    action = create(issue, people, accueil, "Organiser des ateliers numériques")
    label = action.source_label
    issue.delete()
    action.refresh_from_db()
    assert action.source is None
    assert action.source_label == label


def test_an_unsaved_record_is_refused(people, accueil):
    with pytest.raises(ValueError):
        create(Process(code="PRC-X", name="Pas encore enregistré"), people, accueil, "X")
    assert not Action.objects.exists()


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_action_plan_imports_none_of_its_sources():
    files = sorted(p for p in ACTIONS_DIR.rglob("*.py") if "migrations" not in p.parts)
    assert files and ACTIONS_DIR / "services.py" in files
    offenders = {
        str(path.relative_to(ACTIONS_DIR)): sorted(_imported_modules(path) & FEEDERS)
        for path in files
        if _imported_modules(path) & FEEDERS
    }
    assert offenders == {}, "actions/ must reach its sources through the generic link"
