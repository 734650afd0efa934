"""The health endpoint for load balancers and monitoring: can this server reach its services?"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_works():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_works():
    """Write, read and delete a random value: a round trip through the shared cache.

    A cache that hides its errors from the site (config/cache.py) is asked strictly here.
    """
    strict = cache.strict() if hasattr(cache, "strict") else cache
    key = f"health:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    strict.set(key, value, timeout=30)
    try:
        return strict.get(key) == value
    finally:
        strict.delete(key)


CHECKS = {"database": database_works, "cache": cache_works}


def run_check(name):
    try:
        return CHECKS[name]()
    except Exception:  # a service that is down raises its own kind of error
        logger.exception("Health check %r failed", name)
        return False


@never_cache
@require_safe
def health(request):
    """Answer 200 when the database and the cache work, 503 otherwise; name no details."""
    results = {name: "ok" if run_check(name) else "error" for name in CHECKS}
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )
