"""The page cache: one copy of a page for every anonymous visitor, in Django's cache.

It follows the rules of Django's cache middleware (`django.middleware.cache`), with these
differences, which make it safe for a CMS with editors, fit for a cache in front, and fast:

- Only what a response itself allows is kept: a 200 to a GET with `s-maxage` in its
  Cache-Control (the lifetime in shared caches, which is also how long it is kept here),
  nothing `private`, `no-cache` or `no-store`, and no cookie. Pages served by Wagtail (and
  views marked `shared_page`, such as the venue and organiser pages) get
  `max-age=0, s-maxage=CMS_EVENTS_CACHE_SECONDS` unless they say otherwise; everything else
  (the admin, previews, restricted pages, forms shown again with errors, the self-service
  pages) is private or has no s-maxage, so it is never kept.
- Requests with the session cookie (editors, who see Wagtail's userbar, and visitors who
  passed a password) pass by the cache, and their pages are sent as never to be cached.
- Each path has a version in the cache: deleting it purges every kept copy of the path, for any
  host, language or query string (`purge_paths()`, and `PageCacheBackend` for Wagtail's
  front-end cache invalidation).
- A kept page has nothing to vary on (no `Vary`), so it is kept under its URL and language
  alone, and fetched with its path's version in one round trip to the cache.
- A kept page is plain data (status, headers, body), and each process keeps the pages it
  served in memory too: it answers from there for CMS_EVENTS_PAGE_CACHE_LOCAL_SECONDS (1)
  after it last read the path's version from the shared cache, so a purge made by another
  process holds everywhere within that second; a purge made by this process at once.

`PageCacheMiddleware` is the first middleware: a kept page is answered before anything else
runs, with the headers every middleware below gave it when it was built (security headers,
CSP, Content-Language, Cache-Control). CMS_EVENTS_PAGE_CACHE names the cache (None: no cache
kept here; the headers for a cache in front are sent all the same).
"""

import hashlib
import logging
import re
import secrets
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.views import serve as wagtail_serve

from cms_events.conf import get_setting

# Query strings a kept page may have: the pages' own parameters and campaign tags. Any other
# parameter is answered without the cache, so that made-up URLs cannot fill it.
# Of the index's filters (`finding/filters.py`) only those with a few values: a filter with an
# unknown value answers 400, which is never kept; dates and the free check box are not kept.
CACHEABLE_PARAMETER = re.compile(r"^(bron|pagina|wanneer|vorm|datum|utm_\w+|mtm_\w+)$")
NEVER_KEPT = ("private", "no-cache", "no-store")

logger = logging.getLogger(__name__)


def page_cache():
    """Return the cache that keeps pages, or None when there is none."""
    alias = get_setting("PAGE_CACHE")
    return caches[alias] if alias else None


def version_key(path):
    digest = hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
    return f"cms_events:page-version:{digest}"


def page_key(request, method):
    """Return the key of the copy of the page `request` asks for (any version)."""
    url = f"{method} {request.build_absolute_uri()} {request.LANGUAGE_CODE}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"cms_events:page:{digest}"


def purge_paths(paths):
    """Drop every kept copy of `paths` (any host, language or query string)."""
    cache = page_cache()
    if cache is not None:
        cache.delete_many([version_key(path) for path in set(paths)])
    forget_local_copies()


def url_language(request):
    """Return the language a URL under `i18n_patterns` is served in, or None if not decided
    by the URL alone (then the Accept-Language header or a cookie may decide)."""
    language = translation.get_language_from_path(request.path_info)
    if language:
        return language
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used and not prefixed_default_language:
        return settings.LANGUAGE_CODE
    return None


def has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_static(path):
    """Return whether `path` is under STATIC_URL or MEDIA_URL (whitenoise or the proxy's)."""
    return any(
        prefix and prefix.startswith("/") and path.startswith(prefix)
        for prefix in (settings.STATIC_URL, settings.MEDIA_URL)
    )


def passes_by(request):
    """Return whether `request` is answered without the cache."""
    return (
        request.method not in ("GET", "HEAD")
        or is_static(request.path)
        or has_session(request)
        or not all(CACHEABLE_PARAMETER.match(name) for name in request.GET)
    )


def shared_max_age(response):
    """Return the `s-maxage` of `response` in seconds, or None."""
    match = re.search(r"(?:^|,)\s*s-maxage=(\d+)", response.get("Cache-Control", ""))
    return int(match.group(1)) if match else None


def may_be_kept(response):
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control for directive in NEVER_KEPT)
        # Nothing left to vary on (set_page_headers took off what does not): one copy per URL.
        and not response.has_header("Vary")
    )


def remove_vary(response, headers):
    """Remove `headers` from the Vary header of `response`."""
    if not response.has_header("Vary"):
        return
    lowered = {header.lower() for header in headers}
    kept = [
        header.strip()
        for header in response["Vary"].split(",")
        if header.strip() and header.strip().lower() not in lowered
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def set_page_headers(request, response):
    """Say who may keep a page served by Wagtail, and on what it varies.

    For an anonymous visitor nothing is read from a cookie and the language comes from the URL,
    so the page varies on neither. With the session cookie, or when the page sets a cookie (a
    CSRF token in a form, say), it is private and never kept.
    """
    if has_session(request) or response.cookies:
        add_never_cache_headers(response)
        return
    remove_vary(response, ["Cookie"] + (["Accept-Language"] if url_language(request) else []))
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        patch_cache_control(response, max_age=0, s_maxage=get_setting("CACHE_SECONDS"))


class PageCacheMiddleware:
    """Answer anonymous visitors from the page cache, and keep the pages they may share.

    The first middleware: a kept page is answered before anything else runs, with the headers
    every middleware below gave it when it was built (security headers, CSP, Content-Language,
    Cache-Control), its Age, and no template, session, language or database work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cache = page_cache()
        language = None if cache is None or passes_by(request) else url_language(request)
        if language is None:
            # No cache, or a request answered without it, or one whose language the
            # Accept-Language header or a cookie decides: not one copy for everyone.
            return self.respond(request)
        # The key ends in the language, as LocaleMiddleware (which has not run yet) will set it.
        request.LANGUAGE_CODE = language
        key = page_key(request, request.method)
        try:
            found, version = fetch(cache, request.path, key)
        except Exception:  # a cache that is away never takes a page down
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self.respond(request)
        if found is not None:
            return found.response()
        response = self.respond(request)
        timeout = shared_max_age(response)
        if timeout and may_be_kept(response) and language == request.LANGUAGE_CODE:
            try:
                keep(cache, request.path, key, version, response, timeout)
            except Exception:
                logger.warning("Page cache unavailable; %s not kept", request.path)
        return response

    def respond(self, request):
        """Return the response of the middleware below, with the headers of a page."""
        response = self.get_response(request)
        if getattr(request, "cms_events_page_view", False):
            set_page_headers(request, response)
        return response

    def process_view(self, request, callback, callback_args, callback_kwargs):
        request.cms_events_page_view = callback is wagtail_serve or getattr(
            callback, "cms_events_shared_page", False
        )


def shared_page(view):
    """Mark `view` as a page for everyone, as Wagtail's pages are: it gets their headers
    (`set_page_headers`: s-maxage for anonymous visitors, no Vary on cookie or language), so
    the page cache and a cache in front may keep it. Its URLs must be purged when it changes.
    Put it outermost, above other decorators."""
    view.cms_events_shared_page = True
    return view


def start_version(cache, path):
    """Return the version of `path`, starting a new one when there is none (or it was
    purged): copies kept under an earlier version are never found again."""
    key = version_key(path)
    cache.add(key, secrets.token_hex(8), timeout=None)
    return cache.get(key)


def keep(cache, path, key, version, response, timeout):
    """Keep `response` for `timeout` seconds under the path's `version` (None: the current
    one, started if need be). A purge since the request began leaves it unreachable."""
    if version is None:
        version = start_version(cache, path)
    if version is None:  # the cache is away
        return
    copy = KeptPage.of(response, version, timeout)
    cache.set(key, copy.stored(), timeout)
    remember(key, copy)


class KeptPage:
    """A kept page as plain data: status, headers, body, version, when it was kept and until
    when (time.time()). Cheap to store and to turn into a response again."""

    __slots__ = ("body", "expires", "headers", "kept_at", "status", "version")

    # Set per answer (Age) or by the server (Date), never kept.
    NOT_KEPT = frozenset({"age", "date"})

    def __init__(self, status, headers, body, version, kept_at, expires):
        self.status, self.headers, self.body = status, headers, body
        self.version, self.kept_at, self.expires = version, kept_at, expires

    @classmethod
    def of(cls, response, version, timeout):
        now = time.time()
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in cls.NOT_KEPT
        )
        return cls(response.status_code, headers, response.content, version, now, now + timeout)

    @classmethod
    def from_stored(cls, value):
        try:
            return cls(*value)
        except TypeError:  # something else under the key (an older format)
            return None

    def stored(self):
        return (self.status, self.headers, self.body, self.version, self.kept_at, self.expires)

    def response(self):
        response = HttpResponse(self.body, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers["Age"] = str(max(0, int(time.time() - self.kept_at)))
        return response


# The in-process layer in front of the shared cache: {page key: (KeptPage, checked)}. A copy
# is answered from here for LOCAL_SECONDS after its path's version was last read from the
# shared cache (time.monotonic()), so a purge from another process takes effect here within
# that time; a purge from this process empties it at once.
_local = {}
LOCAL_MAX_PAGES = 200


def remember(key, copy):
    if get_setting("PAGE_CACHE_LOCAL_SECONDS") <= 0:
        return
    if len(_local) >= LOCAL_MAX_PAGES:
        _local.clear()
    _local[key] = (copy, time.monotonic())


def forget_local_copies():
    """Empty this process's layer in front of the shared cache."""
    _local.clear()


def fetch(cache, path, key):
    """Return (the kept copy of `key` or None, the path's current version or None)."""
    now = time.time()
    local = _local.get(key)
    if local is not None:
        copy, checked = local
        fresh = time.monotonic() - checked < get_setting("PAGE_CACHE_LOCAL_SECONDS")
        if fresh and now < copy.expires:
            return copy, copy.version
        del _local[key]
    # One round trip: the path's version and the kept copy, valid if it has that version.
    keys = [version_key(path), key]
    found = cache.get_many(keys)
    version = found.get(keys[0])
    copy = KeptPage.from_stored(found[key]) if key in found else None
    if version is None or copy is None or copy.version != version or now >= copy.expires:
        return None, version
    remember(key, copy)
    return copy, version


class PageCacheBackend(BaseBackend):
    """Wagtail front-end cache backend that purges the page cache (`WAGTAILFRONTENDCACHE`)."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        purge_paths(unquote(urlsplit(url).path) for url in urls)
