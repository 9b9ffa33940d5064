"""Spreadsheet import: XLSX and CSV (French headers, BOM or Windows encoding, ; or ,),
all-or-nothing with every bad row reported by its line number, and the template that
round-trips."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from indicators import imports
from indicators.imports import FileRejected, measurements_import
from indicators.models import Frequency, Measurement
from tests.indicators.factories import IndicatorFactory

HEADERS = ["Code indicateur", "Période", "Valeur", "Commentaire", "Motif de correction"]


@pytest.fixture
def calls(people, accueil):
    return IndicatorFactory(code="IND-ACC-01", title="Appels décrochés", service=accueil,
                            frequency=Frequency.MONTHLY)


@pytest.fixture
def waiting(people, accueil):
    return IndicatorFactory(code="IND-ACC-02", title="Attente au guichet", service=accueil,
                            frequency=Frequency.QUARTERLY, unit="min")


@pytest.fixture
def births(people, etat_civil):
    return IndicatorFactory(code="IND-EC-01", title="Actes de naissance délivrés",
                            service=etat_civil, frequency=Frequency.MONTHLY)


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(lines, encoding="utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def lines_of(caught):
    return [e.line for e in caught.value.errors]


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_is_imported(people, calls, waiting):
    data = xlsx([
        ("IND-ACC-01", "2026-01", 91.5, "Nouveau standard", None),
        ("IND-ACC-01", "2026-02", "92,25", None, None),
        ("ind-acc-02", "2026-t1", 7, None, None),
    ])
    result = measurements_import(name="mesures.xlsx", data=data, user=people.pilot)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    january = Measurement.objects.get(indicator=calls, period="2026-01")
    assert january.value == Decimal("91.5") and january.comment == "Nouveau standard"
    assert january.origin == "import" and january.entered_by == people.pilot
    assert Measurement.objects.get(indicator=calls, period="2026-02").value == Decimal("92.25")
    assert Measurement.objects.get(indicator=waiting).period == "2026-T1"


def test_xlsx_with_a_bad_row_writes_nothing_and_names_every_bad_line(people, calls, waiting):
    data = xlsx([
        ("IND-ACC-01", "2026-01", 90, None, None),  # line 2: fine
        ("IND-ACC-01", "2026-02", "n/a", None, None),  # line 3: not a number
        ("IND-ACC-02", "2026-04", 5, None, None),  # line 4: a month for a quarterly one
        ("IND-INCONNU", "2026-01", 5, None, None),  # line 5: unknown code
        ("IND-ACC-02", "2026-T2", 6, None, None),  # line 6: fine
        (None, "2026-01", 3, None, None),  # line 7: no code
    ])
    with pytest.raises(FileRejected) as caught:
        measurements_import(name="mesures.xlsx", data=data, user=people.pilot)
    assert lines_of(caught) == [3, 4, 5, 7]
    messages = {e.line: e.message for e in caught.value.errors}
    assert "n/a" in messages[3]
    assert "2026-T1" in messages[4]
    assert "IND-INCONNU" in messages[5]
    assert not Measurement.objects.exists()


def test_xlsx_cells_turned_into_dates_or_numbers_still_read_as_periods(people, calls):
    yearly = IndicatorFactory(code="IND-ACC-03", service=calls.service,
                              frequency=Frequency.YEARLY)
    data = xlsx([
        ("IND-ACC-01", datetime(2026, 3, 1), 93, None, None),
        (yearly.code, 2025, 12, None, None),
    ])
    result = measurements_import(name="mesures.xlsx", data=data, user=people.pilot)
    assert result.created == 2
    assert Measurement.objects.get(indicator=calls).period == "2026-03"
    assert Measurement.objects.get(indicator=yearly).period == "2025"


def test_rows_without_a_value_are_ignored(people, calls):
    data = xlsx([
        ("IND-ACC-01", "2026-01", 90, None, None),
        ("IND-ACC-01", "2026-02", None, "pas encore connu", None),
        (None, None, None, None, None),
    ])
    result = measurements_import(name="m.xlsx", data=data, user=people.pilot)
    assert result.created == 1 and result.skipped == [3]


def test_a_correction_needs_its_reason_column(people, calls):
    measurements_import(name="m.xlsx", data=xlsx([("IND-ACC-01", "2026-01", 90)]),
                        user=people.pilot)
    with pytest.raises(FileRejected) as caught:
        measurements_import(name="m.xlsx", data=xlsx([("IND-ACC-01", "2026-01", 80)]),
                            user=people.pilot)
    assert lines_of(caught) == [2]
    result = measurements_import(
        name="m.xlsx", data=xlsx([("IND-ACC-01", "2026-01", 80, "", "Double comptage")]),
        user=people.pilot)
    assert result.updated == 1
    assert Measurement.objects.get().history.latest().history_change_reason == "Double comptage"


def test_a_pilot_may_not_import_another_services_values(people, calls, births):
    data = xlsx([
        ("IND-ACC-01", "2026-01", 90, None, None),
        ("IND-EC-01", "2026-01", 120, None, None),
    ])
    with pytest.raises(FileRejected) as caught:
        measurements_import(name="m.xlsx", data=data, user=people.pilot)
    assert lines_of(caught) == [3]
    assert "IND-EC-01" in caught.value.errors[0].message
    assert not Measurement.objects.exists()
    # the quality engineer enters the values of every service
    assert measurements_import(name="m.xlsx", data=data, user=people.quality).created == 2


def test_an_unreadable_or_foreign_file_is_refused(people, calls):
    with pytest.raises(FileRejected, match="xlsx"):
        measurements_import(name="m.xlsx", data=b"PK\x03\x04 broken", user=people.pilot)
    with pytest.raises(FileRejected, match="xlsx"):
        measurements_import(name="m.pdf", data=b"%PDF-1.4", user=people.pilot)
    with pytest.raises(FileRejected):
        measurements_import(name="m.csv", data=b"", user=people.pilot)


def test_missing_columns_are_named(people, calls):
    data = xlsx([("IND-ACC-01", 90)], headers=["Code indicateur", "Valeur"])
    with pytest.raises(FileRejected) as caught:
        measurements_import(name="m.xlsx", data=data, user=people.pilot)
    assert lines_of(caught) == [1]
    assert "Période" in caught.value.errors[0].message


# --- CSV -------------------------------------------------------------------------------------


def test_csv_from_a_french_spreadsheet_utf8_bom_semicolons(people, calls, waiting):
    data = csv_bytes([
        "Code indicateur;Période;Valeur;Commentaire;Motif de correction",
        "IND-ACC-01;2026-01;92,5;Très bon mois;",
        'IND-ACC-02;2026-T1;"1 234,5";;',
    ])
    result = measurements_import(name="mesures.csv", data=data, user=people.pilot)
    assert result.created == 2
    m = Measurement.objects.get(indicator=calls)
    assert m.value == Decimal("92.5") and m.comment == "Très bon mois"
    assert Measurement.objects.get(indicator=waiting).value == Decimal("1234.5")


def test_csv_in_windows_encoding_with_commas_and_loose_headers(people, calls):
    data = csv_bytes([
        "CODE INDICATEUR,PERIODE,Valeur,Commentaire,Intitulé (aide)",
        "IND-ACC-01,2026-01,90.5,Réorganisation de l'accueil,Appels décrochés",
    ], encoding="cp1252")
    result = measurements_import(name="MESURES.CSV", data=data, user=people.pilot)
    assert result.created == 1
    assert Measurement.objects.get().comment == "Réorganisation de l'accueil"


def test_csv_with_bad_rows_names_their_lines(people, calls):
    data = csv_bytes([
        "code indicateur;période;valeur",
        "IND-ACC-01;2026-01;90",
        "IND-ACC-01;janvier 2026;91",
        "IND-ACC-01;2026-01;92",
        "IND-ACC-01;2026-03;beaucoup",
    ])
    with pytest.raises(FileRejected) as caught:
        measurements_import(name="m.csv", data=data, user=people.pilot)
    assert lines_of(caught) == [3, 4, 5]
    assert "line 2" in caught.value.errors[1].message or "ligne 2" in caught.value.errors[1].message
    assert not Measurement.objects.exists()


# --- The template ----------------------------------------------------------------------------


def test_the_template_round_trips(people, calls, waiting, births):
    archived = IndicatorFactory(code="IND-ACC-99", service=calls.service, is_active=False)
    data = imports.template_workbook(user=people.pilot, today=date(2026, 4, 15))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:5]) == HEADERS
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"IND-ACC-01", "IND-ACC-02"}  # own service, active only
    assert archived.code not in by_code and "IND-EC-01" not in by_code
    assert by_code["IND-ACC-01"][1] == "2026-03" and by_code["IND-ACC-02"][1] == "2026-T1"
    assert by_code["IND-ACC-01"][5] == "Appels décrochés"  # helper column

    for row in sheet.iter_rows(min_row=2):
        row[2].value = 88 if row[0].value == "IND-ACC-01" else "6,5"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = measurements_import(name="modele.xlsx", data=buffer.getvalue(), user=people.pilot)
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert Measurement.objects.get(indicator=calls, period="2026-03").value == 88
    assert Measurement.objects.get(indicator=waiting, period="2026-T1").value == Decimal("6.5")
    again = measurements_import(name="modele.xlsx", data=buffer.getvalue(), user=people.pilot)
    assert again.unchanged == 2


def test_the_quality_engineers_template_lists_every_service(people, calls, births):
    data = imports.template_workbook(user=people.quality, today=date(2026, 1, 10))
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"IND-ACC-01", "IND-EC-01"}
    assert {row[1] for row in rows[1:]} == {"2025-12"}
