"""Production settings: everything comes from environment variables (README, "Production").

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL and
DEFAULT_FROM_EMAIL. Several app servers and workers share PostgreSQL and Redis: sessions, the
cache and the rate-limit counters live in Redis, tasks in PostgreSQL.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cms_events.conf import settings_from_environment

from .base import *  # noqa: F403
from .base import BASE_DIR, MIDDLEWARE

REQUIRED = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DEFAULT_FROM_EMAIL",
)
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Database: PostgreSQL only; registrations lock rows with SELECT ... FOR UPDATE.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"],
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (postgres://...)")
# A database that accepts connections but does not answer, or a query that runs away, must
# not hold a web worker until gunicorn kills it (GUNICORN_TIMEOUT): connecting gives up after
# DATABASE_CONNECT_TIMEOUT seconds and PostgreSQL cancels a statement after
# DATABASE_STATEMENT_TIMEOUT seconds (0: no limit, e.g. for a long migration).
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
_statement_timeout = env_int("DATABASE_STATEMENT_TIMEOUT", 20)
_options["options"] = " ".join(
    filter(None, [_options.get("options", ""), f"-c statement_timeout={_statement_timeout}s"])
)

# Cache, sessions and rate limits in Redis, shared by every app server. Sessions are also
# written to the database, so a restarted Redis logs nobody out. While Redis is away the site
# works on without a cache and rate limits let everything through (config/cache.py).
CACHES = {
    "default": {
        "BACKEND": "config.cache.FailSoftRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cms_events"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work (mail, notifications, front-end cache purges) is stored in PostgreSQL and
# run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Static files: hashed and compressed by collectstatic, served by whitenoise. Uploaded media
# (images, documents) are written to MEDIA_ROOT; let the proxy serve /media/.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static"))
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail through an SMTP server.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# HTTPS: TLS ends at the proxy, which sets X-Forwarded-Proto. DJANGO_HTTPS=0 serves plain HTTP
# for a trial on 127.0.0.1 only (`check --deploy` then warns, rightly).
HTTPS = env_bool("DJANGO_HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe the health endpoint over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Links in the admin's own mails.
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"{'https' if HTTPS else 'http'}://{ALLOWED_HOSTS[0]}"
)

# Front-end cache (Varnish, nginx or any cache that accepts PURGE, or Cloudflare): Wagtail
# purges a page on publish, cms_events also the event's listings, feeds and calendar files.
WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "cms_events.publishing.page_cache.PageCacheBackend"}}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    if not os.environ.get("CLOUDFLARE_ZONE_ID"):
        raise ImproperlyConfigured("CLOUDFLARE_API_TOKEN needs CLOUDFLARE_ZONE_ID as well")
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
    }
for _name, _backend in WAGTAILFRONTENDCACHE.items():
    if _name != "pages":
        _backend["HOSTNAMES"] = env_list("FRONTEND_CACHE_HOSTNAMES", "*")

# Every setting of the extension can come from the environment, parsed like its default
# (README, "Settings"): e.g. CMS_EVENTS_TRUSTED_PROXY_COUNT=1 behind one proxy that appends
# to X-Forwarded-For, CMS_EVENTS_RATE_LIMIT_PER_IP=100,3600.
globals().update(settings_from_environment())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Request errors are logged with their traceback; mail to ADMINS is not configured.
        "django.request": {"level": "ERROR"},
    },
}
