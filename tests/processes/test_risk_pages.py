"""The intranet's risk pages: the register (filters, pagination, bad filters), its XLSX
export read back, the matrix (counts, links to the register, readable without colour),
a sheet's page and its PDF read back, planning a treatment action and recording a review
from the sheet; who reads and who writes; query counts pinned and constant as the
register grows."""

import datetime
import html
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from actions.models import Action
from processes.models import Criticality, Risk
from tests import factories as f
from tests.processes.factories import RiskFactory
from tests.processes.test_risk_models import TODAY, RiskWorld

REGISTER = reverse("processes:risk_register")
MATRIX = reverse("processes:risk_matrix")
EXPORT = reverse("processes:risk_register_export")


@pytest.fixture
def risks(people, accueil, etat_civil):
    return RiskWorld(people, accueil, etat_civil)


def text(response) -> str:
    return html.unescape(response.content.decode())


def listed(response) -> set[str]:
    """The references of the register's rows."""
    return set(re.findall(r'<span class="code">(R-[A-Z0-9-]+)</span>', response.content.decode()))


def sheet_url(sheet):
    return reverse("processes:risk_sheet", args=[sheet.pk])


# --- the register --------------------------------------------------------------------------


def test_the_register_lists_every_active_risk(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert listed(response) == {"R-PRC-R01-01", "R-PRC-R01-02", "R-PRC-R01-03",
                                "R-PRC-R01-04", "R-PRC-R02-01", "R-PRC-R02-02",
                                "R-PRC-M01-01"}
    page = text(response)
    assert "Attente excessive au guichet" in page
    assert 'class="risk-level level-critical"' in page
    assert "processes/risks.css" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("family=realisation&level=critical", {"R-PRC-R01-01", "R-PRC-R02-01"}),
    ("likelihood=4&severity=3", {"R-PRC-R01-01", "R-PRC-M01-01"}),
    ("likelihood=2&severity=2&basis=residual", {"R-PRC-R01-01"}),
    ("kind=opportunity", {"R-PRC-R01-04"}),
    ("treatment=reduce", {"R-PRC-R01-01", "R-PRC-R01-03"}),
    ("status=treated", {"R-PRC-R02-02"}),
    ("status=in_progress", {"R-PRC-R01-01"}),
    ("overdue=on", {"R-PRC-R01-01"}),
])
def test_the_register_filters(client, risks, query, expected):
    client.force_login(risks.people.quality)
    assert listed(client.get(f"{REGISTER}?{query}")) == expected


def test_the_register_filters_by_process_and_service(client, risks):
    client.force_login(risks.people.quality)
    assert listed(client.get(f"{REGISTER}?process={risks.civil.pk}")) == {
        "R-PRC-R02-01", "R-PRC-R02-02"}
    assert listed(client.get(f"{REGISTER}?service={risks.etat_civil.pk}&level=critical")) == {
        "R-PRC-R02-01"}


def test_a_bad_filter_is_shown_and_left_aside(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(f"{REGISTER}?likelihood=9&level=critical&process=abc")
    assert response.status_code == 200
    assert listed(response) == {"R-PRC-R01-01", "R-PRC-R02-01", "R-PRC-M01-01"}
    assert 'class="errorlist' in response.content.decode()


def test_the_register_is_paginated(client, risks):
    RiskFactory.create_batch(55, sheet=risks.steering_sheet)
    client.force_login(risks.people.quality)
    first = client.get(f"{REGISTER}?process={risks.steering.pk}")
    second = client.get(f"{REGISTER}?process={risks.steering.pk}&page=2")
    assert len(listed(first)) == 50 and len(listed(second)) == 6
    assert f"process={risks.steering.pk}&amp;page=2" in first.content.decode()


# --- export ------------------------------------------------------------------------------------


def test_the_export_has_the_registers_filters(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(f"{EXPORT}?family=realisation&level=critical")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2)]
    by_ref = {row[header[0]]: row for row in rows}
    assert set(by_ref) == {"R-PRC-R01-01", "R-PRC-R02-01"}
    queue = sheet.iter_rows(min_row=2)
    queue = by_ref["R-PRC-R01-01"]
    assert queue[header[2]] == "Attente excessive au guichet"
    numbers = [v for v in queue.values() if isinstance(v, int)]
    assert 12 in numbers and 4 in numbers  # criticality and residual criticality stay numbers
    assert any(isinstance(v, datetime.datetime) for v in queue.values())  # review date
    assert sheet.max_row == 3
    filters = workbook.worksheets[1]
    assert filters.max_row >= 3  # the title and the two filters


def test_the_export_of_everything(client, risks):
    client.force_login(risks.people.quality)
    workbook = load_workbook(io.BytesIO(client.get(EXPORT).content))
    assert workbook.worksheets[0].max_row == 1 + 7


# --- the matrix --------------------------------------------------------------------------------


def _cells(response) -> dict[str, str]:
    """{aria-label of each linked cell: its href}."""
    return {html.unescape(label): html.unescape(href) for href, label in re.findall(
        r'<a href="([^"]+)" aria-label="([^"]+)"><span class="count">',
        response.content.decode())}


def test_the_matrix_counts_and_links_each_cell(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(MATRIX)
    assert response.status_code == 200
    cells = _cells(response)
    assert len(cells) == 5  # the cells that hold risks
    (label, href), = [(k, v) for k, v in cells.items()
                      if "likelihood=4&" in v and "severity=3&" in v + "&"]
    assert label.startswith("2 ")
    target = client.get(href)
    assert listed(target) == {"R-PRC-R01-01", "R-PRC-M01-01"}
    page = text(response)
    # readable without colour: each cell says its count and its level in words
    with translation.override("fr"):
        assert f"{Criticality.CRITICAL.label} (12)" in page


def test_every_cell_opens_as_many_risks_as_it_counts(client, risks):
    client.force_login(risks.people.quality)
    for query in ("", "?basis=residual", f"?service={risks.accueil.pk}",
                  f"?process={risks.civil.pk}&basis=residual"):
        for label, href in _cells(client.get(MATRIX + query)).items():
            assert len(listed(client.get(href))) == int(label.split()[0]), (query, label)


def test_the_residual_matrix_and_its_totals(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(f"{MATRIX}?basis=residual")
    assert len(_cells(response)) == 2
    assert '<p class="muted">4 ' in response.content.decode()  # 4 risks not rated after


def test_the_matrix_of_a_service_and_of_a_process(client, risks):
    client.force_login(risks.people.quality)
    service = _cells(client.get(f"{MATRIX}?service={risks.accueil.pk}"))
    assert sorted(int(label.split()[0]) for label in service) == [1, 1, 1]
    process = _cells(client.get(f"{MATRIX}?process={risks.civil.pk}"))
    assert sorted(int(label.split()[0]) for label in process) == [1, 1]
    assert all(f"process={risks.civil.pk}" in href for href in process.values())


# --- a sheet ---------------------------------------------------------------------------------------


def test_the_sheet_shows_every_field_and_the_actions(client, risks):
    client.force_login(risks.people.quality)
    response = client.get(sheet_url(risks.reception_sheet))
    assert response.status_code == 200
    page = text(response)
    for words in ("Attente excessive au guichet", "Pics de fréquentation le lundi",
                  "Usagers mécontents", "Prise de rendez-vous", "Borne d'accueil",
                  "Prise de rendez-vous en ligne", risks.queue_action.reference):
        assert words in page, words
    assert f'id="risk-{risks.queue.pk}"' in page
    assert "matrix-initial" in page and "matrix-residual" in page
    assert "Fraude documentaire" not in page  # another sheet's risk


def test_the_sheet_pdf(client, risks):
    client.force_login(risks.people.agent)
    response = client.get(reverse("processes:risk_sheet_pdf", args=[risks.reception_sheet.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    content = " ".join(p.extract_text() for p in reader.pages)
    content = re.sub(r"\s+", " ", content)
    for words in ("Attente excessive", "Coquille sur un courrier", "Appels non décrochés",
                  "Prise de rendez-vous en ligne", "R-PRC-R01-01", "Borne d'accueil"):
        assert words in content, words


# --- who reads ------------------------------------------------------------------------------------


def test_an_agent_reads_the_risks_of_their_service_only(client, risks):
    client.force_login(risks.people.agent)  # accueil
    assert listed(client.get(REGISTER)) == {"R-PRC-R01-01", "R-PRC-R01-02", "R-PRC-R01-03",
                                            "R-PRC-R01-04"}
    # asking for another service's risks shows nothing of them
    assert not listed(client.get(f"{REGISTER}?process={risks.civil.pk}")) & {
        "R-PRC-R02-01", "R-PRC-R02-02"}
    assert listed(client.get(f"{REGISTER}?service={risks.etat_civil.pk}")) == {
        "R-PRC-R01-01", "R-PRC-R01-02", "R-PRC-R01-03", "R-PRC-R01-04"}
    assert sum(int(k.split()[0]) for k in _cells(client.get(MATRIX))) == 3
    assert sum(int(k.split()[0]) for k in _cells(
        client.get(f"{MATRIX}?process={risks.civil.pk}"))) in (0, 3)
    workbook = load_workbook(io.BytesIO(client.get(EXPORT).content))
    assert workbook.worksheets[0].max_row == 1 + 4
    assert client.get(sheet_url(risks.reception_sheet)).status_code == 200
    assert client.get(sheet_url(risks.civil_sheet)).status_code == 403
    assert client.get(reverse("processes:risk_sheet_pdf",
                              args=[risks.civil_sheet.pk])).status_code == 403


def test_an_agent_without_a_service_reads_nothing(client, risks):
    lone = f.agent(username="sans-service", service=None)
    client.force_login(lone)
    assert client.get(REGISTER).status_code == 403
    assert client.get(MATRIX).status_code == 403


@pytest.mark.parametrize("who", ["pilot", "other_pilot", "quality"])
def test_pilots_and_oversight_read_every_sheet(client, risks, who):
    client.force_login(getattr(risks.people, who))
    assert len(listed(client.get(REGISTER))) == 7
    assert client.get(sheet_url(risks.civil_sheet)).status_code == 200


def test_auditors_and_direction_read_everything(client, risks):
    from qms import roles

    for role in (roles.AUDITOR, roles.DIRECTION):
        user = f.UserFactory(role=role, service=risks.accueil)
        client.force_login(user)
        assert len(listed(client.get(REGISTER))) == 7
        assert client.get(sheet_url(risks.civil_sheet)).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, risks):
    assert client.get(REGISTER).status_code == 302
    assert client.get(sheet_url(risks.reception_sheet)).status_code == 302


# --- who writes: treatment actions and reviews from the sheet ---------------------------------


def test_the_sheet_offers_writing_to_its_keepers_only(client, risks):
    client.force_login(risks.people.pilot)
    own = text(client.get(sheet_url(risks.reception_sheet)))
    assert reverse("processes:risk_action_create", args=[risks.phone.pk]) in own
    assert reverse("processes:risk_action_create", args=[risks.typo.pk]) not in own  # accepted
    assert reverse("processes:risk_review", args=[risks.queue.pk]) in own
    other = text(client.get(sheet_url(risks.civil_sheet)))
    assert "risque/" not in other and "/edit/" not in other


def test_a_pilot_plans_a_treatment_action(client, risks):
    client.force_login(risks.people.pilot)
    url = reverse("processes:risk_action_create", args=[risks.phone.pk])
    assert client.get(url).status_code == 200
    due = TODAY + datetime.timedelta(days=45)
    response = client.post(url, {
        "title": "Renfort téléphonique le lundi", "owner": risks.people.agent.pk,
        "due_date": due.isoformat(), "description": "", "expected_result": "90 % décrochés",
    })
    assert response.status_code == 302
    assert response["Location"].endswith(f"#risk-{risks.phone.pk}")
    action = Action.objects.for_source(risks.phone).get()
    assert (action.kind, action.owner, action.service, action.due_date) == (
        Action.Kind.RISK_TREATMENT, risks.people.agent, risks.accueil, due)
    assert action.created_by == risks.people.pilot
    assert "Renfort téléphonique le lundi" in text(client.get(sheet_url(risks.reception_sheet)))


def test_a_bad_treatment_action_is_refused_with_its_messages(client, risks):
    client.force_login(risks.people.pilot)
    url = reverse("processes:risk_action_create", args=[risks.phone.pk])
    response = client.post(url, {
        "title": "", "owner": risks.people.agent.pk, "start_date": TODAY.isoformat(),
        "due_date": (TODAY - datetime.timedelta(days=1)).isoformat(),
    })
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"title", "due_date"}
    assert not Action.objects.for_source(risks.phone).exists()
    # an accepted risk: the service refuses, the form says why
    response = client.post(reverse("processes:risk_action_create", args=[risks.typo.pk]), {
        "title": "Relecture", "owner": risks.people.agent.pk,
        "due_date": (TODAY + datetime.timedelta(days=9)).isoformat(),
    })
    assert response.status_code == 400 and response.context["form"].errors
    assert not Action.objects.for_source(risks.typo).exists()


def test_another_services_pilot_may_not_plan_or_review(client, risks):
    client.force_login(risks.people.other_pilot)
    due = (TODAY + datetime.timedelta(days=9)).isoformat()
    url = reverse("processes:risk_action_create", args=[risks.phone.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "X", "owner": risks.people.agent.pk,
                             "due_date": due}).status_code == 403
    review = reverse("processes:risk_review", args=[risks.queue.pk])
    assert client.post(review, {}).status_code == 403
    client.force_login(risks.people.agent)
    assert client.post(review, {}).status_code == 403
    risks.queue.refresh_from_db()
    assert risks.queue.reviewed_at is None
    assert not Action.objects.for_source(risks.phone).exists()


def test_a_pilot_records_a_review(client, risks):
    client.force_login(risks.people.pilot)
    response = client.post(reverse("processes:risk_review", args=[risks.queue.pk]),
                           {"comment": "Revue trimestrielle"})
    assert response.status_code == 302
    risks.queue.refresh_from_db()
    assert risks.queue.reviewed_at == TODAY and risks.queue.reviewer == risks.people.pilot
    assert risks.queue.review_date > TODAY
    # a next review in the past is refused, nothing changed
    before = risks.queue.review_date
    client.post(reverse("processes:risk_review", args=[risks.queue.pk]),
                {"next_review_date": (TODAY - datetime.timedelta(days=3)).isoformat()})
    risks.queue.refresh_from_db()
    assert risks.queue.review_date == before


# --- query counts ------------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", [
    REGISTER, f"{REGISTER}?family=realisation&level=critical",
    f"{REGISTER}?likelihood=4&severity=3", f"{REGISTER}?status=in_progress&overdue=on",
    MATRIX, f"{MATRIX}?basis=residual",
])
def test_query_counts_do_not_grow_with_the_register(client, risks, url,
                                                    django_assert_max_num_queries):
    client.force_login(risks.people.quality)
    client.get(url)  # warm the caches (content types, roles)
    before = _queries(client, url, django_assert_max_num_queries, 12)
    for n in range(20):
        risk = RiskFactory(sheet=risks.civil_sheet, likelihood=4, severity=3 + n % 2,
                           treatment=Risk.Treatment.REDUCE, review_date=TODAY)
        from tests.processes.factories import RiskTreatmentActionFactory

        RiskTreatmentActionFactory(risk=risk)
    assert _queries(client, url, django_assert_max_num_queries, 12) == before


def test_query_counts_of_the_service_and_process_matrix_and_the_sheet(
        client, risks, django_assert_max_num_queries):
    client.force_login(risks.people.pilot)
    urls = [f"{MATRIX}?service={risks.accueil.pk}", f"{MATRIX}?process={risks.civil.pk}",
            sheet_url(risks.reception_sheet)]
    for url in urls:
        client.get(url)
    before = [_queries(client, url, django_assert_max_num_queries, 14) for url in urls]
    for _n in range(20):
        RiskFactory(sheet=risks.reception_sheet, likelihood=3, severity=2)
        RiskFactory(sheet=risks.civil_sheet, likelihood=1, severity=4)
    after = [_queries(client, url, django_assert_max_num_queries, 14) for url in urls]
    assert after == before


def test_query_count_of_an_agents_register(client, risks, django_assert_max_num_queries):
    client.force_login(risks.people.agent)
    client.get(REGISTER)
    _queries(client, REGISTER, django_assert_max_num_queries, 11)
