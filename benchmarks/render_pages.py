"""Render the example event pages and an index of 200 events; print timings and SQL queries.

Run with `make bench`. Uses the test settings (an in-memory SQLite database unless
TEST_DATABASE_URL points at PostgreSQL) and Django's test client, so it measures the server's
work without the network.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms_events.models import EventIndexPage, EventPage  # noqa: E402
from home.demo_events import item, local, speaker  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "50"))


def measure(client, url, runs=RUNS):
    """Return (median ms, p95 ms, queries) for GETting `url`."""
    client.get(url)  # warm caches and template loading
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries)


def add_events(index, count):
    day = timezone.localdate() + timedelta(days=1)
    for n in range(count):
        start = local(day + timedelta(days=n % 300), 10)
        event = EventPage(
            title=f"Benchmark-evenement {n}",
            slug=f"benchmark-{n}",
            start=start,
            end=start + timedelta(hours=2),
            venue_name="Zaal",
            city="Utrecht",
            intro="Een evenement voor de benchmark.",
        )
        index.add_child(instance=event)
        event.save_revision().publish()


def event_with_program(index, items):
    day = timezone.localdate() + timedelta(days=400)
    program = [
        item(
            f"{9 + n * 6 // 60:02d}:{n * 6 % 60:02d}:00",
            f"Onderdeel {n}",
            speakers=[speaker(f"Spreker {n}", "rol", "organisatie")],
            subthemes=["A", "B"],
        )
        for n in range(items)
    ]
    event = EventPage(
        title=f"Programma met {items} onderdelen",
        slug=f"programma-{items}",
        start=local(day, 9),
        end=local(day, 20),
        venue_name="Zaal",
        city="Utrecht",
        program=program,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event.url


def main():
    setup_test_environment()
    if connection.vendor == "sqlite":
        # A database of its own, so a benchmark never collides with a running test suite.
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_demo_events", stdout=io.StringIO())
    index = EventIndexPage.objects.get()
    add_events(index, 200)
    client = Client()
    pages = {
        "Politiek Café": "/agenda/divosa-politiek-cafe/",
        "Utrecht invitation": "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/",
        "index (206 events, page 1)": "/agenda/",
        "archive": "/agenda/archief/",
        "home": "/",
    }
    print(f"{connection.vendor}, {RUNS} runs per page")
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, url in pages.items():
        median, p95, queries = measure(client, url)
        print(f"{name:34} {median:10.1f} {p95:8.1f} {queries:8d}")
    print()
    print("Queries of an event page by program length:")
    for items in (10, 100):
        url = event_with_program(index, items)
        median, p95, queries = measure(client, url, runs=10)
        print(f"  {items:3d} program items: {queries} queries, median {median:.1f} ms")


if __name__ == "__main__":
    main()
