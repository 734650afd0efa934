"""Production's Redis cache: rate limits, sessions and the health endpoint through the
fail-soft RedisCache (config/cache.py), shared by every app server (TEST_REDIS_URL; CI needs it)."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from cms_events.registration import ratelimit

from .registration_helpers import register_via_page
from .services import redis_cache_settings, require_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_caches():
    """Make a RedisCache the default cache; return its CACHES setting."""
    settings = redis_cache_settings(require_redis())
    with override_settings(CACHES=settings):
        yield settings


def another_app_server(settings):
    """Connect to the cache anew, with its own connection pool, as another server does."""
    return override_settings(CACHES={"default": dict(settings["default"])})


def test_the_default_cache_is_redis(redis_caches):
    assert isinstance(caches["default"], RedisCache)


def test_rate_limit_counts_are_shared_between_app_servers(redis_caches):
    limit = (2, 60)
    assert ratelimit.allow("ip", "203.0.113.7", limit)
    with another_app_server(redis_caches):
        assert ratelimit.allow("ip", "203.0.113.7", limit)
        assert not ratelimit.allow("ip", "203.0.113.7", limit)
        assert ratelimit.allow("ip", "203.0.113.8", limit)
    assert not ratelimit.allow("ip", "203.0.113.7", limit)


def test_a_rate_limit_window_expires(redis_caches):
    assert ratelimit.allow("email", "jan@example.org", (1, 1))
    assert not ratelimit.allow("email", "jan@example.org", (1, 1))
    time.sleep(1.2)
    assert ratelimit.allow("email", "jan@example.org", (1, 1))


def test_health_is_ok_with_redis(redis_caches, client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_the_thanks_after_registering_reach_another_app_server_without_a_session(
    redis_caches, client, make_event
):
    event = make_event(title="Werkconferentie", registration_mode="form")
    response = register_via_page(client, event)
    assert response.status_code == 302
    # The thanks travel in the signed redirect target, not in a session of this server.
    assert "sessionid" not in client.cookies
    with another_app_server(redis_caches):
        page = client.get(response["Location"])
    assert "Bedankt voor uw aanmelding" in page.content.decode()
    assert not Session.objects.exists()
