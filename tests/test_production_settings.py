"""config.settings.production: everything from the environment, `check --deploy` clean, and a
clear error for what is missing. Each case runs manage.py in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k3Jx9-not-a-real-secret-but-long-and-varied-enough-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "evenementen.example.org",
    "DATABASE_URL": "postgres://events:secret@db.internal:5432/events",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "DEFAULT_FROM_EMAIL": "Evenementen <evenementen@example.org>",
}

SHOW_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
from cms_events.conf import get_setting
print(json.dumps({
    "DATABASE": {k: settings.DATABASES["default"][k] for k in ("ENGINE", "NAME", "HOST")},
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"]["LOCATION"],
    "SESSION_ENGINE": settings.SESSION_ENGINE,
    "TASKS": settings.TASKS["default"]["BACKEND"],
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "MIDDLEWARE": settings.MIDDLEWARE[:4],
    "FRONTEND_CACHE": settings.WAGTAILFRONTENDCACHE,
    "EMAIL": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT],
    "SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "TRUSTED_PROXY_COUNT": get_setting("TRUSTED_PROXY_COUNT"),
}))
"""


PAGE_CACHE_BACKEND = "cms_events.publishing.page_cache.PageCacheBackend"


def run(args, **env):
    """Run python with only the given environment (no settings leak in from the test run)."""
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def production_settings(**env):
    result = run(["-c", SHOW_SETTINGS], **{**PRODUCTION_ENV, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_no_issues():
    result = run(["manage.py", "check", "--deploy"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_missing_variables_are_named():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "need these environment variables: DATABASE_URL, REDIS_URL" in result.stderr


def test_only_postgresql_is_accepted():
    result = run(["manage.py", "check"], **{**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_services_come_from_the_environment():
    settings = production_settings()
    assert settings["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "events",
        "HOST": "db.internal",
    }
    assert settings["CACHE"] == "config.cache.FailSoftRedisCache"
    assert settings["CACHE_LOCATION"] == "redis://cache.internal:6379/0"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert settings["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert settings["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["MIDDLEWARE"] == [
        "cms_events.publishing.page_cache.PageCacheMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "cms_events.middleware.RequestGuardMiddleware",
    ]
    assert settings["EMAIL"] == ["django.core.mail.backends.smtp.EmailBackend", "localhost", 25]
    # The page cache in Redis is purged as a front-end cache of its own.
    assert settings["FRONTEND_CACHE"] == {"pages": {"BACKEND": PAGE_CACHE_BACKEND}}
    assert settings["SSL_REDIRECT"] is True
    assert settings["TRUSTED_PROXY_COUNT"] == 0


def test_front_end_cache_mail_and_proxies_are_configurable():
    settings = production_settings(
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        FRONTEND_CACHE_HOSTNAMES="evenementen.example.org",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        CMS_EVENTS_TRUSTED_PROXY_COUNT="1",
    )
    assert settings["FRONTEND_CACHE"] == {
        "pages": {"BACKEND": PAGE_CACHE_BACKEND},
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6081",
            "HOSTNAMES": ["evenementen.example.org"],
        },
    }
    assert settings["EMAIL"][1:] == ["smtp.example.org", 587]
    assert settings["TRUSTED_PROXY_COUNT"] == 1


def test_plain_http_for_a_local_trial_is_explicit_and_check_deploy_says_so():
    assert production_settings(DJANGO_HTTPS="0")["SSL_REDIRECT"] is False
    result = run(["manage.py", "check", "--deploy"], **{**PRODUCTION_ENV, "DJANGO_HTTPS": "0"})
    assert "security.W008" in result.stdout + result.stderr


def test_a_malformed_number_is_reported_by_name():
    result = run(["-c", SHOW_SETTINGS], **{**PRODUCTION_ENV, "EMAIL_PORT": "smtp"})
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr
