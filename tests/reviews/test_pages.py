import datetime
import html
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from actions.models import Action
from reviews import services
from reviews.models import ReviewDecision, Section, Status

pytestmark = pytest.mark.django_db


def fr(message: str) -> str:
    """A message as the pages show it: in French (the tests compile in English)."""
    with translation.override("fr"):
        return gettext(message)
DUE = datetime.date.today() + datetime.timedelta(days=60)


def _decide(review, people, text="Renforcer l'accueil du lundi"):
    return services.review_decide(review=review, kind=ReviewDecision.Kind.IMPROVEMENT,
                                  text=text, owner=people.pilot,
                                  service=people.pilot.service, due_date=DUE,
                                  user=people.quality)


@pytest.mark.parametrize("who, status", [("quality", 200), ("pilot", 200), ("director", 200),
                                         ("auditor", 200), ("agent", 403)])
def test_who_reads_the_reviews(client, people, director, auditor, held, who, status):
    user = {"director": director, "auditor": auditor}.get(who) or getattr(people, who)
    client.force_login(user)
    for url in (reverse("reviews:list"), held.get_absolute_url(),
                reverse("reviews:pdf", args=[held.pk])):
        assert client.get(url).status_code == status, url


def test_only_the_quality_engineer_sees_the_forms(client, people, held):
    client.force_login(people.pilot)
    page = client.get(held.get_absolute_url()).content.decode()
    assert reverse("reviews:compile", args=[held.pk]) not in page
    client.force_login(people.quality)
    page = client.get(held.get_absolute_url()).content.decode()
    assert reverse("reviews:compile", args=[held.pk]) in page
    assert reverse("reviews:comment", args=[held.pk, "d"]) in page


def test_review_page_shows_every_section(client, people, held):
    from tests.indicators.factories import IndicatorFactory

    IndicatorFactory()  # c5 then draws its chart: one indicator without data
    services.review_compile(review=held, user=people.quality)
    client.force_login(people.pilot)
    page = client.get(held.get_absolute_url()).content.decode()
    for key, _label in Section.choices:
        assert f'id="section-{key}-title"' in page
    # Every section has its module (c7: the external providers); c5 has a chart.
    assert html.unescape(page).count(fr("No data: module not available")) == 0
    assert '<svg' in page and 'role="img"' in page


@pytest.mark.parametrize("who", ["pilot", "agent"])
def test_writes_are_refused_to_others(client, people, review, who):
    client.force_login(getattr(people, who))
    for url, data in ((reverse("reviews:compile", args=[review.pk]), {}),
                      (reverse("reviews:comment", args=[review.pk, "a"]), {"comment": "x"}),
                      (reverse("reviews:validate", args=[review.pk]), {})):
        assert client.post(url, data).status_code == 403
    review.refresh_from_db()
    assert review.compiled_at is None
    assert not review.inputs.exclude(comment="").exists()


def test_quality_engineer_prepares_and_validates_from_the_page(
        client, people, review, django_capture_on_commit_callbacks):
    client.force_login(people.quality)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:compile", args=[review.pk]))
    client.post(reverse("reviews:comment", args=[review.pk, "d"]),
                {"comment": "Effectifs suffisants"})
    response = client.post(reverse("reviews:decide", args=[review.pk]), {
        "kind": "resources", "title": "Recruter", "text": "Recruter un agent",
        "owner": people.pilot.pk, "service": people.pilot.service.pk,
        "due_date": DUE.isoformat()})
    assert response.status_code == 302
    decision = review.decisions.get()
    assert Action.objects.for_source(decision).get().title == "Recruter"
    review.refresh_from_db()
    assert review.status == Status.PREPARATION
    assert review.inputs.get(section="d").comment == "Effectifs suffisants"

    response = client.post(reverse("reviews:validate", args=[review.pk]), follow=True)
    assert fr("Give the date the review was held before validating it.") in \
        html.unescape(response.content.decode())
    services.review_update(review=review, user=people.quality,
                           held_on=datetime.date.today())
    client.post(reverse("reviews:validate", args=[review.pk]))
    review.refresh_from_db()
    assert review.status == Status.VALIDATED

    response = client.post(reverse("reviews:comment", args=[review.pk, "d"]),
                           {"comment": "changed"}, follow=True)
    assert fr("A validated review can no longer be changed.") in \
        html.unescape(response.content.decode())
    assert review.inputs.get(section="d").comment == "Effectifs suffisants"


def test_bad_decision_input_is_reported(client, people, review):
    client.force_login(people.quality)
    response = client.post(reverse("reviews:decide", args=[review.pk]),
                           {"kind": "improvement", "text": ""}, follow=True)
    assert response.status_code == 200
    assert not ReviewDecision.objects.exists()
    # One message per missing field, named by its label.
    assert response.content.decode().count('class="message error"') == 4


def test_review_page_queries_are_pinned(client, people, held, django_assert_max_num_queries):
    _decide(held, people)
    client.force_login(people.pilot)
    client.get(held.get_absolute_url())  # warm the per-process caches (content types)
    with django_assert_max_num_queries(14) as one:
        assert client.get(held.get_absolute_url()).status_code == 200
    for n in range(3):
        _decide(held, people, text=f"Décision {n}")
    # The decisions' actions are read in one query, however many decisions there are.
    with django_assert_max_num_queries(len(one)):
        response = client.get(held.get_absolute_url())
    assert response.status_code == 200
    for decision in ReviewDecision.objects.filter(review=held):
        [action] = Action.objects.for_source(decision)
        assert action.reference in response.content.decode()


def test_review_list_queries_are_constant(client, people, django_assert_max_num_queries):
    from .factories import ManagementReviewFactory, ProcessReviewFactory

    ManagementReviewFactory()
    client.force_login(people.pilot)
    client.get(reverse("reviews:list"))
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("reviews:list"))
    ManagementReviewFactory.create_batch(5, status=Status.VALIDATED, validated_by=people.quality)
    ProcessReviewFactory.create_batch(3)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("reviews:list"))


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_review_pack_has_every_heading(client, people, held):
    services.review_comment_section(review=held, section="d", comment="Budget formation",
                                    user=people.quality)
    _decide(held, people, text="Ouvrir l'accueil le samedi matin")
    services.review_validate(review=held, user=people.quality)
    client.force_login(people.quality)
    response = client.get(reverse("reviews:pdf", args=[held.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for _key, label in Section.choices:
        assert " ".join(str(label).split()) in text, label
    assert "Budget formation" in text
    assert "Ouvrir l'accueil le samedi matin" in text
    assert Action.objects.get().reference in text
    assert "La revue s'est tenue en présence du maire." in text
    assert fr("No data: module not available") not in text
    assert "M. le Maire" in text


def test_compilation_runs_in_the_background_and_shows_its_progress(
        client, people, review, django_capture_on_commit_callbacks):
    """The compile button starts a task; until it has run, the page shows a progress bar
    fed by the status URL, and a second start is refused; then every section is there."""
    client.force_login(people.quality)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reviews:compile", args=[review.pk]), follow=True)
    page = html.unescape(response.content.decode())
    assert "<progress" in page and fr("Compiling the inputs from the data of the period") in page
    status_url = reverse("reviews:compile_status", args=[review.pk])
    assert f'data-status-url="{status_url}"' in page
    status = client.get(reverse("reviews:compile_status", args=[review.pk])).json()
    assert status["state"] == "running"
    assert (status["done"], status["total"]) == (0, len(Section.values))

    response = client.post(reverse("reviews:compile", args=[review.pk]), follow=True)
    assert fr("The inputs are being compiled already; the page shows the progress.") in \
        html.unescape(response.content.decode())

    for callback in callbacks:  # the worker runs the task
        callback()
    status = client.get(reverse("reviews:compile_status", args=[review.pk])).json()
    assert status["state"] == "idle" and status["done"] == len(Section.values)
    review.refresh_from_db()
    assert review.compiled_at is not None and review.status == Status.PREPARATION
    assert not review.inputs.filter(compiled_at__isnull=True).exists()
    page = client.get(review.get_absolute_url()).content.decode()
    assert "<progress" not in page
    # The review's history holds one record of the compilation, not one per section.
    assert review.history.filter(history_change_reason__startswith="Compilation").count() == 1


def test_a_failed_compilation_says_so_and_keeps_the_sections_done(
        client, people, review, django_capture_on_commit_callbacks, monkeypatch):
    from reviews import inputs

    def broken(*, start, end):
        raise RuntimeError("source unavailable")

    monkeypatch.setitem(inputs._registry, "c5", broken)
    client.force_login(people.quality)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:compile", args=[review.pk]))
    review.refresh_from_db()
    assert review.compile_state == "failed" and review.compiled_at is None
    done = list(Section.values).index("c5")
    assert review.compile_done == done
    assert review.inputs.filter(compiled_at__isnull=False).count() == done
    page = html.unescape(client.get(review.get_absolute_url()).content.decode())
    assert fr("Compile the inputs") in page  # the button is back
    assert 'role="alert"' in page


def test_the_progress_is_read_by_the_readers_only(client, people, review):
    client.force_login(people.agent)
    assert client.get(reverse("reviews:compile_status", args=[review.pk])).status_code == 403


def test_a_summarised_table_links_to_the_full_list(client, people, review):
    """A table cut to its most telling rows says how many there are and links them all,
    on the page and in the pack."""
    rows = [{"cells": [f"ACT-{n}", "Action"], "url": ""} for n in range(3)]
    review.inputs.filter(section="a").update(
        compiled_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        snapshot={"available": True, "figures": [], "notes": [], "chart": None,
                  "tables": [{"title": "Actions", "columns": ["Ref", "Title"], "rows": rows,
                              "total": 40, "more_url": "/actions/?source=reviewdecision"}]})
    client.force_login(people.quality)
    page = html.unescape(client.get(review.get_absolute_url()).content.decode())
    with translation.override("fr"):
        shown = gettext("The %(shown)s most telling of %(total)s rows.") % {
            "shown": 3, "total": 40}
    assert shown in page
    assert 'href="/actions/?source=reviewdecision"' in page
    pdf = PdfReader(io.BytesIO(client.get(reverse("reviews:pdf", args=[review.pk])).content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "40" in text and "ACT-2" in text
