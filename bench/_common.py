"""What every benchmark shares: a temporary database, and the measure of a page.

Each bench puts the project root first on sys.path (its own folder must not shadow the
apps it is named after), then imports from here::

    ROOT = Path(__file__).resolve().parent.parent
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
    from bench._common import measure, setup_database
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["DJANGO_SETTINGS_MODULE"] = "qms.settings.base"
os.environ["DEBUG"] = "1"


def setup_database(prefix: str = "qms-bench-"):
    """A fresh temporary SQLite file unless DATABASE_URL is set (never the project's
    db.sqlite3); media in a temp folder. Returns (temporary folder, migrate seconds)."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("MEDIA_ROOT", str(tmp / "media"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif Path(os.environ["DATABASE_URL"].split("sqlite:///")[-1]) == ROOT / "db.sqlite3":
        sys.exit("Refused: DATABASE_URL points at the project's db.sqlite3.")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return tmp, time.perf_counter() - started


def measure(client, url, requests):
    """Median and p90 server time of `requests` requests, and the SQL queries of one
    request (DEBUG: Django resets its query log when each request starts, so the log
    after a request holds that request's queries, session and user included)."""
    from django.db import connection

    started = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - started
    if response.status_code != 200:
        return {"error": f"HTTP {response.status_code}"}
    cold = list(connection.queries)  # also the warm-up (templates, caches)
    client.get(url)
    warm = list(connection.queries)
    slowest = max(cold, key=lambda q: float(q["time"]), default=None)
    if first > 1:  # a slow page: fewer requests keep the run within minutes
        requests = max(3, min(requests, int(30 / first)))
    times = []
    for _i in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[max(0, int(len(times) * 0.9) - 1)],
        "requests": requests,
        "queries": len(warm),
        "first_queries": len(cold),
        "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0,
        "slowest_sql": slowest["sql"] if slowest else "",
        "kb": len(response.content) / 1024,
    }
