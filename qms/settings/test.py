"""Settings for the test suite: the base settings with fast hashing and eager Celery.
The integration tests marked celery_worker switch eagerness off for themselves and use
the real broker named by CELERY_BROKER_URL (the PostgreSQL run of .ci/run)."""

import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = True
LANGUAGE_CODE = "fr"
