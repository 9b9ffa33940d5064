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
    from pathlib import Path

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
    import_module("audits.migrations.0002_criteria_data").forward(apps, None)
    # Every app's role permissions, and the data migrations that ship reference data
    # (named *_data), in app order.
    for config in apps.get_app_configs():
        migrations = Path(config.path) / "migrations"
        if config.name == "qms" or not migrations.is_dir() or "site-packages" in config.path:
            continue
        for module in sorted(migrations.glob("*.py")):
            if module.stem == "0002_criteria_data" and config.name == "audits":
                continue
            if module.stem.endswith(("_role_permissions", "_data")):
                import_module(f"{config.name}.migrations.{module.stem}").forward(apps, None)


@pytest.fixture
def worker():
    """A real Celery worker (solo pool) over the configured broker, for the tests marked
    celery_worker (see tests/worker.py)."""
    from celery.contrib.testing.worker import start_worker

    from qms.celery import app

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.fixture
def intranet_structure(transactional_db):
    """For tests that commit (live server, real Celery worker): the structure the data
    migrations made, rebuilt if a previous transactional test flushed it."""
    _rebuild_structure()
    from documents.models import LibraryPage

    return LibraryPage.objects.get()

from tests import factories as f  # noqa: E402


@pytest.fixture
def accueil(db):
    return f.ServiceFactory(code="accueil", name="Accueil – Guichet unique")


@pytest.fixture
def etat_civil(db):
    return f.ServiceFactory(code="etat-civil", name="État civil")


@pytest.fixture
def people(accueil, etat_civil):
    """The people of a small municipality: the quality engineer, the pilot and agents of
    the reception service, and a pilot of another service."""

    class People:
        quality = f.quality_engineer(username="qualite", service=f.ServiceFactory(code="dgs"))
        quality2 = f.quality_engineer(username="qualite2", service=quality.service)
        pilot = f.pilot(username="pilote", service=accueil)
        agent = f.agent(username="agent", service=accueil)
        agent2 = f.agent(username="agent2", service=accueil)
        other_pilot = f.pilot(username="pilote-ec", service=etat_civil)
        other_agent = f.agent(username="agent-ec", service=etat_civil)

    return People


@pytest.fixture
def draft(library, accueil, people):
    return f.make_document(
        library,
        owner_service=accueil,
        author=people.agent,
        reference="PRO-ACC-001",
        title="Procédures d'accueil du public",
        applies_to=[accueil],
    )


@pytest.fixture
def published(draft, people):
    return f.publish(draft, verifier=people.pilot, approver=people.quality)
