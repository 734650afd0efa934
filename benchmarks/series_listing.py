"""The index and its feed with series (`make bench`): 1000 single events, then 50 weekly series
over a year (about 2,600 stored dates) on top. The index must take as many queries with the
series as without; the feed's cold time is the figure to watch (target: under 0.5 s).

Test settings: SQLite in a temporary file, or PostgreSQL when TEST_DATABASE_URL is set (in a
database named <BENCH_DB_PREFIX>render, as render_pages.py). Exits non-zero when the query
counts differ.
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.render_pages import get, setup_database, timed  # noqa: E402
from benchmarks.seed import add_events, add_series, analyze  # noqa: E402
from benchmarks.yardstick import yardstick_ms  # noqa: E402
from cms_events.models import EventIndexPage, Occurrence  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "50"))
SERIES = 50


def measure(client, index):
    feed = f"/agenda-feed/{index.pk}.ics"
    rows = [
        ("Index (first page of 20)", get(client, "/agenda/"), RUNS, None),
        ("Index, next month", get(client, "/agenda/?wanneer=deze-maand"), RUNS, None),
        ("Feed, cold", get(client, feed), max(5, RUNS // 5), cache.clear),
        ("Feed, warm", get(client, feed), max(5, RUNS // 5), None),
    ]
    return {name: timed(request, runs, before) for name, request, runs, before in rows}


def main():
    setup_database()
    call_command("load_demo_events", stdout=io.StringIO())
    index = EventIndexPage.objects.get(locale__language_code="nl")
    add_events(index, 1000)
    analyze()
    client = Client()
    before = measure(client, index)
    add_series(index, SERIES)
    analyze()
    dates = Occurrence.objects.filter(page__repeat="weekly").count()
    after = measure(client, index)
    print(f"**{connection.vendor}**: 1000 single events, then {SERIES} weekly series ({dates}")
    print("stored dates) on top; Django test client, server time only.\n")
    print("| page | without series: median ms | queries | with series: median ms | queries |")
    print("| --- | ---: | ---: | ---: | ---: |")
    same = True
    for name, (median, _p95, queries) in before.items():
        median_after, _p95_after, queries_after = after[name]
        same &= queries == queries_after or not name.startswith("Index")
        print(f"| {name} | {median:.1f} | {queries} | {median_after:.1f} | {queries_after} |")
    print(f"\nYardstick, sum(i * i for i in range(10**6)): {yardstick_ms(5):.1f} ms.\n")
    if not same:
        print("The index takes more queries with series than without.")
        sys.exit(1)


if __name__ == "__main__":
    main()
