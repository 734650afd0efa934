"""Migration 0016 only adds venues, organisers, themes and audiences: every existing event
keeps its typed place and organiser, and shows and exports what it did."""

import pytest

from cms_events.calendar.ical import build_vevent
from cms_events.formatting import format_place_lines
from cms_events.models import Audience, EventPage, Organiser, Theme, Venue
from cms_events.sharing.jsonld import build_event_jsonld
from tests.migration_helpers import (  # noqa: F401
    back_to_the_latest_migrations,
    migrate,
    migrate_to_the_latest,
)

BEFORE = [("cms_events", "0015_reminders")]
AFTER = [("cms_events", "0016_venues_organisers_themes")]
KEPT = ("venue_name", "street", "postcode", "city", "meeting_point", "organiser", "organiser_url")


def outputs(event):
    vevent = build_vevent(event, url="https://example.org/x/")
    return (
        str(vevent["LOCATION"]),
        str(vevent["ORGANIZER"].params["CN"]),
        build_event_jsonld(event, "https://example.org/x/")["location"],
        format_place_lines(event),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_existing_events_keep_their_typed_place_and_organiser(make_event):
    event = make_event(
        meeting_point="zaal 2", organiser="Gemeente Utrecht", organiser_url="https://utrecht.nl/"
    )
    before = outputs(event)
    old = migrate(BEFORE)
    old_event = old.get_model("cms_events", "EventPage").objects.get(pk=event.pk)
    typed = {name: getattr(old_event, name) for name in KEPT}
    sequence = old_event.sequence
    migrate(AFTER)
    # What 0016 left, read with today's model: the later migrations only add.
    migrate_to_the_latest()
    migrated = EventPage.objects.get(pk=event.pk)
    assert {name: getattr(migrated, name) for name in KEPT} == typed
    assert migrated.sequence == sequence
    assert migrated.venue_id is None and migrated.organised_by_id is None
    assert not migrated.themes.exists() and not migrated.audiences.exists()
    # Nothing is invented from the free text.
    for model in (Venue, Organiser, Theme, Audience):
        assert not model.objects.exists()
    assert outputs(migrated) == before
