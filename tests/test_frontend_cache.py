"""Front-end cache invalidation: publishing or changing the status of an event purges every URL
that shows it, in every language, through the backend configured in WAGTAILFRONTENDCACHE (the
recording backend of tests/frontend_cache.py)."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Locale

from cms_events.publishing.status_change import change_event_status
from cms_events.sharing.shortlinks import short_link_for
from cms_events.status import EventStatus
from tests.frontend_cache import RecordingBackend

BASE = "http://testserver"


@pytest.fixture
def purged():
    RecordingBackend.purged.clear()
    yield RecordingBackend.purged
    RecordingBackend.purged.clear()


@pytest.fixture
def bilingual_event(make_event):
    """A published event with a published English translation (its parents become aliases)."""
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    english = event.copy_for_translation(english_locale, copy_parents=True)
    english.title = "Work conference"
    english.save_revision().publish()
    return event, english


def urls_showing(event):
    """Return the URLs of one language version of an event, its index and its home page."""
    index = event.get_parent()
    prefix = "/en" if event.locale.language_code == "en" else ""
    return {
        f"{BASE}{prefix}/agenda/werkconferentie/",
        f"{BASE}/evenement/{event.pk}/agenda.ics",
        f"{BASE}{prefix}/agenda/",
        f"{BASE}{prefix}/agenda/archief/",
        f"{BASE}/agenda-feed/{index.pk}.ics",
        f"{BASE}{prefix}/",
    }


def test_publishing_an_event_purges_its_pages_listings_feeds_and_calendars_in_every_language(
    bilingual_event, purged, django_capture_on_commit_callbacks
):
    event, english = bilingual_event
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert urls_showing(event) | urls_showing(english) <= set(purged)


def test_the_purge_waits_for_the_commit(make_event, purged, django_capture_on_commit_callbacks):
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event.save_revision().publish()
    # Wagtail purges the page itself at once; the listings and files follow the commit.
    assert f"{BASE}/evenement/{event.pk}/agenda.ics" not in purged
    for callback in callbacks:
        callback()
    assert urls_showing(event) <= set(purged)


def test_a_status_change_purges_the_event_everywhere(
    bilingual_event, purged, django_capture_on_commit_callbacks
):
    event, english = bilingual_event
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_event_status(event, status=EventStatus.CANCELLED, headline="Gaat niet door")
    assert urls_showing(event) | urls_showing(english) <= set(purged)


def test_unpublishing_an_event_purges_where_it_was_shown(
    make_event, purged, django_capture_on_commit_callbacks
):
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()
    assert urls_showing(event) <= set(purged)


def test_the_printable_invitation_is_purged_once_it_exists(
    make_event, purged, django_capture_on_commit_callbacks
):
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    code = short_link_for(event).code
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert f"{BASE}/e/{code}/uitnodiging/" in purged


def test_a_series_purges_the_invitations_of_the_dates_it_lists(
    make_event, purged, django_capture_on_commit_callbacks
):
    from cms_events.models.series import SHOWN_DATES

    event = make_event(title="Inloop", slug="inloop", repeat="weekly", repeat_count=20)
    code = short_link_for(event).code
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    dated = {url for url in purged if re.search(r"/\d{4}-\d{2}-\d{2}/uitnodiging/$", url)}
    coming = [o.date.isoformat() for o in event.shown_upcoming_dates()]
    assert len(coming) == SHOWN_DATES
    assert dated == {f"{BASE}/e/{code}/{day}/uitnodiging/" for day in coming}


@override_settings(WAGTAILFRONTENDCACHE={})
def test_without_a_front_end_cache_nothing_is_queued_after_the_commit(
    make_event, purged, django_capture_on_commit_callbacks
):
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event.save_revision().publish()
    assert callbacks == []
    assert purged == []
