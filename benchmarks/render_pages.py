"""Server time and SQL queries per page type, as a Markdown table (`make bench`).

Django's test client in-process, so it measures the server's work without the network: the
demo site plus 1000 upcoming events. Test settings: SQLite in a temporary file, or
PostgreSQL when TEST_DATABASE_URL is set (in a database named cms_events_perf_render;
BENCH_DB_PREFIX changes the prefix). BENCH_RUNS sets the number of timed requests per page
(default 50; the feed gets a fifth). Each row is also given in yardsticks (benchmarks/yardstick.py),
measured just before and after it: those ratios compare between a quiet and a busy machine.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)

from benchmarks.seed import (  # noqa: E402
    add_events,
    analyze,
    event_with_program,
    registration_event,
)
from benchmarks.yardstick import yardstick_ms  # noqa: E402
from cms_events.models import EventIndexPage, EventPage  # noqa: E402
from cms_events.publishing.tree_version import new_tree_version  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "50"))
WORKER_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000"))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def timed(request, runs, before=None):
    """Return (median ms, p95 ms, queries of the last run) of calling `request` `runs` times."""
    timings = []
    for _ in range(runs):
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            request()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), percentile(timings, 0.95), len(queries)


def get(client, url):
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    request()  # warm up: templates, content types, site root paths
    return request


def registration_post(client, event, tasks=None):
    """Return a function that registers one new person through the form, as a browser would.

    With `tasks`, the TASKS setting while posting: the database backend queues the mail for the
    worker, as in production; by default it is sent in the request (django-tasks' immediate
    backend)."""
    page = client.get(event.url).content.decode()
    token = page.split('name="form_started" value="', 1)[1].split('"', 1)[0]
    numbers = iter(range(1_000_000))
    prefix = "worker" if tasks else "bench"

    def request():
        n = next(numbers)
        data = {
            "registrant_name": f"Persoon {n}",
            "registrant_email": f"{prefix}{n}@example.org",
            "consent": "on",
            "form_started": token,
        }
        with override_settings(TASKS=tasks) if tasks else nullcontext():
            response = client.post(event.url, data)
        assert response.status_code == 302, response.status_code

    return request


# The index's filters, all at once, for the index and the API (demo vocabulary and city).
FILTERS = "wanneer=deze-maand&vorm=op-locatie&thema=werk-en-inkomen&plaats=Utrecht"


def api_rows(client):
    """The read API's lists (cms_events/api/): events as the index pages them, a full page of
    100, filtered, in English; the dates; the venues, organisers and themes."""
    api = "/api/v1"
    return [
        (f"API events, {EVENTS} events (page of 20)", get(client, f"{api}/events/"), RUNS, None),
        (
            f"API events, {EVENTS} events (page of 100)",
            get(client, f"{api}/events/?per_pagina=100"),
            RUNS,
            None,
        ),
        ("API events, filtered", get(client, f"{api}/events/?{FILTERS}"), RUNS, None),
        ("API events, English", get(client, f"{api}/events/?taal=en"), RUNS, None),
        (
            "API occurrences (page of 100)",
            get(client, f"{api}/occurrences/?per_pagina=100"),
            RUNS,
            None,
        ),
        ("API venues", get(client, f"{api}/venues/"), RUNS, None),
        ("API organisers", get(client, f"{api}/organisers/"), RUNS, None),
        ("API themes", get(client, f"{api}/themes/"), RUNS, None),
    ]


def setup_database():
    setup_test_environment()
    if connection.vendor == "sqlite":
        name = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        name = os.environ.get("BENCH_DB_PREFIX", "cms_events_perf_") + "render"
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from django.conf import settings

    settings.CMS_EVENTS_RATE_LIMIT_PER_IP = (1_000_000, 60)
    settings.CMS_EVENTS_RATE_LIMIT_PER_EVENT = (1_000_000, 60)
    # Server time of pages as they are built: no page cache (the test settings have none).
    settings.CMS_EVENTS_PAGE_CACHE = None


def from_page_cache(client, url):
    """Return a function that GETs `url` from the page cache (in local memory)."""
    request = get(client, url)

    def cached():
        with override_settings(CMS_EVENTS_PAGE_CACHE="default"):
            request()

    cached()
    return cached


def main():
    setup_database()
    call_command("load_demo_events", stdout=io.StringIO())
    index = EventIndexPage.objects.get(locale__language_code="nl")
    started = time.perf_counter()
    add_events(index, EVENTS)
    analyze()
    seeding = time.perf_counter() - started
    long_program = event_with_program(index, 100)
    form_event = registration_event(index, capacity=None)
    cafe = EventPage.objects.get(slug="divosa-politiek-cafe")
    client = Client()
    feed = f"/agenda-feed/{index.pk}.ics"
    rows = [
        ("Event page: Politiek Café", get(client, cafe.url), RUNS, None),
        (
            "Event page: Politiek Café, just after a page was published",
            get(client, cafe.url),
            RUNS,
            new_tree_version,
        ),
        (
            "Event page: Utrecht invitation",
            get(client, "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/"),
            RUNS,
            None,
        ),
        (
            "Event page: Utrecht sample, open form",
            get(client, "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"),
            RUNS,
            None,
        ),
        ("Event page: 100 program items", get(client, long_program.url), RUNS, None),
        (f"Index, {EVENTS} events (first page of 20)", get(client, "/agenda/"), RUNS, None),
        (f"Index, {EVENTS} events, filtered", get(client, f"/agenda/?{FILTERS}"), RUNS, None),
        *api_rows(client),
        ("Archive", get(client, "/agenda/archief/"), RUNS, None),
        ("Home", get(client, "/"), RUNS, None),
        ("Search “evenement”", get(client, "/zoeken/?q=evenement"), RUNS, None),
        (f"Feed, {EVENTS} events, warm", get(client, feed), max(5, RUNS // 5), None),
        (f"Feed, {EVENTS} events, cold", get(client, feed), max(5, RUNS // 5), cache.clear),
        ("Single event .ics", get(client, f"/evenement/{cafe.pk}/agenda.ics"), RUNS, None),
        (
            "Event page: Utrecht sample, open form, from the page cache",
            from_page_cache(
                client, "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
            ),
            RUNS,
            None,
        ),
        (
            "Registration POST (302), mail sent in the request",
            registration_post(client, form_event),
            RUNS,
            None,
        ),
        (
            "Registration POST (302), mail queued for the worker",
            registration_post(client, form_event, WORKER_TASKS),
            RUNS,
            None,
        ),
    ]
    print(f"**{connection.vendor}**, {RUNS} timed requests per page ({EVENTS} events seeded")
    print(f"in {seeding:.0f} s); Django test client, server time only.\n")
    print("| page | median ms | p95 ms | queries | yardsticks |")
    print("| --- | ---: | ---: | ---: | ---: |")
    sticks = []
    for name, request, runs, before in rows:
        stick_before = yardstick_ms(3)
        median, p95, queries = timed(request, runs, before)
        stick = (stick_before + yardstick_ms(3)) / 2
        sticks.append(stick)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} | {median / stick:.3f} |")
    stick = statistics.median(sticks)
    print(f"\nYardstick, sum(i * i for i in range(10**6)): median {stick:.1f} ms.")
    print()


if __name__ == "__main__":
    main()
