"""The feed keeps each event's VEVENT text between requests, and never serves a stale one."""

import pytest
from django.utils import translation
from icalendar import Calendar

from cms_events.calendar.ical import build_feed

pytestmark = pytest.mark.django_db


def summaries(client, index):
    calendar = Calendar.from_ical(client.get(f"/agenda-feed/{index.pk}.ics").content)
    return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


def test_a_changed_or_unpublished_event_shows_at_once(client, event_index, make_event):
    first = make_event(title="Eerste", slug="eerste")
    make_event(title="Tweede", slug="tweede")
    assert summaries(client, event_index) == ["Eerste", "Tweede"]
    first.title = "Eerste, verplaatst"
    first.save_revision().publish()
    assert summaries(client, event_index) == ["Eerste, verplaatst", "Tweede"]
    first.unpublish()
    assert summaries(client, event_index) == ["Tweede"]


def test_cached_feed_reads_as_the_builders_own_serialisation(client, event_index, make_event, rf):
    events = [make_event(title=f"Evenement {n}", slug=f"evenement-{n}") for n in range(3)]
    url = f"/agenda-feed/{event_index.pk}.ics"
    client.get(url)
    served = client.get(url).content
    request = rf.get("/", HTTP_HOST="testserver")
    with translation.override("nl"):
        built = build_feed(
            events, name=event_index.title, url_for=lambda event: event.get_full_url(request)
        )

    def without_stamps(text):
        return [line for line in text.splitlines() if not line.startswith(b"DTSTAMP")]

    assert without_stamps(served) == without_stamps(built.to_ical())


def test_a_new_address_of_a_dates_own_venue_reaches_the_kept_feed(make_event, event_index):
    from datetime import date

    from cms_events.calendar import feeds
    from cms_events.models import EventPage, SeriesDateChange
    from home.demo_events import local

    from .test_venues import make_venue

    venue = make_venue(name="Wijkcentrum De Boog", street="Boogstraat 1")
    series = make_event(
        title="Inloopochtend",
        start=local(date(2027, 3, 1), 10),
        end=local(date(2027, 3, 1), 11),
        repeat="weekly",
        repeat_weekdays="0",
        repeat_count=6,
    )
    series.date_changes.add(
        SeriesDateChange(locale=series.locale, date=date(2027, 3, 8), venue=venue)
    )
    series.save_revision().publish()

    def feed():
        events = feeds.feed_events(EventPage.objects.filter(pk=series.pk))
        with translation.override("nl"):
            text = feeds.feed_text(
                events, name="Agenda", url_for=lambda e: "https://example.org/x/", cache_key="t"
            )
        return text.decode().replace("\r\n ", "")

    assert "Boogstraat 1" in feed()
    venue.street = "Boogstraat 99"
    venue.save()
    assert "Boogstraat 99" in feed() and "Boogstraat 1," not in feed()
