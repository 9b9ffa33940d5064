"""The context (ISO 9001 §4.1, §4.2): issues and interested parties linked to the
processes, reviewed periodically by the quality engineer — the review records who, when
and the next date; rows due for review are highlighted and on the to-do list."""

import html
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from processes import todo
from processes.models import ContextIssue, InterestedParty
from processes.services import process as services
from tests.processes.test_register import World, admin_url, refused


@pytest.fixture
def world(people, accueil, etat_civil):
    return World(people, accueil, etat_civil)


def issue(world, title="Vieillissement de la population", *, months_ago=None, **fields):
    fields.setdefault("kind", ContextIssue.Kind.EXTERNAL)
    fields.setdefault("category", ContextIssue.Category.SOCIAL)
    row = services.context_issue_create(title=title, processes=[world.reception], **fields)
    if months_ago is not None:
        services.context_review_record(
            item=row, user=world.quality,
            reviewed_on=timezone.localdate() - relativedelta(months=months_ago),
        )
    return row


def party(world, name="Usagers et habitants", *, months_ago=None, **fields):
    fields.setdefault("category", InterestedParty.Category.CITIZENS)
    fields.setdefault("needs_and_expectations", "Un accueil rapide")
    row = services.interested_party_create(name=name, processes=[world.reception, world.civil],
                                           **fields)
    if months_ago is not None:
        services.context_review_record(
            item=row, user=world.quality,
            reviewed_on=timezone.localdate() - relativedelta(months=months_ago),
        )
    return row


@pytest.fixture
def context(world, people):
    world.quality = people.quality
    return {
        "recent": issue(world, "Dématérialisation des démarches", months_ago=2,
                        kind=ContextIssue.Kind.EXTERNAL,
                        category=ContextIssue.Category.TECHNOLOGICAL,
                        trend=ContextIssue.Trend.FAVOURABLE),
        "overdue": issue(world, "Canicules plus fréquentes", months_ago=14,
                         category=ContextIssue.Category.ENVIRONMENTAL, climate_relevant=True),
        "internal": issue(world, "Départs en retraite", kind=ContextIssue.Kind.INTERNAL,
                          category=ContextIssue.Category.ORGANISATIONAL, months_ago=1),
        "citizens": party(world, months_ago=3),
        "never": party(world, "Riverains de la station",
                       category=InterestedParty.Category.ENVIRONMENT),
    }


# --- the review ---------------------------------------------------------------------------------------


def test_a_review_records_who_when_and_the_next_date(world, people, context):
    row = context["overdue"]
    reviewed = services.context_review_record(item=row, user=people.quality,
                                              comment="Revue annuelle")
    row.refresh_from_db()
    today = timezone.localdate()
    assert reviewed.last_reviewed_at == row.last_reviewed_at == today
    assert row.last_reviewed_by == people.quality
    assert row.next_review_date == today + relativedelta(months=row.review_period_months)
    assert not row.is_review_overdue
    latest = row.history.first()
    assert latest.history_user == people.quality and latest.history_change_reason == \
        "Revue annuelle"


def test_a_review_may_set_its_next_date(world, people, context):
    row = context["citizens"]
    following = timezone.localdate() + timedelta(days=90)
    services.context_review_record(item=row, user=people.quality,
                                   next_review_date=following)
    row.refresh_from_db()
    assert row.next_review_date == following


def test_a_review_in_the_future_or_a_next_date_before_it_is_refused(world, people, context):
    row = context["recent"]
    before = (row.last_reviewed_at, row.next_review_date)
    with pytest.raises(ValidationError) as error:
        services.context_review_record(item=row, user=people.quality,
                                       reviewed_on=timezone.localdate() + timedelta(days=1))
    assert _("A review date cannot be in the future.") in str(error.value)
    row = ContextIssue.objects.get(pk=row.pk)
    with pytest.raises(ValidationError) as error:
        services.context_review_record(item=row, user=people.quality,
                                       next_review_date=timezone.localdate() - timedelta(1))
    assert _("The next review must come after the last one.") in str(error.value)
    row = ContextIssue.objects.get(pk=row.pk)
    assert (row.last_reviewed_at, row.next_review_date) == before  # nothing lost


def test_only_the_quality_engineer_reviews_the_context(world, people, context):
    with pytest.raises(PermissionDenied):
        services.context_review_record(item=context["overdue"], user=people.pilot)


def test_the_review_form_records_the_review_and_comes_back(client, world, people, context):
    row = context["never"]
    client.force_login(people.quality)
    url = reverse("processes:context_review", args=["partie", row.pk])
    following = timezone.localdate() + timedelta(days=200)
    response = client.post(url, {"reviewed_on": timezone.localdate().isoformat(),
                                 "next_review_date": following.isoformat(),
                                 "next": reverse("processes:context") + "?overdue=on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:context") + f"?overdue=on#party-{row.pk}"
    row.refresh_from_db()
    assert (row.last_reviewed_by, row.next_review_date) == (people.quality, following)


def test_the_review_form_refuses_a_bad_date_with_a_french_message(client, world, people,
                                                                  context):
    row = context["recent"]
    client.force_login(people.quality)
    url = reverse("processes:context_review", args=["enjeu", row.pk])
    response = client.post(url, {"reviewed_on": "2999-01-01"}, follow=True)
    assert _("A review date cannot be in the future.") in html.unescape(
        response.content.decode()
    )
    row.refresh_from_db()
    assert row.last_reviewed_at != date(2999, 1, 1)


def test_a_pilot_cannot_post_a_review(client, world, people, context):
    client.force_login(people.pilot)
    url = reverse("processes:context_review", args=["enjeu", context["overdue"].pk])
    assert client.post(url, {"reviewed_on": timezone.localdate().isoformat()}).status_code == 403
    context["overdue"].refresh_from_db()
    assert context["overdue"].is_review_overdue


# --- the page ------------------------------------------------------------------------------------------


def test_the_context_page_lists_issues_and_parties_with_their_processes(client, world, people,
                                                                        context):
    client.force_login(people.agent)
    response = client.get(reverse("processes:context"))
    page = html.unescape(response.content.decode())
    for expected in ["Dématérialisation des démarches", "Canicules plus fréquentes",
                     "Usagers et habitants", "Un accueil rapide", "Riverains de la station",
                     str(ContextIssue.Trend.FAVOURABLE.label)]:
        assert expected in page, expected
    row = page.split(f'id="party-{context["citizens"].pk}"')[1].split("</tr>")[0]
    assert reverse("processes:process", args=["PRC-R01"]) in row
    assert reverse("processes:process", args=["PRC-R02"]) in row
    overdue_row = page.split(f'id="issue-{context["overdue"].pk}"')[1].split(">")[0]
    recent_row = page.split(f'id="issue-{context["recent"].pk}"')[1].split(">")[0]
    assert 'class="overdue"' in overdue_row and 'class="overdue"' not in recent_row
    assert response.context["overdue_count"] == 2  # the old review and the never reviewed
    assert _("Record a review") not in page  # only for the quality engineer
    client.force_login(people.quality)
    assert _("Record a review") in client.get(reverse("processes:context")).content.decode()


@pytest.mark.parametrize("query, issues, parties", [
    ({"kind": "internal"}, {"Départs en retraite"}, None),
    ({"category": "environmental"}, {"Canicules plus fréquentes"}, None),
    ({"party_category": "environment"}, None, {"Riverains de la station"}),
    ({"overdue": "on"}, {"Canicules plus fréquentes"}, {"Riverains de la station"}),
    ({"process": "PRC-R02"}, set(), {"Usagers et habitants", "Riverains de la station"}),
])
def test_the_context_page_filters(client, world, people, context, query, issues, parties):
    client.force_login(people.agent)
    response = client.get(reverse("processes:context"), query)
    if issues is not None:
        assert {i.title for i in response.context["issues"]} == issues
    if parties is not None:
        assert {p.name for p in response.context["parties"]} == parties


CONTEXT_QUERIES = 9
"""Measured when written (change it deliberately): session, user, issues and their
processes, parties and their processes, groups, the filter's process choices, the
user's service in the menu."""


def test_the_context_page_runs_a_fixed_number_of_queries(client, world, people, context,
                                                         django_assert_num_queries):
    client.force_login(people.quality)
    url = reverse("processes:context")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(8):
        issue(world, f"Enjeu {i}", months_ago=i)
        party(world, f"Partie {i}", months_ago=i)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
    with django_assert_num_queries(CONTEXT_QUERIES):
        client.get(url)


# --- the to-do list ------------------------------------------------------------------------------------


def test_the_quality_engineer_finds_the_context_to_review_on_the_todo_list(world, people,
                                                                          context):
    items = todo.context_reviews(people.quality)
    assert {item.title for item in items} == {"Canicules plus fréquentes",
                                              "Riverains de la station"}
    overdue = next(item for item in items if item.title == "Canicules plus fréquentes")
    assert overdue.is_overdue and overdue.url.endswith(f"#issue-{context['overdue'].pk}")
    assert todo.context_reviews(people.pilot) == []
    assert todo.context_reviews(people.agent) == []


def test_archived_rows_are_not_due(world, people, context):
    context["overdue"].is_active = False
    context["overdue"].save()
    assert {i.title for i in todo.context_reviews(people.quality)} == {"Riverains de la station"}


# --- the back office -----------------------------------------------------------------------------------


def test_pilots_read_the_context_in_the_back_office_but_do_not_change_it(client, world,
                                                                         people, context):
    row = context["recent"]
    client.force_login(people.pilot)
    assert client.get(admin_url("contextissue", "list")).status_code == 200
    assert client.get(admin_url("contextissue", "inspect", row.pk)).status_code == 200
    assert refused(client.get(admin_url("contextissue", "edit", row.pk)))
    assert refused(client.get(admin_url("interestedparty", "add")))


def test_the_quality_engineer_edits_the_context_and_never_deletes_it(client, world, people,
                                                                     context):
    row = context["citizens"]
    client.force_login(people.quality)
    assert client.get(admin_url("interestedparty", "edit", row.pk)).status_code == 200
    assert refused(client.post(admin_url("interestedparty", "delete", row.pk)))
    assert InterestedParty.objects.filter(pk=row.pk).exists()
