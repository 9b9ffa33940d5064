import pytest
from django.utils import timezone

from actions.models import Action
from metrology import demo
from metrology.models import MeasuringResource, Verification
from metrology.selectors import overdue_q, with_verifications
from providers.models import Provider
from tests import factories as f
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_demo_loads_and_is_idempotent(people, accueil):
    for code in {entry[3] for entry in demo.RESOURCES}:
        f.ServiceFactory(code=code)
    f.SiteFactory(name="Station d'épuration des Prés-Bas")
    lab = ProviderFactory(name=demo.LAB, services=[accueil])
    counts = demo.load_demo(with_providers=False)
    assert counts["resources"] == len(demo.RESOURCES) >= 20
    annotated = with_verifications(MeasuringResource.objects.all())
    assert annotated.filter(overdue_q(timezone.localdate())).count() == 2
    assert all(r.verifications.exists() for r in MeasuringResource.objects.all())
    not_conform = Verification.objects.get(result=Verification.Result.NOT_CONFORM)
    assert Action.objects.for_source(not_conform).open().count() == 1
    flow = MeasuringResource.objects.get(identifier="STEP-DEB-01")
    assert flow.provider == lab and flow.site.name == "Station d'épuration des Prés-Bas"
    assert Provider.objects.count() == 1
    assert demo.load_demo(with_providers=False) == {"resources": 0, "verifications": 0, "actions": 0}
    assert Verification.objects.count() == counts["verifications"]


def test_demo_loads_the_providers_first(people, accueil, monkeypatch):
    calls = []
    monkeypatch.setattr("providers.demo.load_demo", lambda stdout=None: calls.append(1))
    demo.load_demo()
    assert calls == [1]
