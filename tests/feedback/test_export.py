"""The complaints register exported to XLSX: the list's filters and visibility (a pilot's
export holds their services' records only); agents do not export."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from feedback.models import UserFeedback

from .factories import UserFeedbackFactory, answered

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
URL = reverse("feedback:feedback_export")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def _fr(text):
    with translation.override("fr"):
        return gettext(text)


def test_export_columns_and_values(people, accueil):
    record = answered(accueil, received=TODAY - datetime.timedelta(days=10), days=6,
                      subject="Guichet fermé", justified="yes",
                      acknowledged_on=TODAY - datetime.timedelta(days=9))
    header, rows = _rows(_client(people.quality).get(URL))
    assert list(header) == [_fr(t) for t in (
        "Reference", "Kind", "Channel", "Service", "Subject", "Received on",
        "Acknowledged on", "Answered on", "Processing days", "Justified", "Status")]
    row = dict(zip(header, rows[0], strict=True))
    assert row[_fr("Reference")] == record.reference
    assert row[_fr("Kind")] == _fr("Complaint")
    assert row[_fr("Channel")] == _fr("At the desk")
    assert row[_fr("Service")] == accueil.name
    assert row[_fr("Subject")] == "Guichet fermé"
    assert row[_fr("Received on")].date() == record.received_on
    assert row[_fr("Acknowledged on")].date() == record.acknowledged_on
    assert row[_fr("Answered on")].date() == record.answered_on
    assert row[_fr("Processing days")] == 6
    assert row[_fr("Justified")] == _fr("Justified")
    assert row[_fr("Status")] == _fr("Answered")


def test_export_applies_the_list_filters(people, accueil, etat_civil):
    late = UserFeedbackFactory(service=accueil, received_on=TODAY - datetime.timedelta(days=30))
    UserFeedbackFactory(service=accueil)
    UserFeedbackFactory(service=etat_civil, kind=UserFeedback.Kind.REQUEST)
    client = _client(people.quality)
    _header, rows = _rows(client.get(URL, {"overdue": "on"}))
    assert [r[0] for r in rows] == [late.reference]
    _header, rows = _rows(client.get(URL, {"kind": "request"}))
    assert len(rows) == 1 and rows[0][3] == etat_civil.name
    _header, rows = _rows(client.get(URL, {"service": accueil.pk, "page": "2"}))
    assert len(rows) == 2
    # the list page links to the export with its filters (not its page number)
    html = client.get(reverse("feedback:feedback_list"),
                      {"kind": "request", "page": "1"}).content.decode()
    assert f'href="{URL}?kind=request"' in html


def test_pilot_exports_only_their_services(people, accueil, etat_civil):
    mine = UserFeedbackFactory(service=accueil)
    other = UserFeedbackFactory(service=etat_civil)
    _header, rows = _rows(_client(people.pilot).get(URL))
    assert [r[0] for r in rows] == [mine.reference]
    # another service asked for by its id: not among the pilot's, so the filter is
    # refused and the export still holds the pilot's records only
    _header, rows = _rows(_client(people.pilot).get(URL, {"service": etat_civil.pk}))
    assert other.reference not in [r[0] for r in rows]
    _header, rows = _rows(_client(people.other_pilot).get(URL))
    assert [r[0] for r in rows] == [other.reference]


def test_agent_cannot_export(people, accueil):
    UserFeedbackFactory(service=accueil)
    client = _client(people.agent)
    assert client.get(URL).status_code == 403
    html = client.get(reverse("feedback:feedback_list")).content.decode()
    assert URL not in html
    assert Client().get(URL).status_code == 302  # anonymous: to the login page


def test_export_queries_constant(people, accueil, django_assert_max_num_queries):
    client = _client(people.pilot)
    UserFeedbackFactory(service=accueil)
    client.get(URL)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    UserFeedbackFactory.create_batch(30, service=accueil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _header, rows = _rows(client.get(URL))
    assert len(rows) == 31


def test_list_queries_constant_with_export_link(people, accueil, django_assert_max_num_queries):
    client = _client(people.pilot)
    url = reverse("feedback:feedback_list")
    UserFeedbackFactory(service=accueil)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    UserFeedbackFactory.create_batch(30, service=accueil)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["can_export"] and response.context["count"] == 31
