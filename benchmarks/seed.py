"""Content for the benchmarks: many events quickly, a long program, an event to register for.

`python benchmarks/seed.py --events 1000` fills the database of the current settings (the demo
plus that many events); the other scripts import the functions.
"""

import argparse
import io
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def add_events(index, count, *, days_from_now=1, prefix="benchmark"):
    """Add `count` live events below `index`, spread over 300 days (no revisions: fast)."""
    from django.db import transaction
    from django.utils import timezone

    from cms_events.models import EventPage
    from home.demo_events import local

    now = timezone.now()
    with transaction.atomic():
        for n in range(count):
            day = timezone.localdate() + timedelta(days=days_from_now + n % 300)
            start = local(day, 10)
            event = EventPage(
                title=f"Benchmark-evenement {n}",
                slug=f"{prefix}-{n}",
                start=start,
                end=start + timedelta(hours=2),
                venue_name="Zaal",
                street="Voorbeeldstraat 1",
                postcode="3511 AB",
                city="Utrecht",
                organiser="Voorbeeldvereniging",
                intro="Een evenement voor de benchmark.",
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=event)


def publish_event(index, **fields):
    """Add and publish an event (with a revision, as an editor would) and return it."""
    from django.utils import timezone

    from cms_events.models import EventPage
    from home.demo_events import local

    day = timezone.localdate() + timedelta(days=fields.pop("days_from_now", 60))
    defaults = {
        "start": local(day, 9),
        "end": local(day, 20),
        "venue_name": "Zaal",
        "city": "Utrecht",
    }
    event = EventPage(**{**defaults, **fields})
    index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def event_with_program(index, items):
    """Add an event whose program has `items` items, each with a speaker, themes and a link."""
    from home.demo_events import item, speaker

    program = [
        item(
            f"{9 + n * 6 // 60:02d}:{n * 6 % 60:02d}:00",
            f"Onderdeel {n}",
            description=f'Zie <a linktype="page" id="{index.pk}">de agenda</a>.',
            speakers=[speaker(f"Spreker {n}", "rol", "organisatie")],
            subthemes=["A", "B"],
        )
        for n in range(items)
    ]
    title = f"Programma met {items} onderdelen"
    return publish_event(index, title=title, slug=f"programma-{items}", program=program)


def registration_event(index, capacity, slug="aanmelden-belastingtest"):
    """Add an event with an open form, `capacity` places and a waiting list."""
    return publish_event(
        index,
        title="Belastingtest: aanmelden",
        slug=slug,
        registration_mode="form",
        capacity=capacity,
        waiting_list_enabled=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=150, help="0: no limit")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    import django

    django.setup()
    from django.core.management import call_command

    from cms_events.models import EventIndexPage

    call_command("load_demo_events", "--port", "8801", stdout=io.StringIO())
    index = EventIndexPage.objects.get(locale__language_code="nl")
    add_events(index, args.events)
    registration_event(index, args.capacity or None)
    analyze()
    print(f"Seeded the demo, {args.events} events and a registration event.")


if __name__ == "__main__":
    main()


def add_series(index, count, *, prefix="reeks"):
    """Add `count` live weekly series below `index`, each running a year from next week (about
    52 dates each), on the weekdays in turn."""
    from django.db import transaction
    from django.utils import timezone

    from cms_events.models import EventPage
    from home.demo_events import local

    now = timezone.now()
    with transaction.atomic():
        for n in range(count):
            first = timezone.localdate() + timedelta(days=1 + n % 7)
            start = local(first, 10)
            event = EventPage(
                title=f"Benchmark-reeks {n}",
                slug=f"{prefix}-{n}",
                start=start,
                end=start + timedelta(hours=1, minutes=30),
                repeat="weekly",
                repeat_weekdays=str(first.weekday()),
                repeat_until=first + timedelta(days=364),
                venue_name="Bibliotheek",
                city="Utrecht",
                intro="Een wekelijkse reeks voor de benchmark.",
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            index.add_child(instance=event)


def analyze():
    """Update PostgreSQL's planner statistics after a bulk load, as autovacuum does within a
    minute of it: with the statistics of the empty tables, PostgreSQL joined the index's dates
    to its pages in a nested loop (3 million row comparisons, 0.25 s instead of 4 ms).

    SQLite gathers no statistics by itself, and is left as it runs: after an `ANALYZE` its
    planner starts the private-section check (`visibility.restricted_sections`) from the pages
    rather than from the (empty) view restrictions, and the index takes ten times as long.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
