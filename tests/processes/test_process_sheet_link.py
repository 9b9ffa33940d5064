"""A process and its controlled process sheet stay linked and neither repeats the other:
the sheet's page shows the register's live data (interactions both ways, indicators,
risks), the process page shows the text of the sheet version in force, and the sheet's
PDF carries the register's interactions, dated."""

import html
import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _
from pypdf import PdfReader

from documents.models import ProcessSheetPage
from documents.pdf import render_document_pdf
from processes.models import Process, Risk
from tests import factories as f
from tests.indicators.factories import IndicatorFactory
from tests.processes.factories import RiskFactory, RiskSheetFactory
from tests.processes.test_register import World


@pytest.fixture
def world(people, accueil, etat_civil):
    return World(people, accueil, etat_civil)


def make_sheet(library, people, accueil, *, publish=True, **fields):
    fields = {
        "family": ProcessSheetPage.Family.REALISATION, "pilot": people.pilot,
        "beneficiaries": "Habitants et usagers", "activities": "Accueillir\nOrienter",
        "criteria_and_methods": "Attente inférieure à 10 minutes\nEnquête annuelle",
        **fields,
    }
    sheet = f.make_document(library, ProcessSheetPage, owner_service=accueil,
                            author=people.pilot, reference="PRC-R01",
                            title="Accueil et orientation des usagers",
                            summary="Accueillir chaque usager et l'orienter.", **fields)
    if publish:
        sheet = f.publish(sheet, verifier=people.other_pilot, approver=people.quality)
    return sheet


@pytest.fixture
def sheet(library, people, accueil, world):
    sheet = make_sheet(library, people, accueil)
    world.reception.process_sheet = sheet
    world.reception.save()
    return sheet


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- the sheet's page shows the register ----------------------------------------------------------


def test_the_sheet_page_shows_the_registers_live_data(client, world, people, sheet):
    IndicatorFactory(code="IND-ACC-01", title="Appels décrochés",
                     service=world.reception.service).processes.add(world.reception)
    IndicatorFactory(code="IND-ACC-99", title="Ancien indicateur", is_active=False,
                     service=world.reception.service).processes.add(world.reception)
    risks = RiskSheetFactory(process=world.reception)
    RiskFactory(sheet=risks, reference="R-PRC-R01-01", title="Attente excessive",
                likelihood=4, severity=4)
    RiskFactory(sheet=risks, reference="R-PRC-R01-02", title="Risque archivé",
                is_active=False)
    client.force_login(people.agent)
    response = client.get(sheet.url)
    assert response.status_code == 200
    page = text(response)
    register = page.split('class="process-register"')[1]
    for expected in [
        "Attente inférieure à 10 minutes",  # the sheet's own text, above
    ]:
        assert expected in page
    upstream = register.split(_("Upstream interactions"))[1].split(_("Downstream interactions"))[0]
    downstream = register.split(_("Downstream interactions"))[1].split(_("Indicators"))[0]
    assert "PRC-R02" in upstream and "Actes délivrés" in upstream
    assert "PRC-S04" in upstream and "Logiciel de relation usagers" in upstream
    assert "PRC-R02" in downstream and "Demandes d'actes" in downstream
    assert "PRC-S04" not in downstream
    assert "IND-ACC-01" in register and "IND-ACC-99" not in register
    assert "R-PRC-R01-01" in register and str(Risk(likelihood=4, severity=4)
                                              .criticality_level.label) in register
    assert "R-PRC-R01-02" not in register
    assert reverse("processes:process", args=["PRC-R01"]) in register


def test_the_sheet_page_says_when_the_process_has_no_risk_sheet(client, world, people, sheet):
    client.force_login(people.agent)
    assert _("No risk sheet yet.") in text(client.get(sheet.url))


def test_an_archived_process_is_not_shown_on_its_sheet(client, world, people, sheet):
    world.reception.status = Process.Status.ARCHIVED
    world.reception.save()
    client.force_login(people.agent)
    assert 'class="process-register"' not in client.get(sheet.url).content.decode()


# --- the process page shows the sheet -------------------------------------------------------------


def test_the_process_page_shows_the_text_of_the_sheet_in_force(client, world, people, sheet):
    client.force_login(people.agent)
    response = client.get(reverse("processes:process", args=["PRC-R01"]))
    page = text(response)
    for expected in ["Accueillir chaque usager et l'orienter.", "Habitants et usagers",
                     "Attente inférieure à 10 minutes", sheet.url]:
        assert expected in page, expected
    assert _("No process sheet yet.") not in page


def test_a_sheet_never_published_is_not_shown_as_in_force(client, world, people, library,
                                                         accueil):
    draft = make_sheet(library, people, accueil, publish=False)
    world.reception.process_sheet = draft
    world.reception.save()
    client.force_login(people.agent)
    page = text(client.get(reverse("processes:process", args=["PRC-R01"])))
    assert _("No process sheet yet.") in page
    assert "Attente inférieure à 10 minutes" not in page


def test_the_register_links_each_process_to_its_sheet(client, world, people, sheet):
    client.force_login(people.agent)
    page = text(client.get(reverse("processes:index"))).split('id="register-title"')[1]
    row = page.split(reverse("processes:process", args=["PRC-R01"]))[1].split("</tr>")[0]
    assert sheet.url in row
    row = page.split(reverse("processes:process", args=["PRC-R02"]))[1].split("</tr>")[0]
    assert _("No process sheet yet") in row


# --- the sheet's PDF ---------------------------------------------------------------------------------


def test_the_sheet_pdf_has_its_criteria_and_the_registers_interactions(world, sheet):
    reader = PdfReader(io.BytesIO(render_document_pdf(sheet)))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Attente inférieure à 10 minutes" in content
    assert "PRC-R02" in content and "Demandes d'actes" in content
    assert "Logiciel de relation usagers" in content


def test_an_obsolete_sheet_pdf_leaves_out_the_live_register(world, sheet):
    reader = PdfReader(io.BytesIO(render_document_pdf(sheet, obsolete=True)))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Attente inférieure à 10 minutes" in content
    assert "Logiciel de relation usagers" not in content
