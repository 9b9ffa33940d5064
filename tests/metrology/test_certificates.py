"""A verification's certificate is read through a view that checks who may see the
resource: uploads are not a public folder."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from metrology import services
from metrology.models import Verification

pytestmark = pytest.mark.django_db


def _verified(ticketing, people):
    return services.verification_record(
        resource=ticketing, performed_on=datetime.date.today() - datetime.timedelta(days=3),
        result=Verification.Result.CONFORM, performed_by="Société Qmatic",
        certificate=ContentFile(b"%PDF-1.4 rapport", name="rapport.pdf"), user=people.quality)


def test_the_service_reads_the_certificate_another_service_does_not(client, people,
                                                                    ticketing):
    verification = _verified(ticketing, people)
    url = reverse("metrology:certificate", args=[verification.pk])
    client.force_login(people.agent)  # an agent of the reception reads its resources
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 rapport"
    client.force_login(people.other_agent)
    assert client.get(url).status_code == 404


def test_the_resource_page_links_the_certificate_through_the_view(client, people,
                                                                  ticketing):
    verification = _verified(ticketing, people)
    client.force_login(people.pilot)
    page = client.get(reverse("metrology:resource", args=[ticketing.pk])).content.decode()
    assert reverse("metrology:certificate", args=[verification.pk]) in page
    assert verification.certificate.url not in page
