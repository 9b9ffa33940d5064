"""PDF export of controlled documents: controlled-copy header and footer on every page,
French text, body blocks, obsolete marking, and the intranet routes."""

import io
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from documents.models import ProcessSheetPage
from documents.pdf import render_document_pdf, rich_text_flowables
from qms import pdf as qms_pdf
from tests import factories as f

TITLE = "Procédure d'accueil des usagers à l'état civil"
LOREM = (
    "L'agent d'accueil reçoit l'usager, vérifie l'objet de sa demande et l'oriente vers "
    "le guichet compétent ; il s'assure que les pièces justificatives sont complètes, "
    "explique les délais de traitement et remet un récépissé daté. "
)


def long_body():
    body = [
        ("heading", {"text": "Objet et domaine d'application", "level": "h2"}),
        ("paragraph", "<p>Au <b>cœur</b> du service, l'agent vérifie l'identité "
                      "de l'usager &amp; consigne <i>chaque</i> demande &lt;urgente&gt;.</p>"
                      "<ul><li>Pièce d'identité en cours de validité</li>"
                      "<li>Justificatif de domicile</li></ul>"
                      "<ol><li>Accueillir l'usager</li><li>Enregistrer la demande</li></ol>"),
        ("steps", ["Vérifier le livret de famille", "Saisir l'acte dans le logiciel"]),
        ("table", {
            "data": [["Étape", "Responsable"], ["Réception", "Agent d'accueil"],
                     ["Validation", None]],
            "first_row_is_table_header": True,
        }),
        ("note", {"kind": "warning", "text": "<p>Ne jamais remettre un acte sans contrôle.</p>"}),
    ]
    for section in range(1, 7):
        body.append(("heading", {"text": f"Section {section} : déroulé", "level": "h3"}))
        body += [("paragraph", f"<p>{LOREM * 3}</p>")] * 5
    return body


@pytest.fixture
def staff():
    svc = f.ServiceFactory(code="etc", name="État civil")
    return {
        "service": svc,
        "author": f.UserFactory(service=svc, first_name="Hélène", last_name="Lefèvre"),
        "pilot": f.pilot(service=svc),
        "quality": f.quality_engineer(),
        "agent": f.agent(service=svc),
    }


@pytest.fixture
def procedure(library, staff):
    page = f.make_document(
        library, owner_service=staff["service"], author=staff["author"],
        reference="PRO-ETC-001", title=TITLE, body=long_body(), applies_to=[staff["service"]],
        summary="Garantir un accueil homogène des usagers.",
    )
    return f.publish(page, verifier=staff["pilot"], approver=staff["quality"])


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def fr(msgid: str) -> str:
    with translation.override("fr"):
        return gettext(msgid)


def test_header_and_footer_on_every_page(procedure):
    texts = pages_text(render_document_pdf(procedure))
    total = len(texts)
    assert total >= 3
    approved = timezone.localtime(procedure.approved_at).strftime("%d/%m/%Y")
    for number, text in enumerate(texts, start=1):
        assert "PRO-ETC-001" in text
        assert TITLE in text
        assert fr("Version %(number)s") % {"number": 1} in text
        assert approved in text
        assert fr("Page %(page)s/%(pages)s") % {"page": number, "pages": total} in text
        assert fr("Uncontrolled copy once printed") in text
    assert fr("Obsolete version").upper() not in " ".join(texts)


def test_body_blocks_and_french_text(procedure, staff):
    text = " ".join(pages_text(render_document_pdf(procedure)))
    assert "cœur" in text
    assert "l'usager & consigne chaque demande <urgente>" in text
    for expected in [
        "Objet et domaine d'application",
        "Section 6 : déroulé",
        "Pièce d'identité en cours de validité",
        "Justificatif de domicile",
        "Enregistrer la demande",
        "Vérifier le livret de famille",
        "Saisir l'acte dans le logiciel",
        "Étape", "Responsable", "Agent d'accueil",
        "Ne jamais remettre un acte sans contrôle.",
        "État civil",  # owner service
        "Hélène Lefèvre",  # author
        "Garantir un accueil homogène des usagers.",
        "Création du document",  # change summary
    ]:
        assert expected in text, expected
    assert re.search(r"2\.? ?Enregistrer la demande", text)  # numbered list
    assert re.search(rf"{re.escape(fr('Warning'))}\s*:\s*Ne jamais", text)


def test_obsolete_marking(procedure):
    texts = pages_text(render_document_pdf(procedure, obsolete=True))
    marking = fr("Obsolete version").upper()
    assert all(marking in text for text in texts)


def test_process_sheet_identity_and_document_link(library, staff, procedure):
    page = f.make_document(
        library, ProcessSheetPage, owner_service=staff["service"], author=staff["author"],
        reference="PRC-ETC-001", title="Délivrer les actes d'état civil",
        family=ProcessSheetPage.Family.REALISATION, pilot=staff["pilot"],
        beneficiaries="Usagers, notaires", activities="Instruire\nDélivrer",
        criteria_and_methods="Double contrôle des actes",
        body=[("document_link", {"page": procedure, "label": "Accueil des usagers"})],
    )
    page = f.publish(page, verifier=staff["pilot"], approver=staff["quality"])
    text = " ".join(pages_text(render_document_pdf(page)))
    for expected in ["Usagers, notaires", "Instruire", "Délivrer", "Double contrôle des actes",
                     str(ProcessSheetPage.Family.REALISATION.label), str(staff["pilot"]),
                     "→ Accueil des usagers (PRO-ETC-001)"]:
        assert expected in text, expected


@pytest.fixture
def bundled_fonts(monkeypatch):
    """Render with reportlab's bundled Vera fonts, as on a machine without DejaVu."""

    def reset():
        qms_pdf.register_fonts.cache_clear()
        qms_pdf.get_styles.cache_clear()

    reset()
    monkeypatch.setattr(qms_pdf, "FONT_FAMILIES", qms_pdf.FONT_FAMILIES[-1:])
    yield
    monkeypatch.undo()
    reset()


def test_fallback_fonts_keep_french_text(procedure, bundled_fonts):
    text = " ".join(pages_text(render_document_pdf(procedure)))
    assert qms_pdf.get_styles()["body"].fontName == "QMS-Vera"
    assert TITLE in text
    assert "cœur" in text
    assert qms_pdf.glyph("→", "->") == "->"  # Vera has no arrow


def test_rich_text_converter():
    from reportlab.platypus import ListFlowable, Paragraph

    first, items = rich_text_flowables(
        "<p>Texte <b>gras</b></p><ol><li>un</li><li>deux</li></ol>", prefix="<b>Note :</b> "
    )
    assert isinstance(first, Paragraph)
    assert first.text == "<b>Note :</b> Texte <b>gras</b>"  # the label leads the paragraph
    assert isinstance(items, ListFlowable)
    # Badly nested or unclosed markup still gives something to draw.
    html = "<p>a <b>b <i>c</b> d</i></p><li>stray</li></ul><ol><li>x<ul><li>y</ol>&amp;"
    assert rich_text_flowables(html)


def test_intranet_pdf_routes(client, procedure, staff):
    client.force_login(staff["agent"])
    response = client.get(procedure.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert fr("Obsolete version").upper() not in " ".join(pages_text(response.content))

    page = procedure.specific
    page.change_summary = "Ajout des délais de traitement"
    page.save_revision(user=staff["author"])
    page = f.publish(page, verifier=staff["pilot"], approver=staff["quality"])
    assert page.version == 2

    current = pages_text(client.get(page.url + "pdf/").content)
    assert fr("Version %(number)s") % {"number": 2} in current[0]

    response = client.get(page.url + "version/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    old = pages_text(response.content)
    assert fr("Version %(number)s") % {"number": 1} in old[0]
    assert all(fr("Obsolete version").upper() in text for text in old)
