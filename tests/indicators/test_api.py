"""The measurement feed of the business applications: POST /api/measurements/ with a
token per application, each allowed only its own indicators, all-or-nothing and
idempotent; described by /api/openapi.json (and fuzzed with schemathesis)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from indicators import services
from indicators.api import MAX_BATCH_ROWS
from indicators.models import FeedApplication, Frequency, Measurement
from tests.indicators.factories import IndicatorFactory

URL = "/api/measurements/"


@pytest.fixture
def telephony(db):
    app, token = services.feed_application_create(name="Logiciel de téléphonie")
    app.token = token
    return app


@pytest.fixture
def ticketing(db):
    app, token = services.feed_application_create(name="Gestion des demandes")
    app.token = token
    return app


@pytest.fixture
def calls(telephony):
    return IndicatorFactory(code="IND-ACC-01", title="Appels décrochés", source="api",
                            feed_application=telephony, frequency=Frequency.MONTHLY)


@pytest.fixture
def quarterly(telephony):
    return IndicatorFactory(code="IND-ACC-02", title="Délai moyen de rappel", source="api",
                            feed_application=telephony, frequency=Frequency.QUARTERLY)


@pytest.fixture
def requests_delay(ticketing):
    return IndicatorFactory(code="IND-DEM-01", title="Délai de traitement des demandes",
                            source="api", feed_application=ticketing)


def post(client, body, token=None, **extra):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(URL, data=json.dumps(body), content_type="application/json",
                       headers=headers, **extra)


def rows(*items):
    return {"measurements": [
        {"indicator": code, "period": period, "value": value, **extra}
        for code, period, value, *rest in items for extra in [rest[0] if rest else {}]
    ]}


# --- Authentication ------------------------------------------------------------------------


def test_without_a_token_the_feed_is_refused(client, calls):
    response = post(client, rows(("IND-ACC-01", "2026-03", 92.5)))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "x"])
def test_a_bad_token_is_refused(client, calls, header):
    response = client.post(URL, data=json.dumps(rows(("IND-ACC-01", "2026-03", 1))),
                           content_type="application/json", headers={"Authorization": header})
    assert response.status_code == 401
    assert not Measurement.objects.exists()


def test_the_token_of_a_deactivated_application_is_refused(client, telephony, calls):
    telephony.is_active = False
    telephony.save()
    response = post(client, rows(("IND-ACC-01", "2026-03", 1)), telephony.token)
    assert response.status_code == 401
    assert client.get("/api/indicators/", headers={
        "Authorization": f"Bearer {telephony.token}"}).status_code == 401


def test_a_regenerated_token_replaces_the_old_one(client, telephony, calls):
    old = telephony.token
    new = telephony.set_new_token()
    telephony.save()
    assert post(client, rows(("IND-ACC-01", "2026-03", 1)), old).status_code == 401
    assert post(client, rows(("IND-ACC-01", "2026-03", 1)), new).status_code == 200


def test_no_csrf_token_is_needed_with_a_bearer_token(telephony, calls):
    client = Client(enforce_csrf_checks=True)
    response = post(client, rows(("IND-ACC-01", "2026-03", 92.5)), telephony.token)
    assert response.status_code == 200, response.content


# --- Recording -----------------------------------------------------------------------------


def test_a_batch_is_recorded_with_its_origin(client, telephony, calls, quarterly):
    response = post(client, rows(
        ("IND-ACC-01", "2026-02", 91),
        ("IND-ACC-01", "2026-03", "92,5", {"comment": "Panne du standard le 12"}),
        ("IND-ACC-02", "2026-T1", 3.25),
    ), telephony.token)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 3, "updated": 0, "unchanged": 0}
    march = Measurement.objects.get(indicator=calls, period="2026-03")
    assert march.value == Decimal("92.5") and march.comment == "Panne du standard le 12"
    assert march.origin == "api" and march.feed_application == telephony
    assert march.entered_by is None
    assert Measurement.objects.get(indicator=quarterly).period_start.isoformat() == "2026-01-01"
    telephony.refresh_from_db()
    assert telephony.last_used_at is not None


def test_the_same_batch_sent_twice_changes_nothing(client, telephony, calls):
    batch = rows(("IND-ACC-01", "2026-01", 90), ("IND-ACC-01", "2026-02", 91.5))
    assert post(client, batch, telephony.token).json() == {
        "created": 2, "updated": 0, "unchanged": 0}
    assert post(client, batch, telephony.token).json() == {
        "created": 0, "updated": 0, "unchanged": 2}
    assert Measurement.objects.count() == 2
    assert all(m.history.count() == 1 for m in Measurement.objects.all())


def test_a_correction_needs_a_reason_and_keeps_the_old_value(client, telephony, calls):
    post(client, rows(("IND-ACC-01", "2026-01", 90)), telephony.token)
    refused = post(client, rows(("IND-ACC-01", "2026-01", 80)), telephony.token)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["index"] == 0
    assert Measurement.objects.get().value == Decimal("90")

    accepted = post(client, rows(("IND-ACC-01", "2026-01", 80, {
        "correction_reason": "Appels perdus comptés deux fois"})), telephony.token)
    assert accepted.json() == {"created": 0, "updated": 1, "unchanged": 0}
    old, new = Measurement.objects.get().history.order_by("history_date")
    assert (old.value, new.value) == (Decimal("90"), Decimal("80"))
    assert new.history_change_reason == "Appels perdus comptés deux fois"


# --- Scope and bad rows --------------------------------------------------------------------


def test_an_application_may_not_send_another_applications_indicator(
    client, telephony, calls, requests_delay
):
    response = post(client, rows(
        ("IND-ACC-01", "2026-03", 92),
        ("IND-DEM-01", "2026-03", 4),
    ), telephony.token)
    assert response.status_code == 422
    body = response.json()
    assert [(e["index"], e["indicator"]) for e in body["errors"]] == [(1, "IND-DEM-01")]
    assert "IND-DEM-01" in body["errors"][0]["message"]
    assert not Measurement.objects.exists()


def test_every_bad_row_is_named_and_nothing_is_written(client, telephony, calls, quarterly):
    archived = IndicatorFactory(code="IND-ACC-09", source="api", feed_application=telephony,
                                is_active=False)
    response = post(client, rows(
        ("IND-ACC-01", "2026-01", 90),  # fine
        ("IND-ACC-01", "2026-02", "beaucoup"),  # not a number
        ("IND-ACC-02", "2026-03", 3),  # a month for a quarterly indicator
        (archived.code, "2026-01", 5),  # archived
        ("IND-NOPE", "2026-01", 5),  # unknown code
        ("IND-ACC-01", "2026-13", 5),  # no such month
    ), telephony.token)
    assert response.status_code == 422
    body = response.json()
    assert "Nothing was recorded" in body["detail"] or "Rien" in body["detail"]
    errors = {e["index"]: e for e in body["errors"]}
    assert sorted(errors) == [1, 2, 3, 4, 5]
    assert errors[1]["indicator"] == "IND-ACC-01" and "beaucoup" in errors[1]["message"]
    assert "2026-T1" in errors[2]["message"]  # tells how to write the period
    assert errors[3]["indicator"] == "IND-ACC-09" and "IND-ACC-09" in errors[3]["message"]
    assert "IND-NOPE" in errors[4]["message"]
    assert not Measurement.objects.exists()


def test_a_malformed_body_is_a_client_error(client, telephony, calls):
    for body in ({}, {"measurements": "no"}, {"measurements": [{"indicator": "IND-ACC-01"}]}):
        response = post(client, body, telephony.token)
        assert response.status_code == 422, body
        assert "detail" in response.json()
    response = client.post(URL, data="{not json", content_type="application/json",
                           headers={"Authorization": f"Bearer {telephony.token}"})
    assert 400 <= response.status_code < 500
    assert not Measurement.objects.exists()


def test_a_batch_too_large_is_refused_with_a_clear_message(client, telephony, calls):
    batch = {"measurements": [
        {"indicator": "IND-ACC-01", "period": "2026-01", "value": 1}
    ] * (MAX_BATCH_ROWS + 1)}
    response = post(client, batch, telephony.token)
    assert response.status_code == 413
    assert str(MAX_BATCH_ROWS) in response.json()["detail"].replace("\u202f", "").replace(
        "\xa0", "").replace(" ", "")
    assert not Measurement.objects.exists()


# --- The application's indicators ----------------------------------------------------------


def test_an_application_lists_its_own_indicators(client, telephony, calls, quarterly,
                                                 requests_delay):
    response = client.get("/api/indicators/",
                          headers={"Authorization": f"Bearer {telephony.token}"})
    assert response.status_code == 200
    listed = response.json()
    assert [i["code"] for i in listed] == ["IND-ACC-01", "IND-ACC-02"]
    assert listed[0] | {"last_closed_period": None} == {
        "code": "IND-ACC-01", "title": "Appels décrochés", "frequency": "monthly",
        "unit": "%", "is_active": True, "last_closed_period": None,
    }
    assert listed[1]["last_closed_period"][4:6] == "-T"
    assert client.get("/api/indicators/").status_code == 401


# --- OpenAPI -------------------------------------------------------------------------------


def test_openapi_describes_the_feed(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    operation = spec["paths"]["/api/measurements/"]["post"]
    assert operation["security"] == [{"FeedApplicationAuth": []}]
    assert spec["components"]["securitySchemes"]["FeedApplicationAuth"]["scheme"] == "bearer"
    assert operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/BatchIn")
    assert {"200", "401", "413", "422"} <= set(operation["responses"])
    item = spec["components"]["schemas"]["MeasurementIn"]["properties"]
    assert {"indicator", "period", "value", "comment", "correction_reason"} <= set(item)
    assert "get" in spec["paths"]["/api/indicators/"]
    assert reverse("api:measurements_batch") == URL


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="WSGI calls close the test transaction's connection on PostgreSQL; the schema "
    "run is database-independent and runs in the SQLite pass of CI",
)
def test_schemathesis_finds_no_server_error(telephony, calls, quarterly, requests_delay):
    """Property-based run against the published OpenAPI: whatever a client sends that
    fits (or not) the schema, the API answers without a server error."""
    schemathesis = pytest.importorskip("schemathesis")
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, given, settings

    services.measurements_record_batch(
        [services.MeasurementInput("IND-ACC-01", "2026-01", "90", line=0)],
        application=telephony, origin="api",
    )
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    auth = {"Authorization": f"Bearer {telephony.token}"}
    seen = []

    # Called through WSGI, each request would close the test's database connection at its
    # end (as a server does); Django's test client disconnects these handlers too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            @given(case=schema.as_strategy(generation_mode=mode))
            @settings(max_examples=40, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call(headers=auth)
                seen.append(response.status_code)
                assert response.status_code < 500, (case.path, case.body, response.text)

            run()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert Measurement.objects.filter(indicator=calls, period="2026-01").get().value == 90
    assert any(code == 200 for code in seen) and any(400 <= code < 500 for code in seen)
    assert FeedApplication.objects.get(pk=telephony.pk).is_active
