"""Settings for the benchmarks under gunicorn (`make bench`, `make load-test`). Not for production.

PostgreSQL from BENCH_DATABASE_URL, DEBUG off, mail written to files in BENCH_MAIL_DIR, and the
limits that would stop one machine's load generator raised. BENCH_TASKS=database puts mail in
django-tasks-db's queue for a `db_worker` process; otherwise mail is sent in the request.
"""

import os
from urllib.parse import urlsplit

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "django-insecure-bench-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WAGTAILADMIN_BASE_URL = os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8801")

_url = urlsplit(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": _url.username or "postgres",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "127.0.0.1",
        "PORT": _url.port or 5432,
        # Keep connections between requests, as a production server would.
        "CONN_MAX_AGE": 60,
    }
}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("BENCH_MAIL_DIR", "var/bench-mail")
DEFAULT_FROM_EMAIL = "Evenementen <evenementen@example.org>"

if os.environ.get("BENCH_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One machine sends every request from 127.0.0.1, each with a new address.
CMS_EVENTS_HONEYPOT_MIN_SECONDS = 0
CMS_EVENTS_RATE_LIMIT_PER_IP = (1_000_000, 60)
CMS_EVENTS_RATE_LIMIT_PER_EVENT = (1_000_000, 60)

# Static files through whitenoise, as in production; from the finders, so without collectstatic.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None

# The cache in Redis as in production when BENCH_REDIS_URL is set, under a key prefix of the run.
if os.environ.get("BENCH_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["BENCH_REDIS_URL"],
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX", "cms_events_bench"),
        }
    }
