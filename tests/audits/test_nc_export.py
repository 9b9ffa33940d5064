"""The XLSX export of the nonconformity list: the filtered list (every page), with the age
in days and the overdue flag, scoped to what the reader may see, in a number of queries
that does not grow with the rows."""

import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from audits.models import Nonconformity

from . import factories as af

pytestmark = pytest.mark.django_db

EXPORT = "audits:nonconformities_export"


def fr(message):
    with translation.override("fr"):
        return gettext(message)


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    return header, [dict(zip(header, row, strict=True)) for row in data]


def _ncs(service, n, *, late=True, start=0):
    today = timezone.localdate()
    return [af.NonconformityFactory(
        service=service, detected_at=today - datetime.timedelta(10 + start + i),
        target_closure_date=today + datetime.timedelta(-1 if late else 30))
        for i in range(n)]


def test_export_has_age_and_overdue_flag(client, people):
    today = timezone.localdate()
    late = af.NonconformityFactory(service=people.agent.service, title="En retard",
                                   detected_at=today - datetime.timedelta(40),
                                   target_closure_date=today - datetime.timedelta(5))
    on_time = af.NonconformityFactory(service=people.agent.service, title="Dans les temps",
                                      detected_at=today - datetime.timedelta(3),
                                      target_closure_date=today + datetime.timedelta(20))
    closed = af.NonconformityFactory(service=people.agent.service, title="Close",
                                     detected_at=today - datetime.timedelta(50),
                                     target_closure_date=today - datetime.timedelta(30),
                                     status=Nonconformity.Status.CLOSED,
                                     closed_at=today - datetime.timedelta(20))
    client.force_login(people.quality)
    header, rows = sheet_rows(client.get(reverse(EXPORT)))
    for title in ("Reference", "Age (days)", "Overdue", "Target closure date", "Service",
                  "Status"):
        assert fr(title) in header
    by_ref = {row[fr("Reference")]: row for row in rows}
    assert set(by_ref) == {late.reference, on_time.reference, closed.reference}
    assert by_ref[late.reference][fr("Age (days)")] == 40
    assert by_ref[late.reference][fr("Overdue")] == fr("Yes")
    assert by_ref[on_time.reference][fr("Overdue")] == fr("No")
    # A closed one is never overdue; its age stops at its closure.
    assert by_ref[closed.reference][fr("Overdue")] == fr("No")
    assert by_ref[closed.reference][fr("Age (days)")] == 30
    assert by_ref[late.reference][fr("Service")] == people.agent.service.name
    assert by_ref[late.reference][fr("Target closure date")].date() == \
        late.target_closure_date


def test_export_follows_the_filters_and_every_page(client, people):
    _ncs(people.agent.service, 3, late=True)
    _ncs(people.agent.service, 2, late=False, start=5)
    _ncs(people.other_agent.service, 4, late=True)
    client.force_login(people.quality)
    _header, rows = sheet_rows(client.get(reverse(EXPORT), {"overdue": "on"}))
    assert len(rows) == 7
    _header, rows = sheet_rows(client.get(reverse(EXPORT), {
        "service": people.agent.service.pk, "overdue": "on"}))
    assert len(rows) == 3
    assert {row[fr("Service")] for row in rows} == {people.agent.service.name}


def test_export_scoped_to_the_readers_services(client, people):
    _ncs(people.agent.service, 2)
    _ncs(people.other_agent.service, 3)
    client.force_login(people.agent)
    _header, rows = sheet_rows(client.get(reverse(EXPORT)))
    assert len(rows) == 2
    # Another service in the query is not among the agent's choices: nothing leaks.
    _header, rows = sheet_rows(client.get(reverse(EXPORT), {
        "service": people.other_agent.service.pk}))
    assert {row[fr("Service")] for row in rows} <= {people.agent.service.name}


def test_export_needs_a_login(client):
    response = client.get(reverse(EXPORT))
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("application/vnd")


def test_list_links_to_the_export_with_its_filters(client, people):
    client.force_login(people.quality)
    response = client.get(reverse("audits:nonconformities"),
                          {"status": "open_all", "overdue": "on", "page": "1"})
    page = response.content.decode()
    start = page.index(reverse(EXPORT))
    href = page[start:page.index('"', start)].replace("&amp;", "&")
    query = parse_qs(urlsplit(href).query)
    assert query == {"status": ["open_all"], "overdue": ["on"]}


def test_export_queries_do_not_grow_with_rows(client, people, django_assert_max_num_queries):
    _ncs(people.agent.service, 3)
    client.force_login(people.pilot)
    with django_assert_max_num_queries(12) as few:
        sheet_rows(client.get(reverse(EXPORT)))
    _ncs(people.agent.service, 30, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _header, rows = sheet_rows(client.get(reverse(EXPORT)))
    assert len(rows) == 33


def test_list_page_queries_stay_constant_with_the_export_link(client, people,
                                                             django_assert_max_num_queries):
    _ncs(people.agent.service, 3)
    client.force_login(people.quality)
    url = reverse("audits:nonconformities")
    with django_assert_max_num_queries(14) as few:
        client.get(url, {"overdue": "on"})
    _ncs(people.agent.service, 25, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"overdue": "on"})
    assert response.content.decode().count('class="overdue"') == 28
