"""The intranet pages run a fixed number of SQL queries whatever the number of documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms import todo
from tests import factories as f


def add_documents(library, people, accueil, start, count):
    for i in range(start, start + count):
        page = f.make_document(library, owner_service=accueil, author=people.agent,
                               reference=f"PRO-ACC-{i:03d}", title=f"Procédure d'accueil {i}",
                               applies_to=[accueil])
        f.publish(page, verifier=people.pilot, approver=people.quality)


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def urls(library):
    def build():
        from documents.models import ControlledDocumentPage

        doc = ControlledDocumentPage.objects.live().order_by("pk").first()
        return {
            "home": "/",
            "library": library.url,
            "library-filtered": library.url + "?type=procedure",
            "document": doc.url,
            "search": "/search/?q=procedure+accueil",
        }

    return build


def test_intranet_pages_are_constant_in_queries(client, library, people, accueil, urls):
    add_documents(library, people, accueil, 1, 3)
    client.force_login(people.agent)
    small = {name: count_queries(client, url) for name, url in urls().items()}
    add_documents(library, people, accueil, 4, 9)
    large = {name: count_queries(client, url) for name, url in urls().items()}
    assert large == small


# The home page sums up the to-do list: at most one query per registered provider
# (documents to review, actions, risks, evaluations due…), whatever the number of items,
# besides the user's services, looked up once per request (qms.permissions.services_of).
HOME_WITHOUT_TODO = 11


@pytest.mark.parametrize(
    "name, limit",
    [("home", HOME_WITHOUT_TODO + len(todo.providers())), ("library", 16), ("library-filtered", 17), ("document", 19), ("search", 18)],
)
def test_query_budget(client, library, people, accueil, urls, name, limit,
                      django_assert_max_num_queries):
    add_documents(library, people, accueil, 1, 6)
    client.force_login(people.agent)
    url = urls()[name]
    client.get(url)  # warm the per-process caches (content types, site root paths)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
