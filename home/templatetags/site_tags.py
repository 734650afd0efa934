"""Template tags of the demo site's own layout: menu and language versions."""

from django import template
from django.db.models import Q
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page, Site

from cms_events.models import EventIndexPage

register = template.Library()


def site_roots(request):
    """Return the root page of the request's site in every language."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(site.root_page.get_translations(inclusive=True))


@register.simple_tag(takes_context=True)
def event_indexes(context):
    """Return the live event indexes of the current site in the active language, for the menu."""
    roots = site_roots(context.get("request"))
    if not roots:
        return []
    below_a_root = Q()
    for root in roots:
        below_a_root |= Q(path__startswith=root.path)
    indexes = EventIndexPage.objects.live().public().filter(below_a_root)
    return list(indexes.filter(locale=Locale.get_active()).order_by("path"))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """Return the live language versions of the current page: [{code, name, url, current}].

    On a page without translations, or outside the page tree, this is one version or none, and
    templates show no switcher.
    """
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.pk is None:
        return []
    current = get_language()
    versions = []
    for version in page.get_translations(inclusive=True).live().public().select_related("locale"):
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
    return sorted(versions, key=lambda v: v["code"] != Locale.get_default().language_code)
