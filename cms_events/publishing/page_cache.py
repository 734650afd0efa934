"""The page cache: one copy of a page for every anonymous visitor, in Django's cache.

Built on Django's cache middleware (`django.middleware.cache`), with these differences, which
make it safe for a CMS with editors, fit for a cache in front, and fast:

- Only what a response itself allows is kept: a 200 to a GET with `s-maxage` in its
  Cache-Control (the lifetime in shared caches, which is also how long it is kept here),
  nothing `private`, `no-cache` or `no-store`, and no cookie. Pages served by Wagtail get
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

`UpdatePageCacheMiddleware` goes high in MIDDLEWARE (it sees the final response), and
`FetchPageCacheMiddleware` right below it, so that a kept page is answered before sessions,
languages and the rest are set up. CMS_EVENTS_PAGE_CACHE names the cache (None: no cache kept
here; the headers for a cache in front are sent all the same).
"""

import hashlib
import re
import secrets
import time
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.views import serve as wagtail_serve

from cms_events.conf import get_setting

# Query strings a kept page may have: the pages' own parameters and campaign tags. Any other
# parameter is answered without the cache, so that made-up URLs cannot fill it.
CACHEABLE_PARAMETER = re.compile(r"^(bron|pagina|utm_\w+|mtm_\w+)$")
NEVER_KEPT = ("private", "no-cache", "no-store")


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


def passes_by(request):
    """Return whether `request` is answered without the cache."""
    return (
        request.method not in ("GET", "HEAD")
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


class FetchPageCacheMiddleware(FetchFromCacheMiddleware):
    """Answer a request from the page cache when a copy of its page is kept."""

    def process_request(self, request):
        cache = page_cache()
        if cache is None or passes_by(request):
            request._cache_update_cache = False
            return None
        request._cache_update_cache = True
        language = url_language(request)
        if language is None:
            return None
        # The key ends in the language, as LocaleMiddleware (which has not run yet) will set it.
        request.LANGUAGE_CODE = language
        # One round trip: the path's version and the kept copy, valid if it has that version.
        keys = [version_key(request.path), page_key(request, request.method)]
        found = cache.get_many(keys)
        version, kept = found.get(keys[0]), found.get(keys[1])
        if version is None or kept is None or kept[0] != version:
            return None
        response = kept[1]
        request._cache_update_cache = False
        response["Age"] = str(max(0, int(time.time() - response.cms_events_kept_at)))
        return response

    def process_view(self, request, callback, callback_args, callback_kwargs):
        request.cms_events_page_view = callback is wagtail_serve


class UpdatePageCacheMiddleware(UpdateCacheMiddleware):
    """Set the cache headers of pages and keep the ones every anonymous visitor shares."""

    def process_response(self, request, response):
        if getattr(request, "cms_events_page_view", False):
            set_page_headers(request, response)
        cache = page_cache()
        timeout = shared_max_age(response)
        if (
            cache is None
            or not self._should_update_cache(request, response)
            or not timeout
            or not may_be_kept(response)
            or getattr(request, "LANGUAGE_CODE", None) != url_language(request)
        ):
            return response
        version = self.current_version(cache, request.path)
        key = page_key(request, request.method)
        response.cms_events_kept_at = time.time()
        if hasattr(response, "render") and callable(response.render):
            response.add_post_render_callback(lambda r: cache.set(key, (version, r), timeout))
        else:
            cache.set(key, (version, response), timeout)
        return response

    @staticmethod
    def current_version(cache, path):
        """Return the version of `path`, starting a new one when there is none (or it was
        purged): copies kept under an earlier version are never found again."""
        key = version_key(path)
        cache.add(key, secrets.token_hex(8), timeout=None)
        return cache.get(key)


class PageCacheBackend(BaseBackend):
    """Wagtail front-end cache backend that purges the page cache (`WAGTAILFRONTENDCACHE`)."""

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        purge_paths(unquote(urlsplit(url).path) for url in urls)
