"""For the tests that go through a real Celery worker over Redis (marked celery_worker,
run by .ci/run against PostgreSQL): the `worker` fixture (in conftest.py) and waiting."""

import os
import time

import pytest

#: Skips a module's tests unless a real broker is configured.
needs_real_broker = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"),
        reason="needs CELERY_BROKER_URL=redis://… (a real broker)",
    ),
]


def wait_for(predicate, timeout=30) -> bool:
    """Whether `predicate()` came true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False
