"""One service function behind the three ways in: all-or-nothing batches, idempotence,
corrections with a reason kept in history, and the application's scope."""

from decimal import Decimal

import pytest

from indicators import services
from indicators.models import Frequency, Measurement
from indicators.services import BatchRejected, MeasurementInput
from tests import factories as f
from tests.indicators.factories import IndicatorFactory


@pytest.fixture
def owner(db):
    return f.quality_engineer(username="qualite-ind")


@pytest.fixture
def calls(db):
    return IndicatorFactory(code="IND-ACC-01", title="Appels décrochés", frequency=Frequency.MONTHLY)


@pytest.fixture
def delay(db):
    return IndicatorFactory(code="IND-EC-02", title="Délai de délivrance", frequency=Frequency.QUARTERLY)


def batch(*rows):
    return [MeasurementInput(*row, line=i + 2) for i, row in enumerate(rows)]


def test_manual_entry(calls, owner):
    m = services.measurement_record(indicator=calls, period="2026-03", value="92,5", user=owner)
    assert m.value == Decimal("92.5") and m.entered_by == owner and m.origin == "manual"
    assert m.period_start.isoformat() == "2026-03-01"


def test_batch_is_all_or_nothing_and_names_every_bad_row(calls, delay, owner):
    rows = batch(
        ("IND-ACC-01", "2026-01", "90"),
        ("IND-ACC-01", "2026-T1", "91"),  # period does not fit a monthly indicator
        ("IND-XXX", "2026-01", "5"),  # unknown code
        ("IND-EC-02", "2026-T1", "abc"),  # not a number
        ("IND-EC-02", "2026-T2", "4"),
    )
    with pytest.raises(BatchRejected) as caught:
        services.measurements_record_batch(rows, user=owner, origin="import")
    assert [e.line for e in caught.value.errors] == [3, 4, 5]
    assert "IND-XXX" in caught.value.errors[1].message
    assert not Measurement.objects.exists()


def test_same_value_twice_changes_nothing(calls, owner):
    rows = batch(("IND-ACC-01", "2026-01", "90"), ("IND-ACC-01", "2026-02", "91"))
    assert services.measurements_record_batch(rows, user=owner, origin="api") == {
        "created": 2, "updated": 0, "unchanged": 0}
    assert services.measurements_record_batch(rows, user=owner, origin="api") == {
        "created": 0, "updated": 0, "unchanged": 2}
    assert Measurement.objects.get(period="2026-01").history.count() == 1


def test_correction_needs_a_reason_and_keeps_the_old_value(calls, owner):
    services.measurement_record(indicator=calls, period="2026-01", value=90, user=owner)
    with pytest.raises(BatchRejected, match="reason|motif|raison"):
        services.measurement_record(indicator=calls, period="2026-01", value=80, user=owner)
    assert Measurement.objects.get().value == Decimal("90")
    services.measurement_record(indicator=calls, period="2026-01", value=80, user=owner,
                                reason="Erreur de saisie : 80 appels décrochés sur 100")
    m = Measurement.objects.get()
    assert m.value == Decimal("80")
    old, new = m.history.order_by("history_date")
    assert old.value == Decimal("90") and new.value == Decimal("80")
    assert new.history_change_reason.startswith("Erreur de saisie")
    assert new.history_user == owner


def test_duplicate_rows_in_one_batch(calls, owner):
    rows = batch(("IND-ACC-01", "2026-01", "90"), ("IND-ACC-01", "2026-01", "91"))
    with pytest.raises(BatchRejected) as caught:
        services.measurements_record_batch(rows, user=owner, origin="import")
    assert caught.value.errors[0].line == 3


def test_archived_indicator_takes_no_value(calls, owner):
    calls.is_active = False
    calls.save()
    with pytest.raises(BatchRejected, match="IND-ACC-01"):
        services.measurement_record(indicator=calls, period="2026-01", value=1, user=owner)


def test_application_may_send_only_its_indicators(calls, delay):
    app, token = services.feed_application_create(name="Logiciel de téléphonie")
    calls.source, calls.feed_application = "api", app
    calls.save()
    ok = batch(("IND-ACC-01", "2026-01", "90"))
    assert services.measurements_record_batch(ok, application=app, origin="api")["created"] == 1
    other = batch(("IND-EC-02", "2026-T1", "4"))
    with pytest.raises(BatchRejected, match="IND-EC-02"):
        services.measurements_record_batch(other, application=app, origin="api")
    assert len(token) > 30 and app.token_hash != token


def test_user_may_enter_only_their_services_values(calls):
    outsider = f.pilot(username="pilote-ailleurs")
    with pytest.raises(BatchRejected, match="IND-ACC-01"):
        services.measurement_record(indicator=calls, period="2026-01", value=1, user=outsider)
    insider = f.pilot(username="pilote-dedans", service=calls.service)
    services.measurement_record(indicator=calls, period="2026-01", value=1, user=insider)
    assert Measurement.objects.count() == 1
