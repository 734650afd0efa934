"""Services that some tests need beyond the database: Redis.

`TEST_REDIS_URL` (default redis://127.0.0.1:6379/0) names the server. A test that needs it
fails in CI (`CI` set) when it is unreachable, and skips elsewhere. Keys get a prefix of their
own and nothing is flushed, so a shared Redis is safe to use.
"""

import functools
import os
import uuid

import pytest

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url():
    return os.environ.get("TEST_REDIS_URL", DEFAULT_REDIS_URL)


@functools.cache
def redis_reachable(url):
    try:
        import redis
    except ImportError:
        return False
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False


def require_redis():
    """Return the Redis URL of the tests, after checking that it answers."""
    url = redis_url()
    if not redis_reachable(url):
        reason = f"Redis is not reachable at {url} (TEST_REDIS_URL names another)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


def redis_cache_settings(url):
    """Return CACHES for production's Redis cache on `url`, with keys no other run shares."""
    return {
        "default": {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"cms_events_test_{uuid.uuid4().hex[:12]}",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
