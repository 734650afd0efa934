"""Redis away: the public site and registration keep working on production's cache settings,
rate limits fail open, and the health endpoint still reports the outage.

The cache settings are read from config.settings.production itself, pointed at a port on
which nothing listens, so the test exercises exactly what production runs.
"""

import logging

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from cms_events.models import Registration
from config import cache as fail_soft_cache

from .production_env import production_module
from .registration_helpers import register_via_page
from .services import free_port

pytestmark = pytest.mark.django_db

# Nothing listens there: connecting is refused at once, as when Redis is stopped.
CLOSED_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def redis_away(monkeypatch):
    """Production's cache and session settings, with Redis not running."""
    production = production_module(monkeypatch, REDIS_URL=CLOSED_REDIS_URL)
    monkeypatch.setattr(fail_soft_cache, "_away_until", {})
    with override_settings(CACHES=production.CACHES, SESSION_ENGINE=production.SESSION_ENGINE):
        yield


def test_production_uses_the_fail_soft_cache_on_redis_url(monkeypatch):
    production = production_module(monkeypatch, REDIS_URL=CLOSED_REDIS_URL)
    assert production.CACHES["default"]["BACKEND"] == "config.cache.FailSoftRedisCache"
    assert production.CACHES["default"]["LOCATION"] == CLOSED_REDIS_URL


def test_public_pages_answer_while_redis_is_away(redis_away, client, make_event, event_index):
    event = make_event(title="Werkconferentie", registration_mode="form")
    pages = {
        "home": "/",
        "index": event_index.url,
        "archive": event_index.url + "archief/",
        "event": event.url,
        "event .ics": reverse("cms_events:event_ics", args=[event.pk]),
        "feed": reverse("cms_events:feed", args=[event_index.pk]),
        "search": "/zoeken/?q=Werkconferentie",
    }
    statuses = {name: client.get(url).status_code for name, url in pages.items()}
    assert statuses == dict.fromkeys(pages, 200)
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Werkconferentie"


def test_registration_works_while_redis_is_away(redis_away, client, make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    response = register_via_page(client, event)
    assert response.status_code == 302
    assert Registration.objects.get().email == "jan@example.org"
    # The thanks come from the session, which the database keeps while the cache is away.
    thanks = client.get(response["Location"])
    assert "Bedankt voor uw aanmelding" in thanks.content.decode()


@override_settings(CMS_EVENTS_RATE_LIMIT_PER_IP=(1, 3600))
def test_rate_limits_fail_open_while_redis_is_away(redis_away, client, make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    first = register_via_page(client, event, registrant_email="jan@example.org")
    second = register_via_page(client, event, registrant_email="piet@example.org")
    assert (first.status_code, second.status_code) == (302, 302)
    assert Registration.objects.count() == 2


def test_health_reports_the_outage(redis_away, client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


def test_the_cache_answers_as_an_empty_one_while_away(redis_away):
    assert cache.set("key", "value") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["key"]) == {}
    assert cache.add("key", 1) is False
    assert cache.delete("key") is False
    with pytest.raises(ValueError):
        cache.incr("key")


def test_the_outage_is_logged_once_per_retry_window(redis_away, caplog):
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for _ in range(3):
            cache.get("key")
    assert len(caplog.records) == 1
    assert "The cache is unavailable (ConnectionError" in caplog.records[0].getMessage()


def test_a_cache_of_several_servers_is_away_together(redis_away):
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "config.cache.FailSoftRedisCache",
                "LOCATION": [CLOSED_REDIS_URL, CLOSED_REDIS_URL.replace("/0", "/1")],
            }
        }
    ):
        assert cache.get("key", "default") == "default"
        assert cache.is_away()
