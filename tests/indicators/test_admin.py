"""The indicators' back office: pilots work on their services' objectives, indicators
and targets only, the quality engineer on everything; entering a measurement, importing
a file, and the feeding applications' tokens."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from indicators.models import FeedApplication, Frequency, Indicator, IndicatorTarget, Measurement
from tests import factories as f
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory


@pytest.fixture
def calls(people, accueil):
    return IndicatorFactory(code="IND-ACC-01", title="Appels décrochés", service=accueil,
                            frequency=Frequency.MONTHLY)


@pytest.fixture
def births(people, etat_civil):
    return IndicatorFactory(code="IND-EC-01", title="Actes de naissance délivrés",
                            service=etat_civil, frequency=Frequency.MONTHLY)


def url(model, view, *args):
    return reverse(f"wagtailsnippets_indicators_{model}:{view}", args=args)


def indicator_form(indicator, **changes):
    data = {
        "code": indicator.code, "title": indicator.title, "definition": "", "purpose": "",
        "formula": "", "unit": indicator.unit, "category": indicator.category,
        "frequency": indicator.frequency, "collection_method": "",
        "service": indicator.service_id, "owner": "", "source": indicator.source,
        "feed_application": "", "direction": indicator.direction, "alert_threshold": "",
        "critical_threshold": "", "baseline": "", "is_active": "on",
    }
    data.update(changes)
    return data


def page(response):
    return response.content.decode()


def refused(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


# --- Indicators and objectives: scoped to the pilot's services ------------------------------


def test_a_pilot_lists_only_the_indicators_of_their_service(client, people, calls, births):
    client.force_login(people.pilot)
    html = page(client.get(url("indicator", "list")))
    assert "IND-ACC-01" in html and "IND-EC-01" not in html
    client.force_login(people.quality)
    html = page(client.get(url("indicator", "list")))
    assert "IND-ACC-01" in html and "IND-EC-01" in html


def test_a_pilot_edits_their_services_indicator(client, people, calls):
    client.force_login(people.pilot)
    edit = url("indicator", "edit", calls.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, indicator_form(calls, title="Appels décrochés (standard)"))
    assert response.status_code == 302, page(response)[:3000]
    calls.refresh_from_db()
    assert calls.title == "Appels décrochés (standard)"
    assert calls.history.latest().history_user == people.pilot


def test_a_pilot_may_not_open_or_change_another_services_indicator(client, people, births):
    client.force_login(people.pilot)
    edit = url("indicator", "edit", births.pk)
    assert refused(client.get(edit))
    assert refused(client.post(edit, indicator_form(births, title="Piraté")))
    assert refused(client.get(url("indicator", "history", births.pk)))
    births.refresh_from_db()
    assert births.title == "Actes de naissance délivrés"


def test_a_pilot_may_not_move_an_indicator_to_another_service(client, people, calls,
                                                              etat_civil):
    client.force_login(people.pilot)
    response = client.post(url("indicator", "edit", calls.pk),
                           indicator_form(calls, service=etat_civil.pk))
    assert response.status_code == 200  # the form comes back with an error
    calls.refresh_from_db()
    assert calls.service.code == "accueil"


def test_a_pilot_creates_an_indicator_in_their_service_only(client, people, accueil,
                                                            etat_civil):
    client.force_login(people.pilot)
    new = Indicator(code="IND-ACC-05", title="Taux de réclamations", service=accueil)
    response = client.post(url("indicator", "add"), indicator_form(new))
    assert response.status_code == 302, page(response)[:3000]
    assert Indicator.objects.get(code="IND-ACC-05").service == accueil
    other = Indicator(code="IND-EC-05", title="Délai", service=etat_civil)
    assert client.post(url("indicator", "add"), indicator_form(other)).status_code == 200
    assert not Indicator.objects.filter(code="IND-EC-05").exists()


def test_the_quality_engineer_edits_any_indicator(client, people, births):
    client.force_login(people.quality)
    response = client.post(url("indicator", "edit", births.pk),
                           indicator_form(births, is_active=""))
    assert response.status_code == 302
    births.refresh_from_db()
    assert births.is_active is False


def test_objectives_are_scoped_the_same_way(client, people, accueil, etat_civil):
    own = ObjectiveFactory(code="OBJ-ACC-1", title="Réduire l'attente", service=accueil)
    other = ObjectiveFactory(code="OBJ-EC-1", title="Dématérialiser", service=etat_civil)
    client.force_login(people.pilot)
    html = page(client.get(url("objective", "list")))
    assert "OBJ-ACC-1" in html and "OBJ-EC-1" not in html
    assert client.get(url("objective", "edit", own.pk)).status_code == 200
    assert refused(client.get(url("objective", "edit", other.pk)))


def test_a_pilot_sets_targets_of_their_indicators_only(client, people, calls, births):
    client.force_login(people.pilot)
    response = client.post(url("indicatortarget", "add"),
                           {"indicator": calls.pk, "year": 2026, "value": "95"})
    assert response.status_code == 302, page(response)[:3000]
    assert IndicatorTarget.objects.get(indicator=calls).value == Decimal("95")
    response = client.post(url("indicatortarget", "add"),
                           {"indicator": births.pk, "year": 2026, "value": "1"})
    assert response.status_code == 200
    assert not IndicatorTarget.objects.filter(indicator=births).exists()
    foreign = IndicatorTarget.objects.create(indicator=births, year=2026, value=10)
    assert refused(client.get(url("indicatortarget", "edit", foreign.pk)))


def test_nothing_is_deleted_from_the_back_office(client, people, calls):
    client.force_login(people.quality)
    assert refused(client.post(url("indicator", "delete", calls.pk)))
    assert Indicator.objects.filter(pk=calls.pk).exists()


# --- Entering a measurement -----------------------------------------------------------------


def entry(client, **data):
    return client.post(reverse("indicators_admin:entry"), {
        "comment": "", "reason": "", **data})


def test_a_pilot_enters_a_value_of_their_service(client, people, calls, births):
    client.force_login(people.pilot)
    html = page(client.get(reverse("indicators_admin:entry")))
    assert "IND-ACC-01" in html and "IND-EC-01" not in html
    response = entry(client, indicator=calls.pk, period="2026-03", value="92,5")
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.indicator, m.period, m.value) == (calls, "2026-03", Decimal("92.5"))
    assert m.entered_by == people.pilot and m.origin == "manual"


def test_a_pilot_may_not_enter_another_services_value(client, people, births):
    client.force_login(people.pilot)
    response = entry(client, indicator=births.pk, period="2026-03", value="10")
    assert response.status_code == 200
    assert not Measurement.objects.exists()


def test_entry_errors_are_shown_on_their_fields(client, people, calls):
    client.force_login(people.pilot)
    html = page(entry(client, indicator=calls.pk, period="2026-T1", value="beaucoup"))
    assert "2026-03" in html  # how to write a monthly period
    assert "beaucoup" in html  # not a number
    assert not Measurement.objects.exists()


def test_a_correction_asks_for_a_reason(client, people, calls):
    client.force_login(people.pilot)
    entry(client, indicator=calls.pk, period="2026-03", value="92")
    response = entry(client, indicator=calls.pk, period="2026-03", value="80")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Measurement.objects.get().value == 92
    response = entry(client, indicator=calls.pk, period="2026-03", value="80",
                     reason="Erreur de report")
    assert response.status_code == 302
    assert Measurement.objects.get().value == 80


def test_the_quality_engineer_enters_any_value(client, people, calls, births):
    client.force_login(people.quality)
    assert entry(client, indicator=births.pk, period="2026-01", value="130").status_code == 302
    assert Measurement.objects.get().indicator == births


def test_agents_do_not_reach_the_entry_pages(client, people, calls):
    client.force_login(people.agent)
    for name in ("entry", "import", "template"):
        response = client.get(reverse(f"indicators_admin:{name}"))
        assert response.status_code in (302, 403)
        assert not response.get("Content-Type", "").startswith("application/vnd")


# --- Importing a file ------------------------------------------------------------------------


def workbook(*rows):
    book = Workbook()
    book.active.append(["Code indicateur", "Période", "Valeur", "Commentaire"])
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "mesures.xlsx"
    return buffer


def test_a_pilot_imports_a_file(client, people, calls):
    client.force_login(people.pilot)
    html = page(client.get(reverse("indicators_admin:import")))
    assert reverse("indicators_admin:template") in html
    response = client.post(reverse("indicators_admin:import"), {
        "file": workbook(("IND-ACC-01", "2026-01", 90), ("IND-ACC-01", "2026-02", 91))},
        follow=True)
    assert Measurement.objects.count() == 2
    assert "2" in " ".join(str(m) for m in response.context["messages"])


def test_a_refused_import_lists_every_bad_line(client, people, calls, births):
    client.force_login(people.pilot)
    response = client.post(reverse("indicators_admin:import"), {"file": workbook(
        ("IND-ACC-01", "2026-01", 90),
        ("IND-EC-01", "2026-01", 120),  # another service's
        ("IND-ACC-01", "2026-02", "?"),
    )})
    assert response.status_code == 200
    assert [e.line for e in response.context["row_errors"]] == [3, 4]
    html = page(response)
    assert 'id="import-errors"' in html and "IND-EC-01" in html
    assert not Measurement.objects.exists()


def test_the_template_is_downloaded(client, people, calls):
    client.force_login(people.pilot)
    response = client.get(reverse("indicators_admin:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


# --- Feeding applications -------------------------------------------------------------------


def test_creating_an_application_shows_its_token_once(client, people):
    client.force_login(people.quality)
    response = client.post(url("feedapplication", "add"), {
        "name": "Logiciel de téléphonie", "description": "", "is_active": "on"})
    assert response.status_code == 200
    token = response.context["token"]
    app = FeedApplication.objects.get()
    assert FeedApplication.for_token(token) == app
    assert token in page(response)
    assert token not in page(client.get(url("feedapplication", "edit", app.pk)))


def test_regenerating_a_token_replaces_it(client, people):
    client.force_login(people.quality)
    client.post(url("feedapplication", "add"), {"name": "Ticketing", "is_active": "on"})
    app = FeedApplication.objects.get()
    edit = page(client.get(url("feedapplication", "edit", app.pk)))
    regenerate = reverse("indicators_admin:regenerate_token", args=[app.pk])
    assert regenerate in edit
    assert client.get(regenerate).status_code == 200  # confirmation first
    old_hash = app.token_hash
    response = client.post(regenerate)
    app.refresh_from_db()
    assert app.token_hash != old_hash
    assert FeedApplication.for_token(response.context["token"]) == app


def test_pilots_do_not_manage_applications(client, people):
    app = FeedApplication(name="RH")
    app.set_new_token()
    app.save()
    client.force_login(people.pilot)
    assert refused(client.get(url("feedapplication", "add")))
    regenerate = reverse("indicators_admin:regenerate_token", args=[app.pk])
    assert refused(client.post(regenerate))
    assert FeedApplication.objects.get().token_hash == app.token_hash


def test_the_owner_of_an_indicator_of_another_service_enters_its_values(client, people, calls,
                                                                       births):
    owner = f.pilot(username="proprietaire", service=f.ServiceFactory(code="dsi"))
    calls.owner = owner
    calls.save()
    client.force_login(owner)
    assert entry(client, indicator=calls.pk, period="2026-01", value="1").status_code == 302
    assert entry(client, indicator=births.pk, period="2026-01", value="1").status_code == 200
    assert Measurement.objects.get().indicator == calls
