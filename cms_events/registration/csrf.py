"""Cross-site request forgery protection that lets a registration form work without a cookie.

Django's CSRF protection needs a cookie and a token in the page, so a page with a form would
differ per visitor and could not be cached. An event's registration form is anonymous and is
protected instead by where the request comes from (README, "Caching"): browsers say so in the
Sec-Fetch-Site and Origin headers of every POST, which another site's page cannot change.

`PageCsrfMiddleware` goes right before Django's `CsrfViewMiddleware` in MIDDLEWARE, which stays
in charge of every other view. For a POST to a Wagtail page it holds Django's check back until
the page is known (the `before_serve_page` hook calls `check_page_request()`): a page that takes
POSTs without a token (`posts_without_csrf_token`: an event with a registration form) checks
their origin itself with `refuse_cross_site()`; every other page gets Django's check.
"""

from django.middleware import csrf
from django.utils.deprecation import MiddlewareMixin
from wagtail.views import serve as wagtail_serve

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
# Fetch metadata of a request made by a page of this origin, or by the person themselves.
OWN_FETCH_SITES = ("same-origin", "none")
REASON_CROSS_SITE = "Sent from another site (Sec-Fetch-Site or Origin)."


class PageCsrfMiddleware(MiddlewareMixin):
    """Hold Django's CSRF check of a POST to a Wagtail page back until the page is known."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if callback is wagtail_serve and request.method not in SAFE_METHODS:
            request.cms_events_csrf_deferred = True
            # Django's CsrfViewMiddleware, next in line, skips a request marked as done.
            request.csrf_processing_done = True


class OriginChecker(csrf.CsrfViewMiddleware):
    """Django's CSRF checks, called by `check_page_request()` and `refuse_cross_site()`."""

    def is_cross_site(self, request):
        """Return whether a browser sent `request` from a page of another origin.

        Sec-Fetch-Site first (current browsers send it), then Origin, which browsers have sent
        with every POST for longer; origins in CSRF_TRUSTED_ORIGINS count as this site's. A
        request with neither comes from a program, not from a visitor's browser tricked by
        another site: it is not forged, and meets the honeypot and the rate limits.
        """
        fetch_site = request.headers.get("Sec-Fetch-Site")
        if fetch_site in OWN_FETCH_SITES:
            return False
        if "HTTP_ORIGIN" not in request.META:
            return fetch_site is not None
        return not self._origin_verified(request)


def checker():
    return OriginChecker(lambda request: None)


def refuse_cross_site(request):
    """Return a 403 response when a browser sent `request` from another site, else None."""
    middleware = checker()
    if middleware.is_cross_site(request):
        return middleware._reject(request, REASON_CROSS_SITE)
    return None


def check_page_request(page, request):
    """Apply the CSRF check deferred for a POST to `page`; return a refusal or None."""
    if not getattr(request, "cms_events_csrf_deferred", False):
        return None
    if getattr(page, "posts_without_csrf_token", False):
        return None  # the page checks the origin itself
    request.csrf_processing_done = False
    return checker().process_view(request, None, (), {})
