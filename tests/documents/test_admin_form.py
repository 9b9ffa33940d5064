"""The admin form of a new controlled document starts from its writer: their service as
owner service, themselves as author."""

from django.urls import reverse


def test_new_document_form_preselects_service_and_author(client, library, people):
    client.force_login(people.pilot)
    url = reverse("wagtailadmin_pages:add", args=("documents", "procedurepage", library.pk))

    response = client.get(url)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["owner_service"].value() == people.pilot.service_id
    assert form["author"].value() == people.pilot.pk
