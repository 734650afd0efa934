"""A database that accepts connections but never answers, or a query that runs away, must not
hold a web worker until gunicorn kills it: production settings carry connect and statement
timeouts, and /health/ answers 503 in a few seconds under gunicorn."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .production_env import PRODUCTION_ENV, production_module, silent_server
from .services import free_port, require_postgres

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)


def test_production_sets_connect_and_statement_timeouts(monkeypatch):
    options = production_module(monkeypatch).DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 3
    assert options["options"] == "-c statement_timeout=20s"


def test_the_timeouts_come_from_the_environment(monkeypatch):
    production = production_module(
        monkeypatch,
        DATABASE_URL="postgres://events@db.internal/events?options=-c%20search_path%3Devents",
        DATABASE_CONNECT_TIMEOUT="5",
        DATABASE_STATEMENT_TIMEOUT="0",
    )
    options = production.DATABASES["default"]["OPTIONS"]
    assert options["connect_timeout"] == 5
    assert options["options"] == "-c search_path=events -c statement_timeout=0s"


def wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            time.sleep(0.2)
        else:
            return
    pytest.fail(f"gunicorn did not start on port {port}")


@pytest.fixture
def gunicorn_on_a_silent_database():
    """gunicorn with production settings whose database accepts and never answers."""
    db_port, web_port, redis_port = free_port(), None, None
    with silent_server(db_port):
        web_port = free_port()
        redis_port = free_port()
        env = {
            "PATH": os.environ.get("PATH", ""),
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{db_port}/events",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "GUNICORN_BIND": f"127.0.0.1:{web_port}",
            "WEB_CONCURRENCY": "1",
        }
        process = subprocess.Popen(
            [PYTHON.parent / "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            wait_for_port(web_port, process)
            yield web_port
        finally:
            process.terminate()
            process.communicate(timeout=30)


def health(port):
    """GET /health/; return its status, its JSON and the seconds it took."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=40) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body, time.monotonic() - started


def test_health_answers_503_in_seconds_when_the_database_never_answers(
    gunicorn_on_a_silent_database,
):
    # The first request also loads the application into the worker.
    first_status, first_body, _ = health(gunicorn_on_a_silent_database)
    status, body, seconds = health(gunicorn_on_a_silent_database)
    assert (first_status, status) == (503, 503), body
    assert json.loads(first_body)["database"] == json.loads(body)["database"] == "error"
    # Two connect timeouts at most (the Site lookup and the check itself, 3 s each).
    assert seconds < 10


RUNAWAY_QUERY = """
import time
import django
from django.db import connection
django.setup()
started = time.monotonic()
try:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(10)")
except Exception as error:
    print(type(error).__name__, round(time.monotonic() - started, 1))
"""


def test_postgresql_cancels_a_runaway_query_after_the_statement_timeout():
    server = require_postgres()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": f"{server}/postgres",
        "DATABASE_STATEMENT_TIMEOUT": "1",
    }
    result = subprocess.run(
        [PYTHON, "-c", RUNAWAY_QUERY], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    error, seconds = result.stdout.split()
    assert error == "OperationalError"
    assert float(seconds) < 5
