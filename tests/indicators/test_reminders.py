"""Reminders of missing measurements: one digest per person answering for indicators that
have no value for their last closed period."""

from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators import reminders, services, tasks
from indicators.models import Frequency, Measurement, Period
from indicators.services import MeasurementInput
from tests import factories as f
from tests.indicators.factories import IndicatorFactory

TODAY = date(2026, 3, 10)  # last closed: 2026-02, 2025-T4, 2025-S2, 2025


def record(indicator, period, value="1"):
    services.measurements_record_batch(
        [MeasurementInput(indicator.code, period, value)], origin=Measurement.Origin.MANUAL
    )


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def indicators(people, accueil, etat_civil):
    """The reception pilot is late on three indicators; the civil status pilot is late on
    one and up to date on another."""
    make = IndicatorFactory
    data = {
        "calls": make(code="IND-ACC-01", owner=people.pilot, service=accueil),
        "wait": make(code="IND-ACC-02", owner=people.pilot, service=accueil),
        "survey": make(code="IND-ACC-03", owner=people.pilot, service=accueil,
                       frequency=Frequency.QUARTERLY),
        "delay": make(code="IND-EC-01", owner=people.other_pilot, service=etat_civil),
        "errors": make(code="IND-EC-02", owner=people.other_pilot, service=etat_civil),
    }
    record(data["calls"], "2026-01")  # an older value does not count
    record(data["wait"], "2026-03")  # nor does one of the period in progress
    record(data["survey"], "2025-T3")
    record(data["delay"], "2026-01")
    record(data["errors"], "2026-02")
    return data


def test_one_digest_per_owner_listing_each_missing_value(indicators, people):
    assert reminders.missing_measurement_reminders_send(today=TODAY) == 2
    assert len(mail.outbox) == 2
    [digest] = mails_to(people.pilot.email)
    assert "3" in digest.subject
    for code in ("IND-ACC-01", "IND-ACC-02", "IND-ACC-03"):
        assert code in digest.body
    assert "2026-02" in digest.body and "2025-T4" in digest.body
    # each value links to the entry form of its indicator
    assert f"?indicator={indicators['calls'].pk}" in digest.body
    assert str(people.pilot) in digest.body.splitlines()[0]  # greeted by name
    [other] = mails_to(people.other_pilot.email)
    assert "IND-EC-01" in other.body
    assert "IND-EC-02" not in other.body  # up to date
    assert "IND-ACC" not in other.body


def test_up_to_date_owners_get_nothing(indicators, people):
    record(indicators["calls"], "2026-02")
    record(indicators["wait"], "2026-02")
    record(indicators["survey"], "2025-T4")
    assert reminders.missing_measurement_reminders_send(today=TODAY) == 1
    assert mails_to(people.pilot.email) == []
    assert len(mails_to(people.other_pilot.email)) == 1


def test_archived_indicators_are_ignored(indicators, people):
    for key in ("calls", "wait", "survey"):
        indicators[key].is_active = False
        indicators[key].save()
    assert reminders.missing_measurement_reminders_send(today=TODAY) == 1
    assert mails_to(people.pilot.email) == []
    assert [item.indicator.code for item in reminders.measurements_missing(today=TODAY)] == [
        "IND-EC-01"
    ]


def test_without_a_reachable_owner_the_service_pilots_are_reminded(people, accueil):
    IndicatorFactory(code="IND-ACC-09", owner=None, service=accueil)
    gone = f.agent(username="parti", service=accueil)
    gone.is_active = False
    gone.save()
    IndicatorFactory(code="IND-ACC-10", owner=gone, service=accueil)
    assert reminders.missing_measurement_reminders_send(today=TODAY) == 1
    [digest] = mails_to(people.pilot.email)
    assert "IND-ACC-09" in digest.body and "IND-ACC-10" in digest.body
    assert mails_to(gone.email) == []


def test_an_application_fed_indicator_names_its_application(people, accueil):
    application, _token = services.feed_application_create(name="Logiciel de téléphonie")
    IndicatorFactory(code="IND-ACC-05", owner=people.pilot, service=accueil,
                     source="api", feed_application=application)
    reminders.missing_measurement_reminders_send(today=TODAY)
    [digest] = mails_to(people.pilot.email)
    assert "Logiciel de téléphonie" in digest.body


def test_frequencies_each_have_their_last_closed_period(people, accueil):
    expected = {
        Frequency.MONTHLY: "2026-02", Frequency.QUARTERLY: "2025-T4",
        Frequency.HALF_YEARLY: "2025-S2", Frequency.YEARLY: "2025",
    }
    for n, frequency in enumerate(expected, start=1):
        IndicatorFactory(code=f"IND-F-{n}", owner=people.pilot, service=accueil,
                         frequency=frequency)
    missing = reminders.measurements_missing(today=TODAY)
    assert {item.indicator.frequency: item.period.label for item in missing} == expected


def test_queries_do_not_grow_with_the_number_of_indicators(people, accueil, etat_civil):
    def queries():
        mail.outbox.clear()
        with CaptureQueriesContext(connection) as captured:
            reminders.missing_measurement_reminders_send(today=TODAY)
        return len(captured)

    IndicatorFactory(owner=people.pilot, service=accueil)
    IndicatorFactory(owner=None, service=accueil)
    few = queries()
    for _i in range(15):
        IndicatorFactory(owner=people.pilot, service=accueil)
        IndicatorFactory(owner=people.other_pilot, service=etat_civil)
        IndicatorFactory(owner=None, service=etat_civil)
    assert queries() == few
    assert len(mail.outbox) == 2


def test_the_celery_task_sends_the_reminders(people, accueil):
    """Eager in the tests: the beat task calls the service for today."""
    indicator = IndicatorFactory(owner=people.pilot, service=accueil)
    result = tasks.send_missing_measurement_reminders.delay()
    assert result.get() == 1
    last = Period.last_closed(timezone.localdate(), Frequency.MONTHLY)
    assert last.label in mails_to(people.pilot.email)[0].body
    record(indicator, last.label)
    assert tasks.send_missing_measurement_reminders.delay().get() == 0


def test_scheduled_every_month():
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == tasks.send_missing_measurement_reminders.name
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert 5 in schedule.day_of_month


def test_computed_indicators_are_not_reminded(indicators, people, accueil):
    """A computed indicator (complaint processing time…) is written by the product from
    its records: nobody is asked to enter it, even for a month without a value."""
    from indicators.models import Indicator

    IndicatorFactory(code="IND-REC-01", owner=people.pilot, service=accueil,
                     source=Indicator.Source.COMPUTED)
    codes = {missing.indicator.code for missing in reminders.measurements_missing(today=TODAY)}
    assert "IND-ACC-01" in codes
    assert "IND-REC-01" not in codes
