"""Routing to a child page in one query instead of Wagtail's two, and the request's Site
without a query on every request."""

import contextlib
import copy
import hashlib
import time

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError
from django.http.request import split_domain_port
from wagtail.models import Site

from cms_events.publishing.tree_version import tree_version

# Seconds a process uses a Site it looked up for a host before looking again, at most; it
# looks again as soon as the page tree changes (`tree_version()`, which a saved Site changes).
SITE_SECONDS = 60
# Seconds a routed child is kept in the cache, at most.
CHILD_SECONDS = 60 * 60

# {(hostname, port): (Site or None, until when (time.monotonic()), tree version)}
_sites = {}


def find_site(request):
    """Return what `Site.find_for_request(request)` returns, from this process's memory when
    it looked up the same host less than SITE_SECONDS ago. Each request gets its own copy."""
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    now = time.monotonic()
    version = tree_version()
    known = _sites.get(key)
    if known is None or known[1] <= now or known[2] != version:
        site = Site._find_for_request(request)
        if site is not None:
            # Wagtail's routing starts at `site.root_page.localized.specific`: load it now,
            # and it comes with every copy.
            site.root_page.specific  # noqa: B018
        if len(_sites) > 100:
            _sites.clear()
        known = _sites[key] = (site, now + SITE_SECONDS, version)
    return copy.deepcopy(known[0])


def forget_sites(**kwargs):
    _sites.clear()


class SiteMiddleware:
    """Give the request its Wagtail Site (`Site.find_for_request`) from `find_site()`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A database that fails is left to the view: the health check then answers 503.
        with contextlib.suppress(DatabaseError):
            request._wagtail_site = find_site(request)
        return self.get_response(request)


class CommonChildRoutingMixin:
    """Find a child of the common type by its slug with its specific fields in one query.

    Wagtail's `Page.route()` fetches the child as a plain `Page` and then its specific form.
    Put this mixin before `Page` in the bases (after `RoutablePageMixin`, whose own routes
    come first) and name the type most children have in `common_child_model`. Children of
    other types are routed by Wagtail as before.
    """

    #: "app_label.ModelName" of the page type most children have.
    common_child_model = None

    def get_common_children(self):
        """Return the children of the common type, their locale loaded. Override this to load
        more with them in the same query."""
        model = apps.get_model(self.common_child_model)
        return model.objects.child_of(self).select_related("locale")

    def get_common_child(self, slug):
        """Return the child of the common type with this slug, or None.

        A child found is kept in the cache until the page tree changes (`tree_version()`,
        which also changes when any page is saved), so that routing to it takes no query.
        """
        digest = hashlib.md5(slug.encode(), usedforsecurity=False).hexdigest()
        key = f"cms_events:child:{tree_version()}:{self.pk}:{digest}"
        child = cache.get(key)
        if child is None:
            child = self.get_common_children().filter(slug=slug).first()
            if child is not None:
                cache.set(key, child, CHILD_SECONDS)
        return child

    def route(self, request, path_components):
        if path_components and self.common_child_model:
            child = self.get_common_child(path_components[0])
            if child is not None:
                # As Page.route(): the parent is known, and the child may be of a subclass.
                child._cached_parent_obj = self
                return child.specific.route(request, path_components[1:])
        return super().route(request, path_components)
