"""Links to the public pages of venues and organisers, and to a venue's map, in the active
language."""

from django import template
from django.urls import NoReverseMatch, reverse

from cms_events.finding import maps

register = template.Library()


def entry_url(name, entry):
    """Return the page of `entry`, or "" without an entry or when the site does not include
    `cms_events.finding.urls`."""
    if entry is None or not entry.slug:
        return ""
    try:
        return reverse(f"cms_events_finding:{name}", args=[entry.slug])
    except NoReverseMatch:
        return ""


@register.simple_tag
def venue_url(venue):
    return entry_url("venue", venue)


@register.simple_tag
def organiser_url(organiser):
    return entry_url("organiser", organiser)


@register.simple_tag
def venue_map(venue):
    """Return {"page", "embed", "route"}: the venue's map page, the map alone for a frame, and
    a route planner to it; or None for a venue without coordinates."""
    urls = maps.map_urls(venue)
    if urls is None:
        return None
    return {**urls, "route": maps.route_planner_url(venue)}
