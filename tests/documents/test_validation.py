"""Bad input is refused with a clear French message, and nothing is lost."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import nested_form_data, streamfield

from documents.models import ProcedurePage
from tests import factories as f


def form_for(page, user, parent, **data):
    form_class = ProcedurePage.get_edit_handler().get_form_class()
    values = {
        "title": "Procédure d'inscription",
        "slug": "procedure-inscription",
        "reference": "PRO-ACC-010",
        "owner_service": user.service_id,
        "author": user.pk,
        "applies_to_services": [],
        "review_period_months": 12,
        "change_summary": "Création",
        "summary": "",
        "body": streamfield([]),
    }
    values.update(data)
    return form_class(
        nested_form_data(values), instance=page, for_user=user, parent_page=parent
    )


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_valid_form(library, people):
    form = form_for(ProcedurePage(), people.pilot, library)
    assert form.is_valid(), form.errors


def test_duplicate_reference_refused(library, people, published):
    form = form_for(ProcedurePage(), people.pilot, library, reference="PRO-ACC-001")
    assert not form.is_valid()
    assert form.errors["reference"] == ["Un document portant cette référence existe déjà."]


def test_reference_format(library, people):
    form = form_for(ProcedurePage(), people.pilot, library, reference="pro acc 1")
    assert not form.is_valid()
    assert "PRO-ACC-004" in form.errors["reference"][0]


@pytest.mark.parametrize("months", [0, -3])
def test_review_period_must_be_positive(library, people, months):
    form = form_for(ProcedurePage(), people.pilot, library, review_period_months=months)
    assert not form.is_valid()
    assert "review_period_months" in form.errors


def test_change_summary_required(library, people):
    form = form_for(ProcedurePage(), people.pilot, library, change_summary="")
    assert not form.is_valid()
    assert "change_summary" in form.errors


def test_new_version_needs_a_new_change_summary(library, people, published):
    page = ProcedurePage.objects.get(pk=published.pk)
    form = form_for(page, people.pilot, library, reference="PRO-ACC-001",
                    slug=page.slug, change_summary=page.change_summary)
    assert not form.is_valid()
    assert form.errors["change_summary"] == [
        "Décrivez ce qui change dans cette nouvelle version : ce résumé est celui de la "
        "version 1."
    ]
    form = form_for(page, people.pilot, library, reference="PRO-ACC-001",
                    slug=page.slug, change_summary="Mise à jour des horaires")
    assert form.is_valid(), form.errors


def test_pilot_cannot_write_for_another_service(library, people, etat_civil):
    form = form_for(ProcedurePage(), people.pilot, library, owner_service=etat_civil.pk)
    assert not form.is_valid()
    assert form.errors["owner_service"] == [
        "Vous ne pouvez rédiger que les documents de votre propre service."
    ]


def test_quality_engineer_writes_for_any_service(library, people, etat_civil):
    form = form_for(ProcedurePage(), people.quality, library, owner_service=etat_civil.pk)
    assert form.is_valid(), form.errors


def test_pilot_cannot_open_another_service_document_in_admin(client, published, people):
    client.force_login(people.other_pilot)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[published.pk]))
    assert response.status_code in (302, 403)
    client.force_login(people.pilot)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[published.pk])).status_code == 200


def test_agents_never_enter_the_admin(client, people):
    client.force_login(people.agent)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_published_document_cannot_be_deleted(published, people):
    for user in (people.quality, people.pilot):
        assert not published.permissions_for_user(user).can_delete()


def test_admin_tells_the_author_why_they_cannot_approve(client, library, accueil, people):
    page = f.make_document(library, owner_service=accueil, author=people.quality,
                           reference="PRO-ACC-077")
    f.submit(page, people.quality)
    f.act(page, people.pilot)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(people.quality)
    html = client.get(url).content.decode()
    assert "une autre personne doit la vérifier et l'approuver" in html
    client.force_login(people.quality2)
    html = client.get(url).content.decode()
    assert "une autre personne doit" not in html
    assert "Cette étape vous revient" in html
