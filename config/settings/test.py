"""Settings for the test suite: SQLite by default, PostgreSQL when TEST_DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
SECRET_KEY = "django-insecure-test-only"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Evenementen <evenementen@example.org>"
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
    from urllib.parse import urlsplit

    _url = urlsplit(os.environ["TEST_DATABASE_URL"])
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _url.path.lstrip("/") or "postgres",
            "USER": _url.username or "postgres",
            "PASSWORD": _url.password or "",
            "HOST": _url.hostname or "127.0.0.1",
            "PORT": _url.port or 5432,
        }
    }
else:
    # A file, not ":memory:": the live server of the browser tests and the concurrency tests
    # need real connections per thread with SQLite's own locking.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}

# No page cache: tests change data inside one transaction, where the purges that follow a
# commit never run. tests/test_page_cache.py turns it on.
CMS_EVENTS_PAGE_CACHE = None

# Tests post forms at machine speed; the honeypot's timing rule has its own test.
CMS_EVENTS_HONEYPOT_MIN_SECONDS = 0

# Publishing purges the page cache and a backend that only records the URLs
# (tests/frontend_cache.py).
WAGTAILFRONTENDCACHE = {
    "pages": {"BACKEND": "cms_events.publishing.page_cache.PageCacheBackend"},
    "recording": {"BACKEND": "tests.frontend_cache.RecordingBackend"},
}
