"""Production settings in tests: config.settings.production imported with a given environment,
and local stand-ins for services that misbehave (a server that accepts and never answers)."""

import importlib
import socket
import sys
import threading
from contextlib import contextmanager

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k3Jx9-not-a-real-secret-but-long-and-varied-enough-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": "postgres://events:secret@db.internal:5432/events",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "DEFAULT_FROM_EMAIL": "Evenementen <evenementen@example.org>",
}


def production_module(monkeypatch, **env):
    """Import config.settings.production afresh with the given environment; return it."""
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("config.settings.production", None)
    try:
        return importlib.import_module("config.settings.production")
    finally:
        sys.modules.pop("config.settings.production", None)


@contextmanager
def silent_server(port):
    """Listen on 127.0.0.1:`port`, accept every connection and never send a byte."""
    listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
    accepted = []

    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            accepted.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield accepted
    finally:
        listener.close()
        for connection in accepted:
            connection.close()
