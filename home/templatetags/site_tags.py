"""Template tags of the demo site's own layout."""

from django import template
from wagtail.models import Locale, Site

from cms_events.models import EventIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def event_indexes(context):
    """Return the live event indexes of the current site in the active language, for the menu."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    indexes = EventIndexPage.objects.live().public().descendant_of(site.root_page, inclusive=True)
    return list(indexes.filter(locale=Locale.get_active()).order_by("path"))
