"""The intranet pages: who sees what, the forms of the matrix, the gaps page, the pack,
query counts."""

import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext
from pypdf import PdfReader

from actions.models import Action
from readiness.models import ClauseAssessment, DocumentClause, GapAction, ReadinessScore
from tests import factories as f

from .factories import ClauseAssessmentFactory, live_document

pytestmark = pytest.mark.django_db
GAP = "Aucun audit depuis 14 mois."


def _matrix(service, standard):
    return reverse("readiness:matrix", args=[service.code, standard.code])


def _url(name, service, standard):
    return reverse(f"readiness:{name}", args=[service.code, standard.code])


@pytest.fixture
def setup(kinds, clause, standard, accueil):
    clause("4.1", ["ok"])
    clause("8.3", ["half"])
    gap_clause = clause("9.2", ["none"])
    return {"standard": standard, "service": accueil, "gap_clause": gap_clause}


# --- who sees what ---------------------------------------------------------------------------
@pytest.mark.parametrize(("who", "overview", "own", "other"), [
    ("quality", 200, 200, 200),
    ("pilot", 200, 200, 403),
    ("auditor", 200, 200, 200),
    ("direction_user", 200, 200, 200),
    ("agent", 403, 403, 403),
])
def test_who_reads_what(client, setup, people, readers, etat_civil, who, overview, own, other):
    user = getattr(readers, who, None) or getattr(people, who)
    client.force_login(user)
    standard = setup["standard"]
    assert client.get(reverse("readiness:overview")).status_code == overview
    assert client.get(_matrix(setup["service"], standard)).status_code == own
    assert client.get(reverse("readiness:gaps", args=["accueil"])).status_code == own
    assert client.get(_url("pack", setup["service"], standard)).status_code == own
    assert client.get(_matrix(etat_civil, standard)).status_code == other
    assert client.get(_url("pack", etat_civil, standard)).status_code == other


@pytest.mark.parametrize(("who", "allowed"), [
    ("quality", True), ("pilot", True), ("other_pilot", False), ("auditor", False),
    ("direction_user", False), ("agent", False),
])
def test_who_acts_on_the_matrix(client, setup, people, readers, who, allowed):
    user = getattr(readers, who, None) or getattr(people, who)
    client.force_login(user)
    service, standard, criterion = setup["service"], setup["standard"], setup["gap_clause"]
    other_clause = setup["standard"].criteria.get(reference="8.3")
    declared = client.post(_url("declare", service, standard), {
        "criterion": other_clause.pk, "status": "covered", "justification": "Audit prévu."})
    action = client.post(_url("create_action", service, standard),
                         {"criterion": criterion.pk, "gap": GAP})
    if allowed:
        assert declared.status_code == 302 and action.status_code == 302
        assert ClauseAssessment.objects.count() == 1 and GapAction.objects.count() == 1
    else:
        assert declared.status_code == 403 and action.status_code == 403
        assert not ClauseAssessment.objects.exists() and not Action.objects.exists()


def test_anonymous_is_sent_to_login(client, setup):
    response = client.get(reverse("readiness:overview"))
    assert response.status_code == 302


def test_overview_shows_the_pilots_services_and_their_scores(client, setup, people,
                                                           etat_civil):
    from readiness import services

    services.scores_refresh()
    client.force_login(people.pilot)
    page = client.get(reverse("readiness:overview")).content.decode()
    assert setup["service"].name in page and etat_civil.name not in page
    score = ReadinessScore.objects.get(service=setup["service"], standard=setup["standard"])
    assert f"{localize(score.score)} %" in page
    client.force_login(people.quality)
    assert etat_civil.name in client.get(reverse("readiness:overview")).content.decode()


# --- the matrix page -------------------------------------------------------------------------
def test_matrix_page_shows_lines_score_and_filter(client, setup, people):
    client.force_login(people.pilot)
    service, standard = setup["service"], setup["standard"]
    response = client.get(_matrix(service, standard))
    page = response.content.decode()
    assert "§ 4.1 — Exigence 4.1" in page and GAP in page
    assert response.context["score"] is not None
    assert str(response.context["score"]) == "50.0"  # (1 + ½) / 3
    assert ReadinessScore.objects.get(service=service, standard=standard).score == \
        response.context["score"]
    assert page.count(gettext("Create an action")) >= 1
    filtered = client.get(_matrix(service, standard) + "?status=missing")
    assert [line.criterion.reference for line in filtered.context["lines"]] == ["9.2"]


def test_not_applicable_without_justification_shows_a_french_error(client, setup, people):
    client.force_login(people.pilot)
    service, standard, criterion = setup["service"], setup["standard"], setup["gap_clause"]
    response = client.post(_url("declare", service, standard), {
        "criterion": criterion.pk, "status": "not_applicable", "justification": ""})
    assert response.status_code == 400
    message = gettext("Give the justification: why the clause does not apply, or what "
                      "shows it is covered.")
    assert message in html.unescape(response.content.decode())
    assert not ClauseAssessment.objects.exists()


def test_declare_not_applicable_with_justification(client, setup, people):
    client.force_login(people.pilot)
    service, standard, criterion = setup["service"], setup["standard"], setup["gap_clause"]
    response = client.post(_url("declare", service, standard), {
        "criterion": criterion.pk, "status": "not_applicable",
        "justification": "Aucun audit interne exigé par le label."}, follow=True)
    line = response.context["matrix"].line_for(criterion.pk)
    assert line.status == "not_applicable"
    assert "Aucun audit interne exigé par le label." in response.content.decode()


def test_gap_button_creates_one_action_then_shows_it(client, setup, people):
    client.force_login(people.pilot)
    service, standard, criterion = setup["service"], setup["standard"], setup["gap_clause"]
    data = {"criterion": criterion.pk, "gap": GAP}
    client.post(_url("create_action", service, standard), data)
    client.post(_url("create_action", service, standard), data)
    assert Action.objects.count() == 1
    action = Action.objects.get()
    page = client.get(_matrix(service, standard)).content.decode()
    assert action.reference in page
    assert reverse("actions:detail", args=[action.pk]) in page


def test_link_a_document_from_the_matrix(client, setup, people, library, etat_civil):
    client.force_login(people.pilot)
    service, standard, criterion = setup["service"], setup["standard"], setup["gap_clause"]
    doc = live_document(library, service=service, author=people.pilot, reference="PRO-T-100")
    foreign = live_document(library, service=etat_civil, author=people.other_pilot,
                            reference="PRO-T-101")
    page = client.get(_matrix(service, standard)).content.decode()
    assert "PRO-T-100" in page and "PRO-T-101" not in page
    refused = client.post(_url("link_document", service, standard),
                          {"criterion": criterion.pk, "page": foreign.pk})
    assert refused.status_code == 400
    assert gettext("Choose a published document of the service.") in refused.content.decode()
    response = client.post(_url("link_document", service, standard),
                           {"criterion": criterion.pk, "page": doc.pk}, follow=True)
    assert DocumentClause.objects.get().page_id == doc.pk
    line = response.context["matrix"].line_for(criterion.pk)
    assert line.status == "partly"  # a document, but the audit kind is still missing
    assert any(ev.item.label == str(doc) for ev in line.evidence)


def test_gaps_page_lists_open_gaps_with_one_click_action(client, setup, people, readers):
    client.force_login(people.pilot)
    url = reverse("readiness:gaps", args=["accueil"])
    page = client.get(url).content.decode()
    assert GAP in page and "Indicateur sans valeur." in page
    response = client.post(_url("create_action", setup["service"], setup["standard"]), {
        "criterion": setup["gap_clause"].pk, "gap": GAP, "next": url})
    assert response.status_code == 302 and response.url == url
    assert Action.objects.get().reference in client.get(url).content.decode()
    client.force_login(readers.auditor)
    assert gettext("Create an action") not in client.get(url).content.decode()


def test_pack_pdf_reads_back(client, setup, people):
    client.force_login(people.pilot)
    service, standard = setup["service"], setup["standard"]
    client.post(_url("create_action", service, standard),
                {"criterion": setup["gap_clause"].pk, "gap": GAP})
    response = client.get(_url("pack", service, standard))
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(
        io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for heading in ("Certification readiness pack", "Clause-to-evidence matrix",
                    "Evidence list", "Open gaps and their actions"):
        assert gettext(heading) in text
    assert gettext("Readiness score: %(score)s %%") % {"score": "50.0"} in text
    assert service.name in text and standard.name in text
    assert GAP in text and "Indicateur sans valeur." in text
    assert Action.objects.get().reference in text
    assert "ok 0" in text  # the evidence list


def test_todo_lists_the_pilots_gaps(setup, people):
    from qms.todo import items_for
    from readiness import services

    services.scores_refresh(standards=[setup["standard"]])
    items = [i for i in items_for(people.pilot)
             if i.url == _matrix(setup["service"], setup["standard"])]
    assert len(items) == 1 and "2" in items[0].title
    assert not [i for i in items_for(people.other_pilot)
                if i.url == _matrix(setup["service"], setup["standard"])]


def test_todo_keeps_the_standards_the_service_is_certified_for(setup, people):
    from audits.models import Standard
    from certification.models import Certification
    from qms.todo import items_for
    from readiness import services

    iso = Standard.objects.get(code="iso-9001")
    services.scores_refresh(standards=[setup["standard"], iso])
    urls = {i.url for i in items_for(people.pilot)}
    assert {_matrix(setup["service"], setup["standard"]), _matrix(setup["service"], iso)} <= urls
    certification = Certification.objects.create(standard=iso, status="preparing")
    certification.services.add(setup["service"])
    urls = {i.url for i in items_for(people.pilot)}
    assert _matrix(setup["service"], iso) in urls
    assert _matrix(setup["service"], setup["standard"]) not in urls


# --- query counts ----------------------------------------------------------------------------
def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


MATRIX_QUERIES = 36  # in a test transaction: +2 (savepoint) per evidence kind


def test_matrix_queries_constant_in_clauses_and_records(client, kinds, clause, standard,
                                                        accueil, people, library,
                                                        django_assert_max_num_queries):
    client.force_login(people.pilot)
    docs = [live_document(library, service=accueil, author=people.pilot,
                          reference=f"PRO-Q-{n:03d}") for n in range(2)]

    def grow(start, count):
        for n in range(start, start + count):
            criterion = clause(f"{n}.1", ["ok", "none"] if n % 2 else ["half"])
            for doc in docs:
                DocumentClause.objects.create(page=doc, criterion=criterion)
            if n % 3 == 0:
                ClauseAssessmentFactory(service=accueil, criterion=criterion)
            elif n % 2:
                GapAction.objects.create(
                    service=accueil, criterion=criterion, gap=GAP, action=Action.objects.create(
                        reference=f"ACT-Q-{n}", title=GAP, kind="improvement",
                        owner=people.pilot, service=accueil, due_date="2030-01-01"))

    grow(1, 3)
    url = _matrix(accueil, standard)
    client.get(url)
    small = _queries(client, url)
    grow(10, 12)
    docs += [live_document(library, service=accueil, author=people.pilot,
                           reference=f"PRO-Q-{n:03d}") for n in range(2, 6)]
    grow(30, 5)
    client.get(url)
    with django_assert_max_num_queries(MATRIX_QUERIES):
        large = _queries(client, url)
    assert large == small
    assert len(client.get(url).context["matrix"].lines) == 20
    # The gaps page and the pack: constant too.
    gaps_url = reverse("readiness:gaps", args=[accueil.code])
    pack_url = _url("pack", accueil, standard)
    assert _queries(client, gaps_url) <= MATRIX_QUERIES * 3
    assert _queries(client, pack_url) <= MATRIX_QUERIES


def test_overview_queries_constant(client, setup, people, django_assert_max_num_queries):
    from readiness import services

    client.force_login(people.quality)
    services.scores_refresh()
    client.get(reverse("readiness:overview"))
    small = _queries(client, reverse("readiness:overview"))
    for n in range(15):
        f.ServiceFactory(code=f"svc-q{n}")
    services.scores_refresh()
    with django_assert_max_num_queries(12):
        assert _queries(client, reverse("readiness:overview")) == small
