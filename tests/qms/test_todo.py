"""The to-do list gathers every module's tasks for the signed-in person."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qms import todo
from qms.todo import TodoItem


@pytest.fixture
def provider():
    """A provider registered for the test only."""
    today = timezone.localdate()

    def tasks(user):
        return [
            TodoItem(category="Later", title="Due next week", url="/b/",
                     due=today + datetime.timedelta(days=7)),
            TodoItem(category="Late", title="Overdue task", url="/a/",
                     due=today - datetime.timedelta(days=3)),
        ]

    todo.register(tasks, name="test-provider", order=99)
    yield tasks
    todo._providers.pop("test-provider")


def test_items_are_sorted_overdue_first(provider, people):
    items = todo.items_for(people.agent)
    titles = [item.title for item in items if item.url in ("/a/", "/b/")]
    assert titles == ["Overdue task", "Due next week"]
    assert [item.is_overdue for item in items if item.url in ("/a/", "/b/")] == [True, False]


def test_todo_page_lists_the_tasks_and_needs_a_login(client, provider, people):
    url = reverse("todo")
    assert client.get(url).status_code == 302

    client.force_login(people.agent)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overdue task" in html and 'href="/a/"' in html
    assert html.index("Overdue task") < html.index("Due next week")


def test_pending_acknowledgement_is_a_task(client, published, people):
    """Publishing a version asks its readers to acknowledge it: it is on their list."""
    items = todo.items_for(people.agent)
    assert any(published.reference in item.title for item in items)
    client.force_login(people.agent)
    assert published.reference in client.get(reverse("todo")).content.decode()


def test_document_due_for_review_is_a_task_of_its_pilot(published, people):
    published.next_review_date = timezone.localdate() - datetime.timedelta(days=1)
    published.save(update_fields=["next_review_date"])

    pilot_items = [i for i in todo.items_for(people.pilot) if published.reference in i.title]
    assert any(i.is_overdue for i in pilot_items)
    other = [i for i in todo.items_for(people.other_pilot) if published.reference in i.title]
    assert other == []
