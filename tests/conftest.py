import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never to ./media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture
def library(db):
    from documents.models import LibraryPage

    return LibraryPage.objects.get()


@pytest.fixture
def home(db):
    from documents.models import IntranetHomePage

    return IntranetHomePage.objects.get()


def _rebuild_structure():
    """Recreate what the data migrations create (roles, page tree, workflow) after a
    transactional test has flushed the database."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.models import Group
    from wagtail.models import Locale, Page

    if Group.objects.exists() and Page.objects.filter(depth=2).exists():
        return
    import_module("qms.migrations.0003_roles").forward(apps, None)
    if not Page.objects.filter(depth=1).exists():
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(title="Root", slug="root")
    import_module("documents.migrations.0003_intranet_and_workflow").forward(apps, None)


@pytest.fixture
def intranet_structure(transactional_db):
    """For tests that commit (live server, real Celery worker): the structure the data
    migrations made, rebuilt if a previous transactional test flushed it."""
    _rebuild_structure()
    from documents.models import LibraryPage

    return LibraryPage.objects.get()
