"""The audits' demo: the demo organisation and people only (the slow demo steps are left
out), then the loader, once for the module, in a transaction rolled back at the end."""

import io
from collections import Counter
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from actions.models import Action
from audits import demo as audits_demo
from audits import todo
from audits.models import Audit, Auditor, AuditProgramme, ChecklistItem, Finding, Nonconformity
from documents import demo as documents_demo
from qms import demo as registry
from qms.models import User


def test_registered_after_the_action_plan():
    names = [entry.name for entry in registry.registered()]
    assert names.index("actions") < names.index("audits")


def test_refused_without_the_organisation(db):
    with pytest.raises(registry.DemoRefused):
        audits_demo.load_demo()
    assert not Audit.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(
            MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            with override_settings(DEBUG=True, EMAIL_BACKEND=(
                    "django.core.mail.backends.dummy.EmailBackend")):
                people = documents_demo._Loader(out.write)
                people.load_organisation()
                people.load_people()
                result = audits_demo.load_demo(stdout=out)
            yield SimpleNamespace(output=out.getvalue(), result=result,
                                  today=timezone.localdate())
            transaction.set_rollback(True)


def test_programme_audits_and_auditors(demo, db):
    today = demo.today
    programme = AuditProgramme.objects.get(year=today.year)
    assert programme.is_approved and programme.approved_by.username == "direction"
    assert Audit.objects.count() == len(audits_demo.AUDITS) == 8
    assert demo.result["audits"] == 8
    kinds = Counter(Audit.objects.values_list("kind", flat=True))
    assert kinds[Audit.Kind.INTERNAL] >= 4 and kinds[Audit.Kind.SUPPLIER] == 1
    external = Audit.objects.get(kind=Audit.Kind.EXTERNAL)
    assert external.status == Audit.Status.CLOSED and not external.lead_auditor.is_internal
    certification = Audit.objects.get(kind=Audit.Kind.CERTIFICATION)
    assert certification.status == Audit.Status.PLANNED
    assert [s.code for s in certification.services.all()] == ["accueil"]
    assert 20 <= (certification.planned_start - today).days <= 40
    assert certification.programme.is_approved
    for audit in Audit.objects.filter(kind=Audit.Kind.INTERNAL):
        team = [audit.lead_auditor, *audit.team.all()]
        assert all(a.user.service_id not in {s.pk for s in audit.services.all()}
                   for a in team if a.user_id)
    assert Auditor.objects.count() == 8
    assert all(a.qualifications.exists() for a in Auditor.objects.all())


def test_held_audits_have_checklists_findings_and_conclusions(demo, db):
    held = Audit.objects.held()
    assert held.count() >= 5
    for audit in held:
        assert audit.conclusions and audit.criteria_met and audit.held_end
        assert audit.checklist.exclude(answer="").exists()
        assert audit.findings.exists()
    assert set(Finding.objects.values_list("kind", flat=True)) == set(Finding.Kind.values)
    assert ChecklistItem.objects.filter(answer="nonconform").exclude(evidence="").exists()


def test_nonconformities_in_every_state(demo, db):
    assert 13 <= Nonconformity.objects.count() <= 17
    statuses = Counter(Nonconformity.objects.values_list("status", flat=True))
    assert set(statuses) == set(Nonconformity.Status.values)
    sources = set(Nonconformity.objects.values_list("source_kind", flat=True))
    assert {"audit", "internal", "indicator", "supplier"} <= sources
    assert Nonconformity.objects.filter(source_kind="audit", finding__isnull=True).count() == 0
    for nc in Nonconformity.objects.filter(status="closed"):
        actions = list(Action.objects.for_source(nc))
        assert actions and all(a.status == "done" and a.effectiveness_verdict == "effective"
                               for a in actions)
    late = Action.objects.filter(kind="corrective", due_date__lt=demo.today).exclude(
        status="done")
    assert late.count() >= 2


def test_logins_have_audit_tasks(demo, db):
    auditeur = User.objects.get(username="auditeur")
    assert todo.upcoming_audits(auditeur)
    [ready] = todo.nonconformities_to_close(User.objects.get(username="qualite"))
    assert "Horaires d'été" in ready.title
    pilote = User.objects.get(username="pilote")
    assert all(i.detail == "Accueil – Guichet unique"
               for i in todo.overdue_nonconformities(pilote))


def test_second_run_creates_nothing(demo, db):
    before = (Audit.objects.count(), Nonconformity.objects.count(), Finding.objects.count(),
              Action.objects.count())
    out = io.StringIO()
    result = audits_demo.load_demo(stdout=out)
    assert not any(result.values())
    assert (Audit.objects.count(), Nonconformity.objects.count(), Finding.objects.count(),
            Action.objects.count()) == before
    assert "already loaded" in out.getvalue()
