"""The `CMS_EVENTS_*` settings with their defaults, read at call time.

Each setting is documented in the README. Read them with `get_setting("PAGE_SIZE")`, never by
importing `django.conf.settings` values at import time.
"""

import json
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "CMS_EVENTS_"

DEFAULTS = {
    # Events per page on the index and in the archive.
    "PAGE_SIZE": 20,
    # Upcoming events shown on the home page.
    "HOME_UPCOMING_COUNT": 6,
    # Days after an event's end after which registrations are anonymised.
    "RETENTION_DAYS": 90,
    # URL of the privacy statement, used when the site setting names no page.
    "PRIVACY_URL": "/privacy/",
    # A form submitted faster than this (seconds) is treated as spam.
    "HONEYPOT_MIN_SECONDS": 3,
    # A form older than this (seconds) must be submitted again.
    "FORM_MAX_AGE": 60 * 60 * 24,
    # Rate limits: (number of registrations, per so many seconds).
    "RATE_LIMIT_PER_IP": (10, 60 * 60),
    "RATE_LIMIT_PER_EMAIL": (5, 60 * 60),
    "RATE_LIMIT_PER_EVENT": (120, 60),
    # Address in ORGANIZER of calendar invitations; empty: the address of DEFAULT_FROM_EMAIL.
    "ORGANISER_EMAIL": "",
    # Attempts to send one mail before it is left as failed.
    "MAIL_MAX_ATTEMPTS": 5,
    # Seconds a worker holds a mail it sends; a mail still sending after that is taken to be
    # lost with its worker and sent again. Must exceed the longest send (EMAIL_TIMEOUT).
    "MAIL_CLAIM_SECONDS": 15 * 60,
    # `run_worker`: seconds between rounds of retrying failed and interrupted mail.
    "MAIL_RETRY_INTERVAL": 5 * 60,
    # `run_worker`: seconds between runs of the retention purge.
    "PURGE_INTERVAL": 24 * 60 * 60,
    # Days before an event's start its reminder goes to confirmed registrants, unless the event
    # sets its own number; 0: no reminders, except for events that set a number.
    "REMINDER_DAYS_BEFORE": 2,
    # `run_worker`: seconds between the rounds that send the reminders that are due.
    "REMINDER_INTERVAL": 10 * 60,
    # Hours after an event's end its thank-you mail goes to confirmed registrants, for events
    # that send one and set no number of their own. An open end counts from the midnight
    # after the start.
    "THANK_YOU_HOURS_AFTER": 2,
    # `run_worker`: seconds between the rounds that send the thank-you mails that are due.
    "THANK_YOU_INTERVAL": 10 * 60,
    # `run_worker`: a task still marked running after this many seconds is recorded as lost.
    "TASK_LOST_SECONDS": 60 * 60,
    # Proxies in front of the app that each append the client's address to X-Forwarded-For;
    # 0: rate limits use REMOTE_ADDR and ignore the header (anyone can send it).
    "TRUSTED_PROXY_COUNT": 0,
    # The cache that keeps pages for anonymous visitors (publishing/page_cache.py); None: none.
    "PAGE_CACHE": "default",
    # Seconds a process answers a page from its own memory before it asks the page cache again
    # whether the page was purged meanwhile (by another process); 0: always ask.
    "PAGE_CACHE_LOCAL_SECONDS": 1,
    # Seconds a shared cache (the page cache, a proxy, a CDN) may keep a page: s-maxage.
    "CACHE_SECONDS": 5 * 60,
    # The same for a page with a registration form: how old the places left may be, at most.
    "REGISTRATION_CACHE_SECONDS": 30,
    # Seconds a browser or shared cache may keep an answer of the read API (/api/v1/): what a
    # publication changes shows there at most this long after.
    "API_CACHE_SECONDS": 60,
    # Seconds the signed link to the thanks after registering stays valid.
    "THANKS_MAX_AGE": 10 * 60,
    # The map a visitor asks for on a venue (`finding/maps.py`): where its tiles come from
    # (an https URL template with {z}, {x}, {y} on one fixed host, which alone is added to the
    # map's Content Security Policy), the credit shown with it, and its largest zoom level.
    # The default is PDOK's BRT background map of the Dutch government (Kadaster): no cookies,
    # no tracking; it covers the Netherlands.
    "MAP_TILES": {
        "url": (
            "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857"
            "/{z}/{x}/{y}.png"
        ),
        "attribution": "Kadaster / PDOK",
        "attribution_url": "https://www.pdok.nl/",
        "max_zoom": 19,
    },
    # A route planner to a venue with coordinates: a URL with {lat} and {lng}.
    "ROUTE_PLANNER_URL": "https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lng}",
}


def get_setting(name):
    """Return `CMS_EVENTS_<name>` from the settings, or its default."""
    return getattr(settings, f"CMS_EVENTS_{name}", DEFAULTS[name])


def parse_value(name, text):
    """Return `text` from the environment as a value of the same type as `name`'s default."""
    default = DEFAULTS[name]
    try:
        if isinstance(default, bool):
            return {"1": True, "true": True, "0": False, "false": False}[text.strip().lower()]
        if isinstance(default, int):
            return int(text)
        if isinstance(default, str):
            return text
        if isinstance(default, tuple) and not text.lstrip().startswith("["):
            return tuple(
                type(item)(part) for item, part in zip(default, text.split(","), strict=True)
            )
        value = json.loads(text)
        return tuple(value) if isinstance(default, tuple) else value
    except (KeyError, ValueError) as error:
        raise ImproperlyConfigured(
            f"{PREFIX}{name}={text!r} cannot be read as a value like its default {default!r}"
        ) from error


def settings_from_environment(environ=None):
    """Return every `CMS_EVENTS_*` variable of the environment as a setting, parsed after its
    default: a number as a number (`CMS_EVENTS_PAGE_SIZE=30`), a pair as two numbers with a
    comma or a JSON list (`CMS_EVENTS_RATE_LIMIT_PER_IP=100,3600`), text as it is. An unknown
    name is an error, so that a misspelt setting does not go unnoticed.

    For settings modules that take everything from the environment, as the demo site's
    production settings do: `globals().update(settings_from_environment())`.
    """
    environ = os.environ if environ is None else environ
    found = {}
    for variable, text in environ.items():
        if not variable.startswith(PREFIX):
            continue
        name = variable.removeprefix(PREFIX)
        if name not in DEFAULTS:
            raise ImproperlyConfigured(
                f"Unknown setting {variable} in the environment; known: "
                + ", ".join(PREFIX + known for known in DEFAULTS)
            )
        found[variable] = parse_value(name, text)
    return found
