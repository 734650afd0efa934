"""Links to the public pages of venues and organisers, in the active language."""

from django import template
from django.urls import NoReverseMatch, reverse

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
