"""The demo data registry.

qms sits at the bottom of the dependency graph, so it cannot import the apps' demo
loaders; each app registers its own in ``AppConfig.ready()``::

    from qms import demo
    demo.register("indicators", "indicators.demo.load_demo", order=30)

``load_all`` (run by ``manage.py load_demo``) runs every registered loader in ``order``,
all in one transaction: a loader that fails leaves nothing behind. A loader is a
callable taking ``stdout`` (or its dotted path, imported only when the demo is loaded)
and is idempotent: it finds its rows by their natural keys and creates only what is
missing, so loading twice changes nothing.

The demo creates users with a known password: it is loaded only when DEBUG is on. It
sends no e-mail: the notifications that its writes trigger (run when the transaction
commits, after every loader) would go to the demo addresses.
"""

import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# Loggers that report each task or publication while loading; kombu warns that the
# in-memory broker of eager Celery has no hostname.
QUIET_LOGGERS = {"wagtail": logging.WARNING, "django_tasks": logging.WARNING,
                 "celery": logging.WARNING, "kombu": logging.ERROR}


class DemoRefused(Exception):
    """The demo data may not be loaded here (DEBUG is off, or a prerequisite is missing)."""


@dataclass(frozen=True)
class Loader:
    name: str
    loader: Callable | str
    order: int

    def resolve(self) -> Callable:
        return import_string(self.loader) if isinstance(self.loader, str) else self.loader


_registry: dict[str, Loader] = {}


def register(name: str, loader: Callable | str, order: int = 100) -> None:
    """Register an app's demo loader, run by `load_all` by increasing `order` (then name).

    Registering a name again replaces its loader (AppConfig.ready() may run twice)."""
    _registry[name] = Loader(name, loader, order)


def registered() -> list[Loader]:
    """The registered loaders, in the order they run."""
    return sorted(_registry.values(), key=lambda entry: (entry.order, entry.name))


def load_all(stdout=None) -> dict[str, object]:
    """Run every registered loader in order, in one transaction; return what each
    returned, by name. Refused unless DEBUG is on."""
    if not settings.DEBUG:
        raise DemoRefused(
            "The demo data (users with a known password) is loaded only when DEBUG is on."
        )
    results = {}
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        _quiet_logs(),
    ):
        with transaction.atomic():  # its on-commit tasks run inside the two contexts
            for entry in registered():
                results[entry.name] = entry.resolve()(stdout=stdout)
    return results


@contextmanager
def _quiet_logs():
    loggers = {logging.getLogger(name): level for name, level in QUIET_LOGGERS.items()}
    previous = {logger: logger.level for logger in loggers}
    for logger, level in loggers.items():
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in previous.items():
            logger.setLevel(level)
