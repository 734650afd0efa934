"""Fixed-window rate limits in the cache (Redis in production, shared by all app servers)."""

import hashlib

from django.core.cache import cache


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
    """Return the client's address as the server saw it (set a proxy to pass the real one)."""
    return request.META.get("REMOTE_ADDR", "")
