import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from feedback.models import Answer, Survey, SurveyResponse
from feedback.selectors import survey_results
from feedback.services import (
    AlreadySubmitted,
    SurveyAnswersInvalid,
    clean_plain_text,
    survey_feed_indicators,
    survey_submit,
)
from indicators.models import Measurement
from tests.indicators.factories import IndicatorFactory

from .factories import survey_with_questions

pytestmark = pytest.mark.django_db
KEY = "k" * 24


@pytest.fixture
def survey():
    return survey_with_questions()


def _data(scale, yes_no, text, s="4", y="yes", t=""):
    return {f"q{scale.pk}": s, f"q{yes_no.pk}": y, f"q{text.pk}": t}


def test_submit_records_answers_once(survey):
    s, scale, yes_no, text = survey
    response = survey_submit(survey=s, data=_data(scale, yes_no, text, t="Très bien"),
                             submission_key=KEY)
    assert response.answers.count() == 3
    with pytest.raises(AlreadySubmitted):
        survey_submit(survey=s, data=_data(scale, yes_no, text), submission_key=KEY)
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("value", ["0", "6", "trois", "4.5"])
def test_answers_outside_the_scale_refused(survey, value):
    s, scale, yes_no, text = survey
    with pytest.raises(SurveyAnswersInvalid) as error:
        survey_submit(survey=s, data=_data(scale, yes_no, text, s=value), submission_key=KEY)
    assert list(error.value.errors) == [scale.pk]
    assert "1" in error.value.errors[scale.pk] and "5" in error.value.errors[scale.pk]
    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def test_required_and_yes_no_checked(survey):
    s, scale, yes_no, text = survey
    with pytest.raises(SurveyAnswersInvalid) as error:
        survey_submit(survey=s, data=_data(scale, yes_no, text, s="", y="maybe"),
                      submission_key=KEY)
    assert set(error.value.errors) == {scale.pk, yes_no.pk}


def test_html_is_stripped_to_plain_text():
    assert clean_plain_text("<script>alert(1)</script>Bien <b>reçu</b>") == "alert(1)Bien reçu"
    assert "<" not in clean_plain_text("<<script>script>x</script>")
    assert clean_plain_text("a < b et c > d") == "a ‹ b et c › d"


def test_closed_or_draft_survey_refuses(survey):
    s, scale, yes_no, text = survey
    s.status = Survey.Status.CLOSED
    s.save()
    with pytest.raises(ValidationError):
        survey_submit(survey=s, data=_data(scale, yes_no, text), submission_key=KEY)


def test_bad_key_refused(survey):
    s, scale, yes_no, text = survey
    with pytest.raises(ValidationError):
        survey_submit(survey=s, data=_data(scale, yes_no, text), submission_key="short")


def test_results_aggregates(survey):
    s, scale, yes_no, text = survey
    for n, (score, yes) in enumerate([("5", "yes"), ("4", "yes"), ("4", "no"), ("1", "yes")]):
        survey_submit(survey=s, data=_data(scale, yes_no, text, s=score, y=yes,
                                           t=f"Avis {n}" if n % 2 else ""),
                      submission_key=f"{n}" * 20)
    results = survey_results(s)
    assert results.response_count == 4
    r_scale, r_yes, r_text = results.questions
    assert r_scale.mean == Decimal("3.50")
    assert r_scale.distribution == {5: 1, 4: 2, 1: 1}
    assert r_scale.bars == [("1", 1), ("2", 0), ("3", 0), ("4", 2), ("5", 1)]
    assert (r_yes.yes, r_yes.no, r_yes.yes_share) == (3, 1, Decimal("75.0"))
    assert sorted(r_text.texts) == ["Avis 1", "Avis 3"]


def test_question_validation():
    s, scale, yes_no, text = survey_with_questions()
    text.indicator = IndicatorFactory()
    with pytest.raises(ValidationError):
        text.full_clean()
    s.closes_on = s.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        s.full_clean()


def test_results_feed_an_indicator(people, accueil, survey):
    s, scale, yes_no, text = survey
    s.service = accueil
    s.closes_on = datetime.date(2026, 3, 20)
    s.opens_on = datetime.date(2026, 3, 1)
    s.save()
    indicator = IndicatorFactory(service=accueil, unit="/5")
    scale.indicator = indicator
    scale.save()
    Survey.objects.filter(pk=s.pk).update(closes_on=None)  # still open to answer
    s.refresh_from_db()
    for n, score in enumerate(["5", "4"]):
        survey_submit(survey=s, data=_data(scale, yes_no, text, s=score),
                      submission_key=f"{n}" * 20)
    s.closes_on = datetime.date(2026, 3, 20)
    with pytest.raises(PermissionDenied):
        survey_feed_indicators(survey=s, user=people.other_pilot)
    assert survey_feed_indicators(survey=s, user=people.pilot)["created"] == 1
    measurement = Measurement.objects.get(indicator=indicator)
    assert (measurement.period, measurement.value) == ("2026-03", Decimal("4.5"))
    assert survey_feed_indicators(survey=s, user=people.pilot)["unchanged"] == 1


# --- the public page -----------------------------------------------------------------------


def _url(s):
    return reverse("feedback:public_survey", args=[s.token])


def test_public_page_needs_no_login_and_shows_no_staff_data(survey, people):
    s, scale, yes_no, text = survey
    s.created_by = people.quality
    s.save()
    response = Client().get(_url(s))
    assert response.status_code == 200
    html = response.content.decode()
    assert s.title in html and escape(scale.text) in html
    assert 'name="submission_key"' in html and "csrfmiddlewaretoken" in html
    assert people.quality.last_name not in html and "Back office" not in html
    assert "/admin/" not in html


def test_draft_survey_is_not_public(survey):
    s = survey[0]
    s.status = Survey.Status.DRAFT
    s.save()
    assert Client().get(_url(s)).status_code == 404


def test_public_post_requires_csrf(survey):
    s, scale, yes_no, text = survey
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(s), {**_data(scale, yes_no, text), "submission_key": KEY})
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def _get_form(client, s):
    response = client.get(_url(s))
    return response.context["submission_key"], client.cookies["csrftoken"].value


def test_public_submission_and_double_submission(survey):
    s, scale, yes_no, text = survey
    client = Client(enforce_csrf_checks=True)
    key, token = _get_form(client, s)
    payload = {**_data(scale, yes_no, text, t="<script>alert('x')</script>Merci"),
               "submission_key": key, "csrfmiddlewaretoken": token}
    response = client.post(_url(s), payload)
    assert response.status_code == 302
    assert response["Location"].endswith("/merci/")
    assert client.get(response["Location"]).context["already"] is False
    # The same form posted again (back button, double click): refused, nothing new
    again = client.post(_url(s), payload)
    assert again.status_code == 200 and again.context["already"] is True
    # Another browser replaying the same one-time key: refused too
    other = Client(enforce_csrf_checks=True)
    _key, other_token = _get_form(other, s)
    replay = other.post(_url(s), {**payload, "csrfmiddlewaretoken": other_token})
    assert replay.context["already"] is True
    assert SurveyResponse.objects.count() == 1
    assert Answer.objects.get(question=text).text == "alert('x')Merci"
    # The same browser opening the page again is told it already answered
    assert client.get(_url(s)).context["already"] is True


def test_public_invalid_answer_keeps_the_others(survey):
    s, scale, yes_no, text = survey
    client = Client()
    key = client.get(_url(s)).context["submission_key"]
    response = client.post(_url(s), {**_data(scale, yes_no, text, s="9", y="no",
                                              t="Mon avis détaillé"),
                                      "submission_key": key})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mon avis détaillé" in html
    assert 'value="no" checked' in html
    with translation.override("fr"):  # the public pages speak French
        expected = _("Choose a value between %(min)s and %(max)s.") % {"min": 1, "max": 5}
    assert response.context["errors"] == {f"q{scale.pk}": expected}
    assert not SurveyResponse.objects.exists()
    fixed = client.post(_url(s), {**_data(scale, yes_no, text, s="3"), "submission_key": key})
    assert fixed.status_code == 302


def test_script_is_not_rendered_as_html_in_results(survey, people):
    s, scale, yes_no, text = survey
    survey_submit(survey=s, data=_data(scale, yes_no, text, t="<script>alert(1)</script>"),
                  submission_key=KEY)
    # Even a stored tag (from an older import, say) is escaped on the results page
    Answer.objects.filter(question=text).update(text="<script>alert(2)</script>")
    client = Client()
    client.force_login(people.quality)
    html = client.get(reverse("feedback:survey_results", args=[s.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_results_page_queries_constant(survey, people, django_assert_max_num_queries):
    s, scale, yes_no, text = survey
    client = Client()
    client.force_login(people.quality)
    url = reverse("feedback:survey_results", args=[s.pk])
    client.get(url)
    for n in range(30):
        survey_submit(survey=s, data=_data(scale, yes_no, text, s=str(n % 5 + 1),
                                           t=f"Avis {n}"), submission_key=f"key-{n:020d}")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.context["results"].response_count == 30
    assert response.content.decode().count("<svg") == 2


def test_results_permissions(survey, people, accueil, etat_civil):
    s = survey[0]
    s.service = accueil
    s.save()
    url = reverse("feedback:survey_results", args=[s.pk])
    for user, status in [(people.quality, 200), (people.pilot, 200), (people.agent, 200),
                         (people.other_pilot, 403), (people.other_agent, 403)]:
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status, user
    assert Client().get(url).status_code == 302  # staff page: login
