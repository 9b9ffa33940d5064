"""Building a survey on the intranet: its owner (a pilot of its service) or the quality
engineer creates it and writes, changes, reorders and removes its questions while no
response exists; once answers exist its questions are frozen (nothing lost)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from feedback.models import Question, Survey
from feedback.services import (
    SurveyLocked,
    question_add,
    question_move,
    question_remove,
    question_update,
    survey_create,
    survey_submit,
    survey_update,
)

from .factories import QuestionFactory, SurveyFactory, survey_with_questions

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _fr(text):
    with translation.override("fr"):
        return gettext(text)


def _answer(survey, key="k" * 24):
    questions = list(survey.questions.all())
    data = {f"q{q.pk}": {"scale": "4", "yes_no": "yes", "text": "Bien"}[q.kind]
            for q in questions}
    return survey_submit(survey=survey, data=data, submission_key=key)


def _orders(survey):
    return list(survey.questions.order_by("order").values_list("text", flat=True))


# --- services -------------------------------------------------------------------------------


def test_pilot_creates_a_survey_and_writes_its_questions(people, accueil):
    survey = survey_create(user=people.pilot, title="  Accueil  ", service=accueil)
    assert survey.status == Survey.Status.DRAFT and survey.title == "Accueil"
    assert survey.created_by == people.pilot
    first = question_add(survey=survey, user=people.pilot, text="Satisfait ?")
    second = question_add(survey=survey, user=people.pilot, text="Réponse obtenue ?",
                          kind=Question.Kind.YES_NO)
    third = question_add(survey=survey, user=people.pilot, text="Suggestions",
                         kind=Question.Kind.TEXT, required=False)
    assert [first.order, second.order, third.order] == [1, 2, 3]
    assert first.history.get().history_user == people.pilot

    question_move(question=third, user=people.pilot, direction="up")
    assert _orders(survey) == ["Satisfait ?", "Suggestions", "Réponse obtenue ?"]
    question_move(question=first, user=people.pilot, direction="up")  # already first
    assert _orders(survey) == ["Satisfait ?", "Suggestions", "Réponse obtenue ?"]
    question_move(question=first, user=people.pilot, direction="down")
    assert _orders(survey) == ["Suggestions", "Satisfait ?", "Réponse obtenue ?"]

    question_update(question=first, user=people.pilot, text="Êtes-vous satisfait ?",
                    kind=Question.Kind.YES_NO)
    first.refresh_from_db()
    assert first.text == "Êtes-vous satisfait ?" and first.kind == Question.Kind.YES_NO
    assert first.history.first().history_user == people.pilot

    question_remove(question=third, user=people.pilot)
    assert _orders(survey) == ["Êtes-vous satisfait ?", "Réponse obtenue ?"]
    assert list(survey.questions.values_list("order", flat=True)) == [1, 2]
    deleted = Question.history.filter(id=third.pk, history_type="-").get()
    assert deleted.history_user == people.pilot and deleted.text == "Suggestions"

    survey_update(survey=survey, user=people.pilot, status=Survey.Status.OPEN)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_survey_cannot_open_without_questions(people, accueil):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        survey_create(user=people.quality, title="Vide", status=Survey.Status.OPEN)
    assert "status" in error.value.message_dict
    survey = survey_create(user=people.quality, title="Vide")
    with pytest.raises(ValidationError):
        survey_update(survey=survey, user=people.quality, status=Survey.Status.OPEN)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_questions_frozen_once_answers_exist(people, accueil):
    survey, scale, yes_no, text = survey_with_questions(service=accueil)
    _answer(survey)
    before = list(Question.objects.order_by("pk").values())
    for attempt in (
        lambda: question_add(survey=survey, user=people.pilot, text="Nouvelle"),
        lambda: question_update(question=scale, user=people.pilot, text="Changée"),
        lambda: question_move(question=yes_no, user=people.pilot, direction="up"),
        lambda: question_remove(question=text, user=people.pilot),
    ):
        with pytest.raises(SurveyLocked) as error:
            attempt()
        assert error.value.code == "survey_locked"
        assert error.value.messages == [_fr(
            "This survey already has responses: its questions can no longer be changed, so "
            "that the answers keep their meaning. Nothing was changed. To ask other "
            "questions, create a new survey.")]
    assert list(Question.objects.order_by("pk").values()) == before
    # the survey's own settings may still change (close it, correct a date)
    survey_update(survey=survey, user=people.pilot, status=Survey.Status.CLOSED)


def test_who_may_build_a_survey(people, accueil, etat_civil):
    with pytest.raises(PermissionDenied):
        survey_create(user=people.agent, title="X", service=accueil)
    with pytest.raises(PermissionDenied):
        survey_create(user=people.other_pilot, title="X", service=accueil)
    with pytest.raises(PermissionDenied):  # municipality-wide: the quality engineer's
        survey_create(user=people.pilot, title="X", service=None)
    assert survey_create(user=people.quality, title="Ville", service=None).pk
    survey = SurveyFactory(service=accueil, status=Survey.Status.DRAFT)
    question = QuestionFactory(survey=survey)
    for user in (people.agent, people.other_pilot):
        with pytest.raises(PermissionDenied):
            question_add(survey=survey, user=user, text="X")
        with pytest.raises(PermissionDenied):
            question_update(question=question, user=user, text="X")
        with pytest.raises(PermissionDenied):
            question_move(question=question, user=user, direction="down")
        with pytest.raises(PermissionDenied):
            question_remove(question=question, user=user)
        with pytest.raises(PermissionDenied):
            survey_update(survey=survey, user=user, title="X")
    with pytest.raises(PermissionDenied):  # a pilot cannot move it out of their services
        survey_update(survey=survey, user=people.pilot, service=etat_civil)
    assert Question.objects.filter(survey=survey).count() == 1


# --- pages ----------------------------------------------------------------------------------


def test_survey_list_links_to_building(people, accueil, etat_civil):
    mine = SurveyFactory(service=accueil, title="Accueil")
    other = SurveyFactory(service=etat_civil, title="État civil")
    html = _client(people.pilot).get(reverse("feedback:survey_list")).content.decode()
    assert reverse("feedback:survey_create") in html
    assert reverse("feedback:survey_build", args=[mine.pk]) in html
    html = _client(people.quality).get(reverse("feedback:survey_list")).content.decode()
    assert reverse("feedback:survey_build", args=[other.pk]) in html
    html = _client(people.agent).get(reverse("feedback:survey_list")).content.decode()
    assert reverse("feedback:survey_create") not in html
    assert reverse("feedback:survey_build", args=[mine.pk]) not in html


def test_survey_list_queries_constant(people, accueil, django_assert_max_num_queries):
    client = _client(people.pilot)
    url = reverse("feedback:survey_list")
    SurveyFactory(service=accueil)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    SurveyFactory.create_batch(15, service=accueil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["surveys"]) == 16


def test_pilot_builds_a_survey_through_the_pages(people, accueil):
    client = _client(people.pilot)
    response = client.post(reverse("feedback:survey_create"), {
        "title": "Accueil du public", "audience": "external", "service": accueil.pk,
        "intro": "Deux minutes.", "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + datetime.timedelta(days=30)).isoformat()})
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:survey_build", args=[survey.pk])
    add = reverse("feedback:question_add", args=[survey.pk])
    for text, kind in (("Satisfait ?", "scale"), ("Réponse ?", "yes_no"),
                       ("Suggestions", "text")):
        response = client.post(add, {"question-text": text, "question-kind": kind,
                                     "question-required": "on"})
        assert response.status_code == 302
    refused = client.post(add, {"question-text": "", "question-kind": "scale"})
    assert refused.status_code == 400 and "text" in refused.context["question_form"].errors
    first, second, third = survey.questions.order_by("order")
    client.post(reverse("feedback:question_move", args=[survey.pk, third.pk]),
                {"direction": "up"})
    assert _orders(survey) == ["Satisfait ?", "Suggestions", "Réponse ?"]
    edit = reverse("feedback:question_edit", args=[survey.pk, second.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"question-text": "Avez-vous eu une réponse ?",
                                  "question-kind": "yes_no"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.text == "Avez-vous eu une réponse ?" and not second.required
    client.post(reverse("feedback:question_remove", args=[survey.pk, first.pk]))
    assert _orders(survey) == ["Suggestions", "Avez-vous eu une réponse ?"]
    page = client.get(reverse("feedback:survey_build", args=[survey.pk]))
    html = page.content.decode()
    assert "Suggestions" in html and 'for="id_question-text"' in html
    response = client.post(reverse("feedback:survey_build", args=[survey.pk]), {
        "title": "Accueil du public", "audience": "external", "service": accueil.pk,
        "opens_on": TODAY.isoformat(), "status": "open"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.intro == ""


def test_build_pages_refuse_question_changes_once_answered(people, accueil):
    survey, scale, yes_no, text = survey_with_questions(service=accueil)
    _answer(survey)
    client = _client(people.pilot)
    page = client.get(reverse("feedback:survey_build", args=[survey.pk])).content.decode()
    message = _fr("This survey already has responses: its questions can no longer be "
                  "changed, so that the answers keep their meaning. To ask other questions, "
                  "create a new survey.")
    import html as html_lib

    assert message in html_lib.unescape(page)
    assert reverse("feedback:question_remove", args=[survey.pk, text.pk]) not in page
    before = list(Question.objects.order_by("pk").values())
    response = client.post(reverse("feedback:question_remove", args=[survey.pk, text.pk]),
                           follow=True)
    refused = [str(m) for m in response.context["messages"]]
    assert _fr("This survey already has responses: its questions can no longer be changed, "
               "so that the answers keep their meaning. Nothing was changed. To ask other "
               "questions, create a new survey.") in refused
    client.post(reverse("feedback:question_add", args=[survey.pk]),
                {"question-text": "Nouvelle", "question-kind": "scale"})
    client.post(reverse("feedback:question_move", args=[survey.pk, yes_no.pk]),
                {"direction": "up"})
    response = client.post(reverse("feedback:question_edit", args=[survey.pk, scale.pk]),
                           {"question-text": "Changée", "question-kind": "scale"})
    assert response.status_code == 302
    assert list(Question.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("who", ["agent", "other_pilot"])
def test_build_pages_forbidden_to_others(people, accueil, who):
    survey = SurveyFactory(service=accueil, status=Survey.Status.DRAFT)
    question = QuestionFactory(survey=survey, text="Inchangée")
    client = _client(getattr(people, who))
    assert client.get(reverse("feedback:survey_build", args=[survey.pk])).status_code == 403
    assert client.post(reverse("feedback:question_add", args=[survey.pk]),
                       {"question-text": "X", "question-kind": "scale"}).status_code == 403
    assert client.get(reverse("feedback:question_edit",
                              args=[survey.pk, question.pk])).status_code == 403
    assert client.post(reverse("feedback:question_move", args=[survey.pk, question.pk]),
                       {"direction": "down"}).status_code == 403
    assert client.post(reverse("feedback:question_remove",
                               args=[survey.pk, question.pk])).status_code == 403
    assert list(survey.questions.values_list("text", flat=True)) == ["Inchangée"]


def test_agent_cannot_create_a_survey(people, accueil):
    client = _client(people.agent)
    assert client.get(reverse("feedback:survey_create")).status_code == 403
    assert client.post(reverse("feedback:survey_create"), {
        "title": "X", "audience": "external", "service": accueil.pk}).status_code == 403
    assert not Survey.objects.exists()


def test_pilot_may_only_choose_their_services(people, accueil, etat_civil):
    client = _client(people.pilot)
    form = client.get(reverse("feedback:survey_create")).context["form"]
    assert list(form.fields["service"].queryset) == [accueil]
    assert form.fields["service"].required and "status" not in form.fields
    response = client.post(reverse("feedback:survey_create"), {
        "title": "X", "audience": "external", "service": etat_civil.pk})
    assert response.status_code == 200 and "service" in response.context["form"].errors
    assert not Survey.objects.exists()


def test_question_of_another_survey_is_not_found(people, accueil):
    survey = SurveyFactory(service=accueil, status=Survey.Status.DRAFT)
    elsewhere = QuestionFactory(survey=SurveyFactory(service=accueil))
    client = _client(people.pilot)
    assert client.post(reverse("feedback:question_remove",
                               args=[survey.pk, elsewhere.pk])).status_code == 404
    assert Question.objects.filter(pk=elsewhere.pk).exists()


def test_back_office_refuses_question_changes_once_answered(people, accueil):
    survey, scale, yes_no, text = survey_with_questions(service=accueil)
    client = _client(people.quality)
    edit = reverse("wagtailsnippets_feedback_question:edit", args=[scale.pk])
    data = {"survey": survey.pk, "order": 1, "kind": "scale", "required": "on",
            "text": "Changée avant les réponses", "help_text": "", "indicator": ""}
    assert client.post(edit, data).status_code == 302
    _answer(survey)
    data["text"] = "Changée après les réponses"
    response = client.post(edit, data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    add = reverse("wagtailsnippets_feedback_question:add")
    response = client.post(add, {**data, "text": "Ajoutée après les réponses"})
    assert response.status_code == 200
    scale.refresh_from_db()
    assert scale.text == "Changée avant les réponses"
    assert survey.questions.count() == 3


def test_build_page_queries_constant(people, accueil, django_assert_max_num_queries):
    survey = SurveyFactory(service=accueil, status=Survey.Status.DRAFT)
    QuestionFactory(survey=survey)
    client = _client(people.pilot)
    url = reverse("feedback:survey_build", args=[survey.pk])
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    QuestionFactory.create_batch(15, survey=survey)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["questions"]) == 16
