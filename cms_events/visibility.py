"""Which pages a visitor may see, asked of the database in the query that lists them.

Wagtail's `PageQuerySet.public()` first loads every view restriction of the site and then
filters on their paths: one query more for every listing on a page. `public()` here asks the
same question as an `EXISTS` subquery, so a listing stays one query.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site


def restricted_sections():
    """Return the view restrictions on the page in the outer query or one of its ancestors."""
    return PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )


def public(pages):
    """Return `pages` without those in a private section, as `pages.public()` does."""
    return pages.filter(~Exists(restricted_sections()))


def view_restrictions(page):
    """Return the view restrictions that apply to `page`, in one query.

    The same as Wagtail's `Page.get_view_restrictions()`, which reads the ancestors first to
    follow aliases to their source pages: here the ancestors' paths come from the page's own
    path, and aliases are followed in a subquery.
    """
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    on_path = Page.objects.filter(path__in=paths)
    return PageViewRestriction.objects.filter(
        Q(page__in=on_path.filter(alias_of__isnull=True))
        | Q(page__in=on_path.filter(alias_of__isnull=False).values("alias_of"))
    )


class OneQueryViewRestrictionsMixin:
    """Check a page's view restrictions, on every request Wagtail serves it, in one query."""

    def get_view_restrictions(self):
        return view_restrictions(self)


def public_page(request, model, page_id):
    """Return a live page without view restrictions on the requested site, or raise 404."""
    site = Site.find_for_request(request)
    page = public(model.objects.live()).filter(pk=page_id).first()
    if page is None or site is None:
        raise Http404
    # A site's tree includes the translations of its root page (one per language).
    roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
    if not any(page.path.startswith(root) for root in roots):
        raise Http404
    return page
