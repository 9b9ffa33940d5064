"""A survey's results as PDF, read back with pypdf: title, period, number of responses,
each question with its figures, the free-text answers escaped and capped."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from pypdf import PdfReader

from feedback import pdf as feedback_pdf
from feedback.models import Survey
from feedback.selectors import survey_results
from feedback.services import survey_submit

from .factories import SurveyFactory, survey_with_questions

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _submit(survey, scale, yes_no, text, n, *, s="4", y="yes", t=""):
    survey_submit(survey=survey, data={f"q{scale.pk}": s, f"q{yes_no.pk}": y,
                                       f"q{text.pk}": t}, submission_key=f"key-{n:020d}")


@pytest.fixture
def answered_survey(accueil):
    survey, scale, yes_no, text = survey_with_questions(service=accueil,
                                                        title="Accueil de la mairie")
    _submit(survey, scale, yes_no, text, 1, s="5", t="Très bien <b>merci</b> & bravo")
    _submit(survey, scale, yes_no, text, 2, s="3", y="no")
    _submit(survey, scale, yes_no, text, 3, s="4", t="Attente un peu longue")
    return survey, scale, yes_no, text


def test_pdf_holds_titles_count_and_answers(people, answered_survey):
    survey, scale, yes_no, text = answered_survey
    response = _client(people.pilot).get(
        reverse("feedback:survey_results_pdf", args=[survey.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = _text(response.content)
    assert survey.title in content
    for question in (scale, yes_no, text):
        assert question.text in content
    with translation.override("fr"):
        assert ngettext("%(count)s response", "%(count)s responses", 3) % {"count": 3} \
            in content
        assert gettext("Mean: %(mean)s / 5") % {"mean": "4.00"} in content
    assert survey.opens_on.strftime("%d/%m/%Y") in content
    assert survey.closes_on.strftime("%d/%m/%Y") in content
    assert "Très bien merci & bravo" in content and "Attente un peu longue" in content


def test_free_texts_escaped_and_capped(accueil, monkeypatch):
    monkeypatch.setattr(feedback_pdf, "MAX_TEXTS", 2)
    survey, scale, yes_no, text = survey_with_questions(service=accueil)
    for n in range(5):
        _submit(survey, scale, yes_no, text, n, t=f"Avis {n} <i>x</i> & <para>")
    with translation.override("fr"):
        content = _text(feedback_pdf.render_survey_results(survey_results(survey)))
        rest = ngettext("… and %(count)s other answer, not printed.",
                        "… and %(count)s other answers, not printed.", 3) % {"count": 3}
    assert content.count("Avis ") == 2
    assert " ".join(rest.split()) in content


def test_pdf_of_a_survey_without_responses(people):
    survey = SurveyFactory(title="Enquête interne", status=Survey.Status.DRAFT,
                           opens_on=None, closes_on=None)
    response = _client(people.quality).get(
        reverse("feedback:survey_results_pdf", args=[survey.pk]))
    assert response.status_code == 200
    assert "Enquête interne" in _text(response.content)


def test_pdf_permissions(people, answered_survey):
    survey, *_questions = answered_survey
    url = reverse("feedback:survey_results_pdf", args=[survey.pk])
    assert _client(people.agent).get(url).status_code == 200  # members of the service read
    assert _client(people.quality).get(url).status_code == 200
    assert _client(people.other_agent).get(url).status_code == 403
    assert _client(people.other_pilot).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_results_page_links_to_pdf_and_building(people, answered_survey):
    survey, *_questions = answered_survey
    html = _client(people.pilot).get(
        reverse("feedback:survey_results", args=[survey.pk])).content.decode()
    assert reverse("feedback:survey_results_pdf", args=[survey.pk]) in html
    assert reverse("feedback:survey_build", args=[survey.pk]) in html
    html = _client(people.agent).get(
        reverse("feedback:survey_results", args=[survey.pk])).content.decode()
    assert reverse("feedback:survey_results_pdf", args=[survey.pk]) in html
    assert reverse("feedback:survey_build", args=[survey.pk]) not in html
