"""The XLSX export of the filtered plan, read back."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from actions.models import Action
from tests.actions.factories import ActionFactory, attached_action
from tests.processes.factories import RiskFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return sheet, [dict(zip(header, row, strict=True)) for row in rows[1:]], header


@pytest.fixture
def actions(people, accueil, etat_civil):
    risk = RiskFactory(sheet__process__service=accueil)
    treatment = attached_action(
        risk, reference="ACT-2026-0001", title="Former les agents",
        kind=Action.Kind.RISK_TREATMENT, service=accueil, owner=people.pilot,
        start_date=days(-40), due_date=days(-3), status=Action.Status.IN_PROGRESS,
        progress=60, operating_budget_planned=Decimal("1500.00"),
        operating_budget_spent=Decimal("320.50"), investment_budget_planned=Decimal("9000"),
        investment_budget_spent=Decimal("0"), expected_result="Agents formés",
        description="Deux sessions")
    checked = ActionFactory(
        reference="ACT-2026-0002", title="Corriger le délai", kind=Action.Kind.CORRECTIVE,
        service=accueil, owner=people.agent, due_date=days(-10), status=Action.Status.DONE,
        progress=100, completed_at=days(-12), effectiveness_checked_at=days(-1),
        effectiveness_verdict="effective", effectiveness_evidence="Délai mesuré : 7 j")
    other = ActionFactory(reference="ACT-2026-0003", title="Numériser", service=etat_civil,
                          owner=people.other_agent)
    return treatment, checked, other, risk


def test_the_export_has_every_field(client, people, actions):
    treatment, checked, _other, risk = actions
    client.force_login(people.quality)
    sheet, rows, header = rows_of(client.get("/actions/export.xlsx"))
    assert len(header) == 25
    by_ref = {row[header[0]]: row for row in rows}
    assert set(by_ref) == {"ACT-2026-0001", "ACT-2026-0002", "ACT-2026-0003"}
    row = list(by_ref["ACT-2026-0001"].values())
    assert row[1] == "Former les agents"
    assert row[4] in ("Oui", "Yes") and row[5] == 3  # late, by 3 days
    assert row[6] == str(risk._meta.verbose_name).capitalize()  # the source's kind
    assert row[7] == treatment.source_label and risk.reference in row[7]
    assert row[8] == "Accueil – Guichet unique" and row[9] == str(people.pilot)
    assert row[10].date() == days(-40) and row[11].date() == days(-3)
    assert row[13] == 0.6
    assert row[14:18] == [1500, 320.5, 9000, 0]
    assert row[18] == "Agents formés" and row[23] == "Deux sessions"
    done = list(by_ref["ACT-2026-0002"].values())
    assert done[4] in ("Non", "No") and done[5] is None  # done: not late
    assert done[12].date() == days(-12)
    assert done[19].date() == days(-1) and done[21] == "Délai mesuré : 7 j"
    # money is formatted as euros, the late cell tinted
    assert "€" in sheet.cell(row=2, column=15).number_format
    late_row = [r for r in range(2, sheet.max_row + 1)
                if sheet.cell(row=r, column=1).value == "ACT-2026-0001"][0]
    assert sheet.cell(row=late_row, column=5).fill.fgColor.rgb.endswith("FBE6E6")


def test_the_export_follows_the_filters_and_the_readers_rights(client, people, actions):
    client.force_login(people.quality)
    _sheet, rows, header = rows_of(client.get("/actions/export.xlsx", {"late": "1"}))
    assert [row[header[0]] for row in rows] == ["ACT-2026-0001"]
    _sheet, rows, header = rows_of(client.get("/actions/export.xlsx",
                                              {"kind": "corrective"}))
    assert [row[header[0]] for row in rows] == ["ACT-2026-0002"]
    client.force_login(people.other_agent)  # the registry office's agent
    _sheet, rows, header = rows_of(client.get("/actions/export.xlsx"))
    assert [row[header[0]] for row in rows] == ["ACT-2026-0003"]


def test_the_service_export(client, people, actions, accueil, etat_civil):
    client.force_login(people.agent)
    _sheet, rows, header = rows_of(client.get(f"/actions/service/{accueil.pk}/export.xlsx"))
    assert {row[header[0]] for row in rows} == {"ACT-2026-0001", "ACT-2026-0002"}
    assert client.get(f"/actions/service/{etat_civil.pk}/export.xlsx").status_code == 403


def test_the_export_of_an_empty_plan(client, people):
    client.force_login(people.quality)
    _sheet, rows, header = rows_of(client.get("/actions/export.xlsx"))
    assert rows == [] and header[0] in ("Référence", "Reference")
