"""Registration throughput: sequential and concurrent, through the form POST and the core.

Run with `make bench` (SQLite) or with TEST_DATABASE_URL=postgres://... for PostgreSQL.
Mail is sent to Django's in-memory outbox after each commit, as in production but without SMTP.
"""

import io
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms_events.models import EventIndexPage, EventPage, Registration  # noqa: E402
from cms_events.registration.services import register  # noqa: E402
from home.demo_events import local  # noqa: E402

SEQUENTIAL = int(os.environ.get("BENCH_REGISTRATIONS", "200"))
THREADS = 8


def new_event(index, slug, capacity):
    day = timezone.localdate() + timedelta(days=60)
    event = EventPage(
        title=f"Benchmark {slug}",
        slug=slug,
        start=local(day, 10),
        end=local(day, 12),
        venue_name="Zaal",
        city="Utrecht",
        registration_mode="form",
        capacity=capacity,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def through_the_form(event, count):
    """POST the page's form `count` times, as browsers would; return registrations/second."""
    client = Client()
    form_page = client.get(event.url).content.decode()
    token = form_page.split('name="form_started" value="', 1)[1].split('"', 1)[0]
    started = time.perf_counter()
    for n in range(count):
        response = client.post(
            event.url,
            {
                "registrant_name": f"Persoon {n}",
                "registrant_email": f"form{n}@example.org",
                "consent": "on",
                "form_started": token,
            },
            REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}",
        )
        assert response.status_code == 302, response.status_code
    return count / (time.perf_counter() - started)


def core_concurrently(event, count):
    """Call register() from THREADS threads at once; return registrations/second."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def work(offset):
        barrier.wait()
        try:
            for n in range(offset, count, THREADS):
                register(event, name=f"P{n}", email=f"core{n}@example.org")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return count / (time.perf_counter() - started)


def main():
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from django.conf import settings

    settings.CMS_EVENTS_RATE_LIMIT_PER_IP = (10_000, 60)
    settings.CMS_EVENTS_RATE_LIMIT_PER_EVENT = (100_000, 60)
    call_command("load_demo_events", stdout=io.StringIO())
    index = EventIndexPage.objects.get(locale__language_code="nl")
    print(f"{connection.vendor}: {SEQUENTIAL} registrations per run, capacity half of them")
    sequential = [
        through_the_form(new_event(index, f"form-{run}", SEQUENTIAL // 2), SEQUENTIAL)
        for run in range(3)
    ]
    print(f"  form POST, sequential:    {statistics.median(sequential):7.1f} registrations/s")
    concurrent = [
        core_concurrently(new_event(index, f"core-{run}", SEQUENTIAL // 2), SEQUENTIAL)
        for run in range(3)
    ]
    print(
        f"  register(), {THREADS} threads:    {statistics.median(concurrent):7.1f} registrations/s"
    )
    confirmed = Registration.objects.filter(status="confirmed").count()
    print(f"  confirmed {confirmed} of {Registration.objects.count()} (capacity held per event)")


if __name__ == "__main__":
    main()
