"""Django's RedisCache, made to let the site work on while Redis is away.

Everything this site keeps in the cache can be computed again: pages, feeds, Wagtail's
lookups. Sessions are kept in the database as well (`cached_db`). So when Redis cannot be
reached, `FailSoftRedisCache` logs a warning and answers as an empty cache that keeps
nothing: `get` returns the default, `set` and `delete` do nothing, `add` and `touch` return
False and `incr` raises ValueError, as for a missing key. Rate limits, which count in the
cache, then let every request through (README, "Production").

After a failure it leaves Redis alone for `RETRY_AFTER` seconds (an option, default 10), so
a Redis that does not answer at all costs one socket timeout per process in that time, not
one per cache call. `strict()` returns a plain RedisCache on the same server for the health
check, which must see the outage.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Per process and server: until when (time.monotonic) Redis is taken to be away.
_away_until = {}


def fail_soft(fallback):
    """Decorate a cache method: on a Redis error, or while Redis is away, answer with
    `fallback(*args, **kwargs)`, called with the method's own arguments."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.is_away():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self.mark_away(error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def nothing(*args, **kwargs):
    return None


def false(*args, **kwargs):
    return False


def default(key, default=None, version=None):
    return default


def all_keys_failed(data, *args, **kwargs):
    return list(data)


def missing_key(*args, **kwargs):
    raise ValueError("Key not found: the cache is unavailable")


class FailSoftRedisCache(RedisCache):
    """A RedisCache that answers as an empty cache while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 10))
        self._params = {**params, "OPTIONS": options}
        super().__init__(server, self._params)
        self._server = server
        self._away_key = tuple(self._servers)

    def is_away(self):
        return time.monotonic() < _away_until.get(self._away_key, 0)

    def mark_away(self, error):
        if not self.is_away():
            logger.warning(
                "The cache is unavailable (%s: %s); the site works on without it and tries "
                "again in %g s.",
                type(error).__name__,
                error,
                self.retry_after,
            )
        _away_until[self._away_key] = time.monotonic() + self.retry_after

    @functools.cached_property
    def _strict(self):
        return RedisCache(self._server, self._params)

    def strict(self):
        """Return a plain RedisCache on the same server, which raises when Redis is away."""
        return self._strict

    add = fail_soft(false)(RedisCache.add)
    get = fail_soft(default)(RedisCache.get)
    set = fail_soft(nothing)(RedisCache.set)
    touch = fail_soft(false)(RedisCache.touch)
    delete = fail_soft(false)(RedisCache.delete)
    get_many = fail_soft(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = fail_soft(false)(RedisCache.has_key)
    incr = fail_soft(missing_key)(RedisCache.incr)
    set_many = fail_soft(all_keys_failed)(RedisCache.set_many)
    delete_many = fail_soft(nothing)(RedisCache.delete_many)
    clear = fail_soft(false)(RedisCache.clear)
