"""Which pages a visitor may see, asked of the database in the query that lists them.

One rule for every public output that lists, names or links a page (listings, feeds, search,
menus, the language switcher, rich text links, the “replaces” note, the self-service page):
the page is live and in no private section (no view restriction on it or an ancestor).

Wagtail's `PageQuerySet.public()` first loads every view restriction of the site and then
filters on their paths: one query more for every listing on a page. `public()` here asks the
same question as an `EXISTS` subquery, so a listing stays one query.
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.coreutils import get_supported_content_language_variant
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


def visible(pages):
    """Return the live pages of `pages` that a visitor may see."""
    return public(pages.live())


def visible_version(page_id, language=None):
    """Return the version of page `page_id` that a visitor may be sent to, or None.

    That is its translation in `language` when that one is visible, else the page itself when
    it is visible; asked in one query. Returned in its specific class, fields deferred.
    """
    wanted = Q(pk=page_id)
    code = None
    if language:
        try:
            code = get_supported_content_language_variant(language)
        except LookupError:
            code = None
        else:
            wanted |= Q(locale__language_code=code)
    key = Page.objects.filter(pk=page_id).values("translation_key")
    versions = visible(Page.objects.filter(wanted, translation_key=Subquery(key)))
    found = list(versions.select_related("locale"))
    found.sort(key=lambda page: (page.locale.language_code != code, page.pk != page_id))
    return found[0].specific_deferred if found else None


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
