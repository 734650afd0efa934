"""Template tags of the demo site's own layout: home link, menu and language versions.

The three are read in one query (`header_pages`): the home page in the active language, its
event indexes, and the live language versions of the page being shown. That is kept in the
cache per site, page and language until the page tree changes (`tree_version()`).
"""

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language, get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from cms_events.locales import active_locale, localized
from cms_events.models import EventIndexPage
from cms_events.publishing.tree_version import tree_version
from cms_events.visibility import public

register = template.Library()

# Seconds the header's pages are kept in the cache, unless the page tree changes first.
HEADER_PAGES_SECONDS = 60 * 60


@dataclass
class HeaderPages:
    home: Page | None = None
    indexes: list = field(default_factory=list)
    versions: list = field(default_factory=list)


def home_path(site, page, locale):
    """Return the tree path of the site's home page in `locale`, known without a query when
    the page being shown is in that locale; else None."""
    if not isinstance(page, Page) or page.locale_id != locale.pk:
        return None
    root_path = site.root_page.path
    if len(page.path) < len(root_path):
        return None
    return page.path[: len(root_path)]


def header_pages(context):
    """Return the `HeaderPages` of the current request, read in one query and kept."""
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page) or page.pk is None:
        page = None
    key = (page.pk if page else None, get_language())
    kept = request.__dict__.setdefault("_site_header_pages", {}) if request else {}
    if key not in kept:
        site = Site.find_for_request(request) if request else None
        kept[key] = kept_header_pages(request, site, page)
    return kept[key]


def kept_header_pages(request, site, page):
    """Return `read_header_pages()` from the cache, kept there until the page tree changes."""
    if site is None or getattr(request, "is_preview", False):
        return read_header_pages(request, site, page)
    parts = [tree_version(), site.pk, page.pk if page else None, get_language()]
    key = "site:header-pages:" + ":".join(str(part) for part in parts)
    result = cache.get(key)
    if result is None:
        result = read_header_pages(request, site, page)
        cache.set(key, result, HEADER_PAGES_SECONDS)
    return result


def read_header_pages(request, site, page):
    """Return the `HeaderPages` of `page` on `site`, read in one query."""
    locale = active_locale(request, page) if site else None
    result = HeaderPages()
    conditions = []
    if locale is not None:
        path = home_path(site, page, locale)
        if path is None:
            result.home = localized(site.root_page, request, page)
            path = result.home.path
        else:
            conditions.append(Q(path=path))
        index_type = ContentType.objects.get_for_model(EventIndexPage)
        conditions.append(Q(content_type=index_type, locale=locale, path__startswith=path))
    if page is not None:
        conditions.append(Q(translation_key=page.translation_key))
    if conditions:
        query = conditions[0]
        for condition in conditions[1:]:
            query |= condition
        found = public(Page.objects.live().filter(query)).select_related("locale")
        for candidate in found.order_by("path"):
            if locale is not None and candidate.path == path:
                result.home = candidate
            if page is not None and candidate.translation_key == page.translation_key:
                result.versions.append(candidate)
            if (
                locale is not None
                and candidate.content_type_id == index_type.pk
                and candidate.locale_id == locale.pk
                and candidate.path.startswith(path)
            ):
                result.indexes.append(candidate)
    return result


@register.simple_tag(takes_context=True)
def event_indexes(context):
    """Return the live event indexes of the current site in the active language, for the menu."""
    return header_pages(context).indexes


@register.simple_tag(takes_context=True)
def localized_home(context, site):
    """Return the site's home page in the active language (`site.root_page.localized`)."""
    home = header_pages(context).home
    return home or localized(site.root_page, context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Return the live language versions of the current page: [{code, name, url, current}].

    On a page without translations, or outside the page tree, this is one version or none, and
    templates show no switcher. A view outside the page tree may give its own versions as
    `language_versions` in its context (cms_events' venue and organiser pages do).
    """
    given = context.get("language_versions")
    if given is not None:
        return given
    request = context.get("request")
    current = get_language()
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    versions = []
    for version in header_pages(context).versions:
        url = version.get_url(request=request)
        if not url:
            continue
        code = version.locale.language_code
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "full_url": version.get_full_url(request=request),
                "current": code == current,
            }
        )
    return sorted(versions, key=lambda v: v["code"] != default)
