import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from providers import services
from providers.evidence import providers as finder
from qms import evidence
from qms.evidence import Coverage, EvidenceContext
from tests.providers.conftest import all_scores
from tests.providers.factories import ProviderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _ctx(service):
    return EvidenceContext(service=service, service_ids=frozenset({service.pk}), standard=None,
                           criteria=[], today=TODAY)


def _evaluated(service, criteria, user, name, days_ago=30):
    provider = ProviderFactory(name=name, services=[service])
    services.evaluation_record(provider=provider, evaluator=user, conclusion="approved",
                               evaluated_on=TODAY - datetime.timedelta(days=days_ago),
                               scores=all_scores(criteria))
    return provider


def test_registered():
    kind = evidence.get("providers")
    assert kind is not None and kind.finder == "providers.evidence.providers"


def test_absent_when_no_provider(accueil):
    result = finder(_ctx(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [gettext("no external provider registered for the service")]


def test_present_when_every_provider_evaluated_on_time(accueil, criteria, people):
    _evaluated(accueil, criteria, people.pilot, "Nettoyage")
    result = evidence.get("providers").find(_ctx(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert result.items[0].label == "Nettoyage" and "75" in result.items[0].detail


def test_partial_with_overdue_and_never_evaluated(accueil, criteria, people):
    _evaluated(accueil, criteria, people.pilot, "À jour")
    late = _evaluated(accueil, criteria, people.pilot, "En retard", days_ago=400)
    ProviderFactory(name="Jamais", services=[accueil])
    result = finder(_ctx(accueil))
    assert late.next_evaluation_due is not None
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [
        ngettext("%(count)s provider evaluation overdue (%(names)s)",
                 "%(count)s provider evaluations overdue (%(names)s)", 1)
        % {"count": 1, "names": "En retard"},
        ngettext("%(count)s provider never evaluated (%(names)s)",
                 "%(count)s providers never evaluated (%(names)s)", 1)
        % {"count": 1, "names": "Jamais"},
    ]


def test_missing_when_none_on_time(accueil, criteria, people):
    _evaluated(accueil, criteria, people.pilot, "En retard", days_ago=500)
    assert finder(_ctx(accueil)).coverage == Coverage.MISSING


def test_one_query_whatever_the_volume(accueil, criteria, people,
                                       django_assert_num_queries):
    _evaluated(accueil, criteria, people.pilot, "P0")
    with django_assert_num_queries(1):
        finder(_ctx(accueil))
    for n in range(1, 15):
        _evaluated(accueil, criteria, people.pilot, f"P{n}")
    with django_assert_num_queries(1):
        result = finder(_ctx(accueil))
    assert len(result.items) == evidence.MAX_ITEMS and result.more == 5
