"""Celery application (after paperless-ngx's celery.py).

Configuration comes from Django settings prefixed with CELERY_; the beat schedule lives in
settings (CELERY_BEAT_SCHEDULE). Without CELERY_BROKER_URL tasks run eagerly in-process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.base")

app = Celery("qms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
