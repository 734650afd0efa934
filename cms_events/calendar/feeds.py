"""The calendar feed of an index, serialised fast enough for a thousand events.

Profiling the feed of 1000 events showed most of its time in icalendar: building each VEVENT
and serialising it. The feed writes its VEVENTs with `ical.write_vevent()`, which writes what
icalendar writes without building its objects. An event's VEVENT only changes when the event
does, so its text is kept
in the cache under a digest of everything `ical.vevent_properties()` reads; the feed is the
calendar's own text with those VEVENTs put in. A changed event gets a new key, so nothing
is ever served stale, and no signal has to clear anything.

DTSTAMP is then the moment this version of the event was first served, which is what
RFC 5545 asks of a calendar without METHOD: when the information was last revised.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from cms_events.calendar import ical, recurrence
from cms_events.models.event import RULE_FIELDS

# The fields `ical.vevent_properties()` reads. A field missing here is loaded once per event: the
# feed's query-count test fails. Raise VEVENT_FORMAT when the VEVENT's shape changes.
FEED_FIELDS = (
    "id",
    "path",
    "depth",
    "url_path",
    "title",
    "slug",
    "live",
    "locale",
    "content_type",
    "translation_key",
    "last_published_at",
    "intro",
    "sequence",
    "status",
    "organiser",
    "organiser_url",
    "organised_by",
    *ical.LOCATION_FIELDS,
    "start",
    "end",
    "all_day",
    *RULE_FIELDS,
)
VEVENT_FORMAT = 4
# What a date of a series that differs gives its VEVENT.
CHANGE_FIELDS = ("status", "start_time", "end_time", "venue_id", "subtitle", "speaker", "text")
TIMEOUT = 60 * 60 * 24
END = b"END:VCALENDAR\r\n"


def address(change):
    """Return what a date's own venue gives its VEVENT (it changes without the event)."""
    venue = change.venue
    return venue and (venue.name, venue.street, venue.postcode, venue.city)


def vevent_key(event, url):
    """Return a digest of everything the VEVENT of this version of `event` at `url` shows."""
    parts = [
        VEVENT_FORMAT,
        url,
        translation.get_language(),
        timezone.get_current_timezone_name(),
        ical.organiser_email(),
        settings.WAGTAIL_SITE_NAME,
        *(getattr(event, event._meta.get_field(name).attname) for name in FEED_FIELDS),
        # What a chosen venue and organiser give the VEVENT (they change without the event).
        event.place,
        event.organiser_info,
        # A series: its dates that differ, and the day its window (of an open series) ends.
        *(
            (
                change.date,
                change.kind,
                *(getattr(change, f) for f in CHANGE_FIELDS),
                address(change),
            )
            for change in (event.date_changes_of() if event.is_series else ())
        ),
        # An open series is written up to a window that moves on with the day.
        event.window_end(timezone.localdate(), recurrence.OPEN_HORIZON)
        if event.is_series
        else None,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def vevents_text(events, url_for, cache_key):
    """Return the serialised VEVENTs of `events`, reusing those kept under `cache_key`.

    One cache entry per feed (a dict of VEVENT texts by `vevent_key`), so that a local-memory
    cache with its few hundred entries keeps a feed of a thousand events too.
    """
    urls = [url_for(event) for event in events]
    keys = [vevent_key(event, url) for event, url in zip(events, urls, strict=True)]
    known = cache.get(cache_key) or {}
    texts = {}
    for event, url, key in zip(events, urls, keys, strict=True):
        texts[key] = known.get(key) or b"".join(
            ical.write_vevent(properties) for properties in ical.vevents_properties(event, url=url)
        )
    if texts.keys() != known.keys():
        cache.set(cache_key, texts, TIMEOUT)
    return b"".join(texts[key] for key in keys)


def feed_text(events, *, name, url_for, cache_key):
    """Return the feed of `events` as `ical.build_feed()` would serialise it.

    `cache_key` names the feed (index, host and language) for the VEVENTs kept between
    requests.
    """
    calendar = ical.build_feed([], name=name, url_for=url_for).to_ical()
    if not calendar.endswith(END):
        raise ValueError("an iCalendar text ends with END:VCALENDAR")
    key = f"cms_events:feed:{cache_key}"
    return calendar.removesuffix(END) + vevents_text(list(events), url_for, key) + END


def feed_events(events):
    """Return `events` with only the fields the feed uses, StreamFields not loaded, and their
    venues and organisers."""
    return (
        events.select_related("venue", "organised_by")
        .only(*FEED_FIELDS, *(f"venue__{name}" for name in VENUE_FIELDS), *ORGANISER_FIELDS)
        .prefetch_related("date_changes__venue")
    )


# What the VEVENT reads of a chosen venue and organiser.
VENUE_FIELDS = ("translation_key", "locale", "name", "street", "postcode", "city")
ORGANISER_FIELDS = ("organised_by__name", "organised_by__website")
