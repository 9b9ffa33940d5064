"""A training's certificate is read through a view that checks who may see the
training: uploads are not a public folder."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.competence import factories as cf

pytestmark = pytest.mark.django_db


def test_the_agent_and_the_pilot_read_the_certificate_others_do_not(client, people):
    training = cf.TrainingFactory(
        agent=people.agent, certificate=ContentFile(b"%PDF-1.4 attestation", name="a.pdf"))
    url = reverse("competence:certificate", args=[training.pk])
    for reader in (people.agent, people.pilot, people.quality):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200, reader
        assert b"".join(response.streaming_content) == b"%PDF-1.4 attestation"
    for outsider in (people.agent2, people.other_pilot):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, outsider


def test_the_agent_page_links_the_certificate_through_the_view(client, people):
    training = cf.TrainingFactory(
        agent=people.agent, certificate=ContentFile(b"%PDF-1.4 attestation", name="a.pdf"))
    client.force_login(people.agent)
    page = client.get(reverse("competence:agent", args=[people.agent.pk])).content.decode()
    assert reverse("competence:certificate", args=[training.pk]) in page
    assert training.certificate.url not in page
