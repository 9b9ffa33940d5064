"""Governance documents for the tests: a quality policy and a QMS scope, created as
drafts through the real page tree (publish them with tests.factories.publish)."""

from datetime import date

from documents.models import QmsScopePage, QualityPolicyPage
from tests import factories as f

COMMITMENTS = [
    ("commitment", {"title": "Répondre à chaque usager dans les délais affichés",
                    "detail": "Accueil en moins de 10 minutes."}),
    ("commitment", {"title": "Améliorer continuellement nos services", "detail": ""}),
]
EXCLUSION_8_3 = ("exclusion", {
    "clause": "8.3", "requirement": "Conception et développement",
    "justification": "Les services de la ville sont définis par la réglementation.",
})


def make_policy(library, *, owner_service, author, applies_to, reference="POL-001", **fields):
    values = {
        "signatory_name": "Anne-Marie Vasseur",
        "signatory_title": "Maire",
        "signed_on": date(2026, 1, 15),
        "standards": ["iso-9001"],
        "commitments": COMMITMENTS,
        "title": "Politique qualité de la ville",
    }
    values.update(fields)
    return f.make_document(
        library, QualityPolicyPage, owner_service=owner_service, author=author,
        reference=reference, applies_to=applies_to, **values,
    )


def make_scope(library, *, owner_service, author, services, reference="DOM-001", **fields):
    values = {
        "title": "Domaine d'application du SMQ",
        "activities": "Accueil des usagers, état civil.",
        "standards": ["iso-9001"],
        "exclusions": [EXCLUSION_8_3],
        "services": list(services),
    }
    values.update(fields)
    return f.make_document(
        library, QmsScopePage, owner_service=owner_service, author=author,
        reference=reference, **values,
    )


def agents(service, count, prefix):
    return [f.agent(username=f"{prefix}{i}", service=service) for i in range(count)]
