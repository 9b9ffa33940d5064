"""The citizens' pages stand alone: their own layout (language, municipality's name, skip
link, main landmark, footer), no intranet navigation and no link to a page that asks for a
login; the survey form keeps its CSRF token and one-time key."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from feedback.models import Survey, SurveyResponse
from feedback.templatetags.feedback_tags import municipality_name_from

from .factories import CommitmentFactory, survey_with_questions

pytestmark = pytest.mark.django_db

# Where a citizen's page may link: itself and the other public pages, the assets, the
# language switch. Everything else on the site asks for a login.
OPEN_TO_CITIZENS = ("#", "/public/", "/static/", "/i18n/")


def _public_pages(client):
    survey, *_questions = survey_with_questions(title="Votre avis sur l'accueil")
    closed, *_rest = survey_with_questions(title="Enquête close", status=Survey.Status.CLOSED)
    CommitmentFactory(title="Répondre sous 15 jours")
    return {
        "survey": client.get(survey.get_public_url()),
        "thanks": client.get(reverse("feedback:public_survey_thanks", args=[survey.token])),
        "closed": client.get(closed.get_public_url()),
        "commitments": client.get(reverse("feedback:public_commitments")),
    }


def _links(html):
    return re.findall(r'(?:href|action)="([^"]*)"', html)


def test_public_pages_have_their_own_layout(settings):
    settings.QMS_MUNICIPALITY_NAME = "Ville de Belleville-sur-Loire"
    pages = _public_pages(Client())
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<html lang="fr">' in html, name
        assert 'href="#main"' in html and '<main id="main"' in html, name
        assert "<footer" in html and "Ville de Belleville-sur-Loire" in html, name
        assert 'class="main-nav"' not in html and "header-search" not in html, name
        for link in _links(html):
            assert link.startswith(OPEN_TO_CITIZENS), (name, link)
        assert 'href="/actions/' not in html and 'href="/admin/' not in html, name
        for intranet_word in ("Back office", "Log out", "Action plan"):
            with translation.override("fr"):
                assert translation.gettext(intranet_word) not in html, (name, intranet_word)


def test_public_pages_show_no_intranet_nav_even_to_a_logged_in_agent(people):
    client = Client()
    client.force_login(people.agent)
    for name, response in _public_pages(client).items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert people.agent.username not in html, name
        for link in _links(html):
            assert link.startswith(OPEN_TO_CITIZENS), (name, link)


def test_public_page_language_follows_the_active_language(settings):
    survey, *_questions = survey_with_questions()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(survey.get_public_url()).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


@override_settings(WAGTAIL_SITE_NAME="Qualité — Ville de Saint-Exemple", QMS_MUNICIPALITY_NAME="")
def test_municipality_name_falls_back_on_the_site_name():
    from django.conf import settings

    assert municipality_name_from(settings) == "Ville de Saint-Exemple"
    html = Client().get(reverse("feedback:public_commitments")).content.decode()
    assert "Ville de Saint-Exemple" in html


@override_settings(QMS_MUNICIPALITY_NAME="Commune de Port-Exemple")
def test_municipality_name_is_set_by_its_setting():
    html = Client().get(reverse("feedback:public_commitments")).content.decode()
    assert "Commune de Port-Exemple" in html


def test_public_survey_form_still_works_with_csrf_and_one_time_key():
    survey, scale, yes_no, text = survey_with_questions()
    client = Client(enforce_csrf_checks=True)
    response = client.get(survey.get_public_url())
    html = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', html).group(1)
    data = {"csrfmiddlewaretoken": token, "submission_key": key,
            f"q{scale.pk}": "5", f"q{yes_no.pk}": "yes", f"q{text.pk}": "Merci"}
    # without the CSRF token: refused
    assert client.post(survey.get_public_url(), {
        k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}).status_code == 403
    response = client.post(survey.get_public_url(), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:public_survey_thanks", args=[survey.token])
    # the same form sent again from another browser (no session): refused, not duplicated
    other = Client()
    again = other.post(survey.get_public_url(), {
        k: v for k, v in data.items() if k != "csrfmiddlewaretoken"})
    assert again.status_code == 200 and again.context["already"] is True
    assert SurveyResponse.objects.count() == 1


def test_public_survey_queries_constant(django_assert_max_num_queries):
    survey, *_questions = survey_with_questions()
    with django_assert_max_num_queries(6):
        assert Client().get(survey.get_public_url()).status_code == 200
