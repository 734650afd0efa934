"""The calendar sequence counter rises on published changes of time, place or status only."""

from datetime import timedelta

import pytest

from cms_events.models import EventPage
from cms_events.publishing.status_change import change_event_status

pytestmark = pytest.mark.django_db


def publish_edit(event, **changes):
    """Edit the latest revision as an editor would and publish it; return the fresh page."""
    page = event.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_new_event_starts_at_sequence_zero(make_event):
    assert make_event().sequence == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"start": "shift"},
        {"end": "shift"},
        {"city": "Amersfoort"},
        {"venue_name": "Andere zaal"},
        {"online_url": "https://example.org/live"},
        {"status": "cancelled"},
    ],
)
def test_published_change_of_time_place_or_status_raises_the_sequence(make_event, changes):
    event = make_event()
    values = {
        name: (getattr(event, name) + timedelta(minutes=30) if value == "shift" else value)
        for name, value in changes.items()
    }
    if "start" in values:
        values["end"] = event.end + timedelta(minutes=30)
    assert publish_edit(event, **values).sequence == 1


@pytest.mark.parametrize("changes", [{"title": "Nieuwe titel"}, {"intro": "Andere intro"}])
def test_unrelated_edits_leave_the_sequence_alone(make_event, changes):
    event = make_event()
    assert publish_edit(event, **changes).sequence == 0


def test_saving_a_draft_does_not_raise_the_sequence(make_event):
    event = make_event()
    page = event.get_latest_revision_as_object()
    page.city = "Zwolle"
    page.save_revision()
    assert EventPage.objects.get(pk=event.pk).sequence == 0


def test_a_stale_revision_cannot_lower_the_sequence(make_event):
    event = make_event()
    stale = event.get_latest_revision_as_object()  # drafted at sequence 0
    change_event_status(event, status="postponed")
    change_event_status(event, status="scheduled")
    stale.title = "Later gepubliceerd"
    stale.status = "scheduled"
    stale.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).sequence == 2


def test_each_published_change_counts_once(make_event):
    event = make_event()
    change_event_status(event, status="postponed")
    change_event_status(event, status="postponed", headline="Nog geen nieuwe datum")
    later = event.start + timedelta(days=14)
    event = change_event_status(
        event, status="rescheduled", start=later, end=later + timedelta(hours=3)
    )
    assert event.sequence == 2
    assert event.previous_start is not None


def test_first_publication_of_a_draft_does_not_count_as_a_change(make_event):
    event = make_event(publish=False)
    assert publish_edit(event, city="Delft").sequence == 0
