"""Read acknowledgements: requested at each new version from the readers of the services
the document applies to; rates per document and per service; who is missing."""

import pytest
from django.core import mail
from django.urls import reverse

from documents import selectors, services
from documents.models import Acknowledgement
from tests import factories as f


def test_publication_requests_acknowledgement_from_the_services_readers(published, people):
    requested = set(
        Acknowledgement.objects.filter(version__page=published).values_list(
            "user__username", flat=True
        )
    )
    assert requested == {"pilote", "agent", "agent2"}  # the Accueil service only
    assert all(a.acknowledged_at is None for a in Acknowledgement.objects.all())


def test_sub_services_of_a_direction_are_readers(library, people, accueil):
    direction = f.ServiceFactory(code="dir-pop", name="Direction de la population")
    accueil.parent = direction
    accueil.save()
    page = f.make_document(library, owner_service=accueil, author=people.agent,
                           reference="GOV-001", applies_to=[direction])
    f.publish(page, verifier=people.pilot, approver=people.quality)
    assert Acknowledgement.objects.filter(version__page=page).count() == 3


def test_readers_are_emailed(draft, people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        f.publish(draft, verifier=people.pilot, approver=people.quality)
    recipients = sorted(m.to[0] for m in mail.outbox if "PRO-ACC-001" in m.subject)
    assert recipients == ["agent2@mairie.example", "agent@mairie.example",
                          "pilote@mairie.example"]


def test_acknowledge_is_idempotent(published, people):
    first = services.document_acknowledge(page=published, user=people.agent)
    second = services.document_acknowledge(page=published, user=people.agent)
    assert first.pk == second.pk and first.acknowledged_at == second.acknowledged_at


def test_reader_outside_the_services_may_still_acknowledge(published, people):
    ack = services.document_acknowledge(page=published, user=people.other_agent)
    assert ack.acknowledged_at and ack.service == people.other_agent.service


def test_new_version_asks_again(published, people):
    services.document_acknowledge(page=published, user=people.agent)
    assert selectors.pending_acknowledgements(people.agent) == []
    page = published.__class__.objects.get(pk=published.pk)
    page.change_summary = "Nouvelle version"
    page.save_revision(user=people.agent2)
    f.publish(page, verifier=people.pilot, approver=people.quality)
    pending = selectors.pending_acknowledgements(people.agent)
    assert [(a.version.page_id, a.version.number) for a in pending] == [(page.pk, 2)]


def test_pending_list_forgets_withdrawn_documents(published, people):
    assert len(selectors.pending_acknowledgements(people.agent)) == 1
    published.unpublish(user=people.quality)
    assert selectors.pending_acknowledgements(people.agent) == []


def test_rates_per_document_and_service(published, people, library, etat_civil):
    other = f.make_document(library, owner_service=etat_civil, author=people.other_agent,
                            reference="PRO-EC-001", applies_to=[etat_civil, people.agent.service])
    other = f.publish(other, verifier=people.other_pilot, approver=people.quality)
    services.document_acknowledge(page=published, user=people.agent)
    services.document_acknowledge(page=other, user=people.other_agent)
    services.document_acknowledge(page=other, user=people.agent2)
    by_doc = {r["version__reference"]: (r["done"], r["requested"], r["rate"])
              for r in selectors.acknowledgement_rates_by_document()}
    assert by_doc == {"PRO-ACC-001": (1, 3, 33), "PRO-EC-001": (2, 5, 40)}
    by_service = {r["service__name"]: (r["done"], r["requested"])
                  for r in selectors.acknowledgement_rates_by_service()}
    assert by_service == {"Accueil – Guichet unique": (2, 6), "État civil": (1, 2)}
    missing = {a.user.username for a in selectors.missing_acknowledgements(published)}
    assert missing == {"pilote", "agent2"}


def test_report_pages_by_role(client, published, people):
    url = reverse("documents:acknowledgement_report")
    client.force_login(people.agent)
    assert client.get(url).status_code == 403
    client.force_login(people.quality)
    response = client.get(url)
    assert response.status_code == 200 and "PRO-ACC-001" in response.content.decode()
    missing_url = reverse("documents:acknowledgement_missing", args=[published.pk])
    html = client.get(missing_url).content.decode()
    assert "agent2" in html or str(people.agent2) in html


@pytest.mark.parametrize("role", ["Auditeur", "Direction"])
def test_oversight_roles_read_the_report(client, published, role):
    user = f.UserFactory(role=role)
    client.force_login(user)
    assert client.get(reverse("documents:acknowledgement_report")).status_code == 200


def test_pilot_sees_only_own_service_in_report(client, published, people, library, etat_civil):
    other = f.make_document(library, owner_service=etat_civil, author=people.other_agent,
                            reference="PRO-EC-002", applies_to=[etat_civil])
    f.publish(other, verifier=people.other_pilot, approver=people.quality)
    client.force_login(people.pilot)
    html = client.get(reverse("documents:acknowledgement_report")).content.decode()
    assert "PRO-ACC-001" in html and "PRO-EC-002" not in html
