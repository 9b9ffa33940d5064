import pytest

from actions.models import Action
from providers import demo
from providers.models import Evaluation, Provider
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(people, accueil):
    codes = {code for entry in demo.PROVIDERS for code in entry[2]}
    for code in codes:
        f.ServiceFactory(code=code)
    f.pilot(username="pilote-step", service=f.ServiceFactory(code="step"))
    counts = demo.load_demo()
    assert counts["providers"] == len(demo.PROVIDERS) >= 25
    assert Provider.objects.count() == len(demo.PROVIDERS)
    assert all(p.evaluations.exists() for p in Provider.objects.all())
    assert Provider.objects.overdue().count() == 2
    last = {p.pk: p.evaluations.order_by("-evaluated_on").first() for p in Provider.objects.all()}
    conclusions = [e.conclusion for e in last.values()]
    assert conclusions.count(Evaluation.Conclusion.REPLACE) == 1
    assert conclusions.count(Evaluation.Conclusion.WATCH) >= 3
    replaced = next(e for e in last.values() if e.conclusion == Evaluation.Conclusion.REPLACE)
    assert Action.objects.for_source(replaced).open().count() == 1
    step = Provider.objects.get(name="Boues et Valorisation")
    assert step.evaluations.first().evaluator.username == "pilote-step"
    assert all(p.siret and len(p.siret) == 14 for p in Provider.objects.all())
    again = demo.load_demo()
    assert again == {"providers": 0, "evaluations": 0, "actions": 0}
    assert Evaluation.objects.count() == counts["evaluations"]
