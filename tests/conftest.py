"""Shared fixtures: a site with a home page and an events index, and an event factory."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Site

from cms_events.models import EventIndexPage, EventPage
from cms_events.publishing.page_cache import forget_local_copies
from home.demo_events import ensure_root_page, local
from home.models import HomePage


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and kept pages live in the cache; each test starts with none."""
    cache.clear()
    forget_local_copies()


@pytest.fixture
def home_page(db):
    root = ensure_root_page()
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Evenementen", slug="home")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", root_page=home, is_default_site=True, site_name="Evenementen"
    )
    return home


@pytest.fixture
def event_index(home_page):
    index = EventIndexPage(title="Agenda", slug="agenda")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def event_fields(**overrides):
    """Return the fields of a valid upcoming one-afternoon event, with overrides."""
    day = timezone.localdate() + timedelta(days=30)
    fields = {
        "title": "Testbijeenkomst",
        "start": local(day, 14),
        "end": local(day, 17),
        "venue_name": "Stadskantoor",
        "street": "Stadsplateau 1",
        "postcode": "3521AZ",
        "city": "Utrecht",
        "intro": "Een bijeenkomst om te testen.",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_event(event_index):
    """Return a function that creates and publishes an event below the index."""

    def make(*, publish=True, parent=None, **overrides):
        event = EventPage(**event_fields(**overrides), live=publish)
        (parent or event_index).add_child(instance=event)
        revision = event.save_revision()
        if publish:
            revision.publish()
            event.refresh_from_db()
        return event

    return make


@pytest.fixture
def demo_site(db):
    """Load the demo content with the real command."""
    call_command("load_demo_events", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run `transaction.on_commit` callbacks (mail tasks) inside the test's transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
