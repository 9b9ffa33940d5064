"""Browser tests: Debian's chromium driven by Playwright's sync API against live_server.

Skipped cleanly when /usr/bin/chromium is missing (never run `playwright install`)."""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread: Django then refuses ORM
# calls from that thread (SynchronousOnlyOperation) unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _contenttypes_first_in_serialized_db(django_db_setup, django_db_blocker):
    """Make `serialized_rollback=True` work with Wagtail pages.

    After a transactional test the database is flushed, and the next test reloads the
    snapshot taken after the migrations (home, library, roles, workflow). The snapshot
    lists the models in INSTALLED_APPS order, `documents` before `contenttypes`; and
    Wagtail's Page.__init__ calls ContentType.objects.get_for_model(), which creates the
    content type of IntranetHomePage/LibraryPage before the snapshot's own row comes, so
    that row then fails on the (app_label, model) unique constraint. Loading the content
    types first lets get_for_model() find them."""
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if not contents:
            continue
        objects = json.loads(contents)
        first = [o for o in objects if o["model"] == "contenttypes.contenttype"]
        rest = [o for o in objects if o["model"] != "contenttypes.contenttype"]
        connection._test_serialized_contents = json.dumps(first + rest)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as pw:
        # Playwright's sync API leaves an asyncio loop marked as running in this thread,
        # so Django keeps its connections in a context variable and would open new ones.
        # Hand back the test database connections: they carry pytest-django's snapshot
        # for serialized_rollback, and live_server shares them (in-memory SQLite).
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(
        accept_downloads=True, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
