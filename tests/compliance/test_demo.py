import pytest

from actions.models import Action
from compliance import demo
from compliance.models import Evaluation, Regulation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(people, accueil):
    for code in ("step", "restauration", "batiments", "marches", "dsi"):
        f.ServiceFactory(code=code)
    f.pilot(username="pilote-step", service=f.ServiceFactory(code="step"))
    counts = demo.load_demo()
    assert counts["regulations"] == len(demo.TEXTS) >= 40
    assert Regulation.objects.count() == len(demo.TEXTS)
    assert all(2 <= r.requirements.count() <= 5 for r in Regulation.objects.all())
    assert Regulation.objects.late().count() == len(demo.LATE)
    assert Evaluation.objects.count() == 4 * len(demo.TEXTS) - len(demo.LATE)
    compliance_actions = Action.objects.filter(kind=Action.Kind.COMPLIANCE)
    assert compliance_actions.open().exists() and compliance_actions.filter(
        status=Action.Status.DONE).exists()
    step_text = Regulation.objects.get(title__startswith="Arrêté du 21 juillet 2015")
    assert step_text.owner.username == "pilote-step"
    again = demo.load_demo()
    assert again["regulations"] == again["evaluations"] == 0
    assert Regulation.objects.count() == len(demo.TEXTS)
