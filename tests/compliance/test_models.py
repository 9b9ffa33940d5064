import datetime

import pytest
from django.utils import timezone

from compliance.models import Regulation
from tests.compliance import factories as cf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_due_and_late():
    never = cf.RegulationFactory()
    late = cf.RegulationFactory(next_evaluation_due=TODAY - datetime.timedelta(days=1))
    soon = cf.RegulationFactory(next_evaluation_due=TODAY + datetime.timedelta(days=30))
    later = cf.RegulationFactory(next_evaluation_due=TODAY + datetime.timedelta(days=31))
    cf.RegulationFactory(next_evaluation_due=TODAY - datetime.timedelta(days=9),
                         is_active=False)
    cf.RegulationFactory(next_evaluation_due=TODAY - datetime.timedelta(days=9),
                         applicability=Regulation.Applicability.NOT_APPLICABLE,
                         applicability_reason="Pas de piscine.")
    assert set(Regulation.objects.due()) == {never, late, soon}
    assert set(Regulation.objects.late()) == {late}
    assert late.is_late and not soon.is_late and not later.is_late
    assert set(Regulation.objects.late(on=TODAY + datetime.timedelta(days=31))) == {
        late, soon}


def test_reference_label():
    reg = cf.RegulationFactory(kind=Regulation.Kind.ORDER, number="",
                               published_on=datetime.date(2015, 7, 21))
    assert reg.reference.endswith("21/07/2015")
    assert str(reg) == reg.reference
