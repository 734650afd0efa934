"""Services that some tests need beyond the database: Redis, a PostgreSQL server, free ports.

`TEST_REDIS_URL` (default redis://127.0.0.1:6379/0) names the Redis server, `TEST_DATABASE_URL`
or `TEST_PG_URL` the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/). A test
that needs one fails in CI (`CI` set) when it is unreachable, and skips elsewhere. Redis keys
get a prefix of their own and nothing is flushed, so a shared Redis is safe to use.
"""

import functools
import os
import socket
import uuid
from urllib.parse import urlsplit

import pytest

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/cms_events"


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


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on.

    From `TEST_PORTS` ("8720-8739") when set, so that parallel runs on one machine each keep
    to their own range; otherwise one the system hands out.
    """
    first, _, last = os.environ.get("TEST_PORTS", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"no free port in TEST_PORTS={os.environ['TEST_PORTS']}")


def postgres_server():
    """Return the PostgreSQL server of the tests, as postgres://user[:password]@host:port."""
    url = urlsplit(
        os.environ.get("TEST_DATABASE_URL") or os.environ.get("TEST_PG_URL") or DEFAULT_POSTGRES_URL
    )
    return f"{url.scheme}://{url.netloc}"


def require_postgres():
    """Return the tests' PostgreSQL server URL after checking that it answers."""
    server = postgres_server()
    try:
        import psycopg

        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
    except Exception as error:  # no driver, or psycopg.Error
        reason = f"PostgreSQL is not reachable at {server} ({type(error).__name__})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return server
