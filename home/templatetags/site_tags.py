"""Template tags of the demo site's own layout."""

from django import template
from wagtail.models import Site

from cms_events.locales import active_locale, localized
from cms_events.models import EventIndexPage
from cms_events.visibility import public

register = template.Library()


@register.simple_tag(takes_context=True)
def event_indexes(context):
    """Return the live event indexes of the current site in the active language, for the menu."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    locale = active_locale(request, context.get("page")) if site else None
    if locale is None:
        return []
    indexes = EventIndexPage.objects.live().descendant_of(site.root_page, inclusive=True)
    return list(public(indexes).filter(locale=locale).order_by("path"))


@register.simple_tag(takes_context=True)
def localized_home(context, site):
    """Return the site's home page in the active language (`site.root_page.localized`)."""
    return localized(site.root_page, context.get("request"), context.get("page"))
