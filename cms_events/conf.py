"""The `CMS_EVENTS_*` settings with their defaults, read at call time.

Each setting is documented in the README. Read them with `get_setting("PAGE_SIZE")`, never by
importing `django.conf.settings` values at import time.
"""

from django.conf import settings

DEFAULTS = {
    # Events per page on the index and in the archive.
    "PAGE_SIZE": 20,
    # Upcoming events shown on the home page.
    "HOME_UPCOMING_COUNT": 6,
}


def get_setting(name):
    """Return `CMS_EVENTS_<name>` from the settings, or its default."""
    return getattr(settings, f"CMS_EVENTS_{name}", DEFAULTS[name])
