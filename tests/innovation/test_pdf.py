"""The contract document and the quarterly steering pack, read back with pypdf."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from actions.models import Action
from innovation import services

from .conftest import make_proposal
from .test_contracts import fund
from .test_selectors import add_contract


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_contract_document(client, seeds, contract):
    slow = fund(seeds, contract, "Refonte du site", po=30_000, pi=40_000)
    fast = fund(seeds, contract, "Standard unique", po=10_000, so=2_500)
    client.force_login(seeds.manager)
    url = reverse("innovation:contract_pdf", args=[seeds.programme.code, contract.number])
    text = pdf_text(client.get(url))
    for expected in (contract.title, slow.action.reference, "Refonte du site",
                     fast.action.reference, "Répondre à 90 % des appels.",
                     str(seeds.manager), str(seeds.referent), fr("Signatures")):
        assert expected in text, expected
    compact = text.replace(" ", "").replace("\u202f", "")
    assert "70000€" in compact and "12500€" in compact and "82500€" in compact
    signed = fr("Signed on %(date)s") % {"date": ""}
    assert signed.strip() not in text

    services.contract_sign(contract=contract, signed_on=timezone.localdate(),
                           user=seeds.coordinator)
    text = pdf_text(client.get(url))
    assert fr("Signed on %(date)s") % {
        "date": timezone.localdate().strftime("%d/%m/%Y")} in text


def test_the_steering_pack(client, seeds, contract, django_assert_max_num_queries):
    late = fund(seeds, contract, "Affichage", so=1_000)
    Action.objects.filter(pk=late.action_id).update(
        due_date=timezone.localdate() - datetime.timedelta(days=4))
    others = [add_contract(seeds, number, actions=2, late=1) for number in (3, 4)]
    waiting = make_proposal(seeds, title="Borne d'accueil interactive")
    services.proposal_submit(proposal=waiting, user=seeds.facilitator)
    services.committee_record(programme=seeds.programme, held_on=timezone.localdate(),
                              title="COPIL du 2e trimestre", user=seeds.coordinator,
                              decisions=[(contract, "Relancer le prestataire.")])
    client.force_login(seeds.coordinator)
    url = reverse("innovation:steering_pack", args=[seeds.programme.code])
    with django_assert_max_num_queries(20) as few:
        text = pdf_text(client.get(url))
    for expected in (contract.title, *(c.title for c in others), late.action.reference,
                     fr("Arbitrations needed"), waiting.reference, "Relancer le prestataire.",
                     fr("Budget consumption")):
        assert expected in text, expected
    late_references = Action.objects.late().values_list("reference", flat=True)
    assert len(late_references) == 3
    for reference in late_references:
        assert reference in text

    for number in range(10, 16):
        add_contract(seeds, number, actions=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = pdf_text(client.get(url))
    assert "Contrat d'essai 15" in text


@pytest.mark.parametrize("who, status", [("agent", 403), ("manager", 200)])
def test_who_prints_the_contract(client, seeds, contract, who, status):
    client.force_login(getattr(seeds, who))
    url = reverse("innovation:contract_pdf", args=[seeds.programme.code, contract.number])
    assert client.get(url).status_code == status
