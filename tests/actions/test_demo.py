"""The action plan's demo: some sixty actions in every state, through the services.

It runs the demo steps it builds on (the demo organisation and its people, the processes
and their context, the risks and their treatments) once for the module, inside a
transaction rolled back at the end. The slow parts are left out: the documents and their
approval workflow (the processes are created without their sheets), and the indicators'
years of measurements — replaced by the few indicators the actions name, so that the
link to an indicator is exercised.
"""

import io
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from actions import demo as actions_demo
from actions import digests, todo
from actions.models import Action
from documents import demo as documents_demo
from indicators.models import Indicator
from processes.models import ContextIssue, InterestedParty, Process
from qms import demo as registry
from qms.models import Service, User

STEPS = ("processes", "risks")
#: The indicators the demo actions name that this module creates (service, title).
INDICATORS = [
    ("accueil", "Taux d'appels décrochés"),
    ("etat-civil", "Délai de délivrance des actes d'état civil"),
    ("step", "Taux de conformité des rejets"),
    ("rh", "Taux d'erreurs de paie"),
    ("qualite", "Taux de lecture des documents qualité"),
]


def test_registered_after_the_risks_and_the_indicators():
    names = [entry.name for entry in registry.registered()]
    assert names.index("risks") < names.index("actions")
    assert names.index("indicators") < names.index("actions")


def test_refused_without_the_organisation(db):
    with pytest.raises(registry.DemoRefused):
        actions_demo.load_demo()
    assert not Action.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    out = io.StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            with override_settings(DEBUG=True, EMAIL_BACKEND=(
                    "django.core.mail.backends.dummy.EmailBackend")):
                # The documents' organisation and people only: its documents and their
                # approval workflow take most of the documents' demo time.
                people = documents_demo._Loader(out.write)
                people.load_organisation()
                people.load_people()
                loaders = {entry.name: entry.resolve() for entry in registry.registered()}
                for name in STEPS:
                    loaders[name](stdout=out)
                treatments = Action.objects.count()
                services = Service.objects.in_bulk([s for s, _t in INDICATORS],
                                                   field_name="code")
                for n, (service, title) in enumerate(INDICATORS):
                    Indicator.objects.create(code=f"IND-DEMO-{n}", title=title, unit="%",
                                             service=services[service])
                result = actions_demo.load_demo(stdout=out)
            yield SimpleNamespace(output=out.getvalue(), result=result, today=timezone.localdate(),
                                  treatments=treatments)
            transaction.set_rollback(True)


def ours():
    return Action.objects.filter(title__in=[d.title for d in actions_demo.ACTIONS])


def test_some_eighty_actions_with_the_risk_treatments(demo, db):
    assert demo.result == {"actions": len(actions_demo.ACTIONS), "total": Action.objects.count()}
    assert 55 <= len(actions_demo.ACTIONS) <= 65
    assert ours().count() == len(actions_demo.ACTIONS)
    assert Action.objects.count() == demo.treatments + len(actions_demo.ACTIONS)
    assert f"Actions: {len(actions_demo.ACTIONS)} created" in demo.output
    references = list(Action.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    assert all(r.startswith(f"ACT-{demo.today.year}-") for r in references)


def test_every_state_and_some_late(demo, db):
    statuses = Counter(ours().values_list("status", flat=True))
    assert statuses[Action.Status.PLANNED] >= 4
    assert statuses[Action.Status.IN_PROGRESS] >= 20
    assert statuses[Action.Status.DONE] >= 15
    assert statuses[Action.Status.CANCELLED] >= 3
    late = ours().late(on=demo.today)
    assert 10 <= late.count() <= 20
    assert late.filter(status=Action.Status.PLANNED).exists()  # never started
    assert ours().due_within(14, on=demo.today).count() >= 5
    for action in ours().filter(status=Action.Status.CANCELLED):
        assert action.cancellation_reason.strip()
        assert action.history.latest().history_change_reason == "Annulation"


def test_done_actions_and_their_effectiveness_checks(demo, db):
    done = ours().filter(status=Action.Status.DONE)
    corrective = done.filter(kind=Action.Kind.CORRECTIVE)
    assert corrective.count() >= 5
    for action in corrective:
        assert action.effectiveness_verdict == Action.Verdict.EFFECTIVE
        assert action.effectiveness_evidence and action.effectiveness_checked_at
        assert action.effectiveness_checked_by.is_quality_engineer
        reasons = [h.history_change_reason for h in action.history.order_by("history_id")]
        assert reasons.index("Vérification de l'efficacité") < reasons.index("Clôture")
    others = done.exclude(kind=Action.Kind.CORRECTIVE)
    assert others.filter(effectiveness_checked_at__isnull=False).exists()
    assert others.filter(effectiveness_checked_at__isnull=True).exists()
    for action in done:
        assert action.progress == 100
        assert action.completed_at <= demo.today
        assert action.effectiveness_checked_at is None or (
            action.effectiveness_checked_at <= demo.today)
    assert len(set(done.values_list("completed_at", flat=True))) > 5  # not all today
    # a check that found an action not effective sent it back to work
    reopened = ours().get(effectiveness_verdict=Action.Verdict.NOT_EFFECTIVE)
    assert reopened.is_open and reopened.progress < 100
    assert any(h.history_change_reason.startswith("Réouverture")
               for h in reopened.history.all())


def test_kinds_and_sources(demo, db):
    kinds = Counter(ours().values_list("kind", flat=True))
    for kind in (Action.Kind.CORRECTIVE, Action.Kind.PREVENTIVE, Action.Kind.IMPROVEMENT,
                 Action.Kind.COMPLIANCE, Action.Kind.INNOVATION):
        assert kinds[kind] >= 5, kind
    by_model = Counter(
        a.source_content_type.model_class() if a.source_content_type_id else None
        for a in ours().select_related("source_content_type")
    )
    assert by_model[Process] >= 4
    assert by_model[ContextIssue] >= 5
    assert by_model[InterestedParty] >= 4
    assert by_model[Indicator] == len(INDICATORS)
    assert by_model[None] >= 20  # the indicators' demo was not loaded, and a few have none
    unsourced = [d.title for d in actions_demo.ACTIONS if d.source is None]
    assert len(unsourced) >= 5
    assert Action.objects.filter(title__in=unsourced, source_content_type=None).count() == len(
        unsourced)
    calls = Indicator.objects.get(title="Taux d'appels décrochés")
    [action] = Action.objects.for_source(calls)
    assert action.source_label.endswith("Taux d'appels décrochés")
    r01 = Process.objects.get(code="PRC-R01")
    assert Action.objects.for_source(r01).count() >= 2


def test_owners_services_and_budgets(demo, db):
    pilote, agent, qualite = (User.objects.get(username=u) for u in ("pilote", "agent",
                                                                     "qualite"))
    assert ours().filter(owner=pilote).count() >= 5
    assert ours().filter(owner=agent).exists()
    assert ours().filter(owner=qualite).count() >= 3
    assert ours().values("service").distinct().count() >= 18
    for action in ours().select_related("owner", "service"):
        assert action.owner.is_active
        if action.owner not in (qualite,):
            assert action.owner.service_id == action.service_id, action.title
        assert action.created_by is not None
        assert action.start_date and action.start_date <= action.due_date
    budgets = ours().exclude(operating_budget_planned=0, investment_budget_planned=0)
    assert budgets.count() >= 15
    assert budgets.filter(investment_budget_spent__gt=0).exists()
    assert not ours().exclude(operating_budget_spent__lte=1_000_000).exists()


def test_the_demo_logins_have_something_to_do(demo, db, mailoutbox):
    pilote = User.objects.get(username="pilote")
    items = todo.my_actions(pilote)
    assert any(i.is_overdue for i in items) and any(not i.is_overdue for i in items)
    qualite = User.objects.get(username="qualite")
    checks = [i for i in todo.my_actions(qualite) if i.due is None]
    assert len(checks) >= 2  # corrective actions finished, waiting for their check
    counts = digests.action_digests_send(today=demo.today)
    assert counts["messages"] >= 10 and counts["late"] >= 10
    assert pilote.email in {m.to[0] for m in mailoutbox}


def test_second_run_creates_nothing(demo, db):
    before = Action.objects.count(), Action.history.count()
    out = io.StringIO()
    assert actions_demo.load_demo(stdout=out) == {"actions": 0, "total": before[0]}
    assert (Action.objects.count(), Action.history.count()) == before
    assert "Actions: already loaded, nothing to create." in out.getvalue()


def test_a_later_run_keeps_the_same_day_offsets(demo, db):
    """Dates are relative to the day of the load: a demo loaded today shows late actions
    today."""
    far = max(d.due for d in actions_demo.ACTIONS)
    latest = ours().order_by("-due_date").first().due_date
    assert latest == demo.today + timedelta(days=far)
