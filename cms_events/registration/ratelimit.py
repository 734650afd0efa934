"""Fixed-window rate limits in the cache (Redis in production, shared by all app servers),
and what a refused visitor and the log are told."""

import hashlib
import logging
import math

from django.core.cache import cache
from django.utils.translation import gettext_lazy, ngettext

from cms_events.conf import get_setting

logger = logging.getLogger(__name__)

REFUSALS = {
    "RATE_LIMIT_PER_IP": gettext_lazy(
        "Too many registrations have been sent from your internet connection in a short time. "
        "Please try again in %(wait)s."
    ),
    "RATE_LIMIT_PER_EMAIL": gettext_lazy(
        "Too many registrations have been sent with this email address in a short time. "
        "Please try again in %(wait)s."
    ),
    "RATE_LIMIT_PER_EVENT": gettext_lazy(
        "Too many people are registering for this event at the same time. "
        "Please try again in %(wait)s."
    ),
}


def allow(scope, identity, limit):
    """Count one attempt for `identity` within `scope`; return whether it is within `limit`.

    `limit` is (attempts, seconds). Identities are hashed, so no email address or IP address
    is stored in the cache in plain text.
    """
    attempts, seconds = limit
    # A cache that is away counts nothing: config/cache.py answers add() with False and
    # incr() with ValueError, so every attempt is the first (rate limits fail open).
    digest = hashlib.sha256(str(identity).lower().encode()).hexdigest()[:32]
    key = f"cms_events:ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        count = 1
    return count <= attempts


def client_ip(request):
    """Return the client's address: REMOTE_ADDR, or the one the outermost trusted proxy saw.

    With `CMS_EVENTS_TRUSTED_PROXY_COUNT` = n, each of the n proxies appends the address it
    received the request from to X-Forwarded-For, so the n-th entry from the right was added
    by the outermost proxy; entries left of it come from the client and may be forged.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = get_setting("TRUSTED_PROXY_COUNT")
    if not proxies:
        return remote_addr
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < proxies:  # did not come through all the proxies
        return remote_addr
    return forwarded[-proxies]


def describe_wait(seconds):
    """Return the window of a rate limit as words: "1 minute", "10 minutes", "1 hour"."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def refusal_message(setting_name):
    """Return what a visitor refused by the rate limit `CMS_EVENTS_<setting_name>` is told."""
    _attempts, seconds = get_setting(setting_name)
    return str(REFUSALS[setting_name]) % {"wait": describe_wait(seconds)}


def log_refusal(page, setting_name):
    """Tell the operator which limit refused a registration (no address is logged)."""
    attempts, seconds = get_setting(setting_name)
    logger.warning(
        "Registration for page %s refused (429): more than %d in %d s, the limit CMS_EVENTS_%s.",
        page.pk,
        attempts,
        seconds,
        setting_name,
    )
