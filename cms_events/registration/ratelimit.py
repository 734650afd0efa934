"""Fixed-window rate limits in the cache (Redis in production, shared by all app servers)."""

import hashlib

from django.core.cache import cache

from cms_events.conf import get_setting


def allow(scope, identity, limit):
    """Count one attempt for `identity` within `scope`; return whether it is within `limit`.

    `limit` is (attempts, seconds). Identities are hashed, so no email address or IP address
    is stored in the cache in plain text.
    """
    attempts, seconds = limit
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
