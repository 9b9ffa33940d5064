import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from metrology import reminders, services, tasks
from metrology.evidence import measuring_resources
from metrology.todo import verifications_due
from qms import evidence
from qms.evidence import Coverage, EvidenceContext
from tests.metrology.factories import ResourceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _verified(service, name, days_ago, interval=12, **kwargs):
    resource = ResourceFactory(name=name, service=service, interval_months=interval, **kwargs)
    services.verification_record(resource=resource, result="conform", performed_by="x",
                                 performed_on=TODAY - datetime.timedelta(days=days_ago))
    return resource


def _ctx(service):
    return EvidenceContext(service=service, service_ids=frozenset({service.pk}), standard=None,
                           criteria=[], today=TODAY)


def test_reminders_to_the_pilots(people, accueil, etat_civil, django_assert_max_num_queries):
    _verified(accueil, "En retard", 400)
    _verified(accueil, "Bientôt", 350)
    _verified(accueil, "Plus tard", 10)
    ResourceFactory(name="Retiré", service=accueil, status="retired")
    _verified(etat_civil, "Balance EC", 380)
    with django_assert_max_num_queries(4):
        result = reminders.verification_reminders_send(today=TODAY)
    assert result == {"messages": 2, "resources": 3, "unassigned": 0}
    body = next(m.body for m in mail.outbox if m.to == [people.pilot.email])
    assert "En retard" in body and "Bientôt" in body
    assert "Plus tard" not in body and "Retiré" not in body and "Balance EC" not in body


def test_task_and_todo(people, accueil):
    resource = _verified(accueil, "En retard", 400)
    assert tasks.send_verification_reminders.delay().get()["messages"] == 1
    items = verifications_due(people.pilot)
    assert [i.title for i in items] == [str(resource)] and items[0].is_overdue
    assert verifications_due(people.agent) == []


def test_evidence_registered_and_absent(accueil):
    assert evidence.get("measuring_resources").finder == \
        "metrology.evidence.measuring_resources"
    result = measuring_resources(_ctx(accueil))
    assert result.coverage == Coverage.MISSING
    assert result.gaps == [gettext("no measuring resource registered for the service")]


def test_evidence_present_then_partial(accueil):
    _verified(accueil, "A", 10)
    _verified(accueil, "Hors service", 900, status="out_of_service")
    result = measuring_resources(_ctx(accueil))
    assert result.coverage == Coverage.COVERED and not result.gaps
    assert len(result.items) == 1 and result.items[0].label.startswith("A (")
    _verified(accueil, "B", 500)
    result = measuring_resources(_ctx(accueil))
    assert result.coverage == Coverage.PARTLY
    assert result.gaps == [ngettext(
        "%(count)s measuring resource overdue for verification (%(names)s)",
        "%(count)s measuring resources overdue for verification (%(names)s)", 1)
        % {"count": 1, "names": "B"}]


def test_evidence_missing_when_none_verified_on_time(accueil):
    _verified(accueil, "Vieux", 800)
    assert measuring_resources(_ctx(accueil)).coverage == Coverage.MISSING


def test_evidence_one_query(accueil, django_assert_num_queries):
    _verified(accueil, "R0", 5)
    with django_assert_num_queries(1):
        measuring_resources(_ctx(accueil))
    for n in range(1, 14):
        _verified(accueil, f"R{n}", 5 + n)
    with django_assert_num_queries(1):
        result = measuring_resources(_ctx(accueil))
    assert len(result.items) == evidence.MAX_ITEMS and result.more == 4
