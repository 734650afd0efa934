"""The health endpoint: 200 when the database and the cache work, 503 otherwise, never cached,
and nothing in it that tells an outsider more than "ok" or "error"."""

import pytest
from django.db import DatabaseError
from django.test import override_settings

from config import health

pytestmark = pytest.mark.django_db

# A Redis server that is not there: connecting is refused at once.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_healthy_when_database_and_cache_answer(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_english_prefix_does_not_apply(client):
    assert client.get("/en/health/").status_code == 404


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_unavailable_when_the_cache_is_down_without_saying_why(client, caplog):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}
    assert "127.0.0.1:1" not in response.content.decode()
    assert "Health check 'cache' failed" in caplog.text


def test_unavailable_when_the_database_fails(client, monkeypatch):
    def failing_query():
        raise DatabaseError("connection to server at 10.0.0.5 failed")

    monkeypatch.setitem(health.CHECKS, "database", failing_query)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert "10.0.0.5" not in response.content.decode()


def test_only_get_and_head_are_answered(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405
