"""Template filters and tags for Dutch dates and times: `{% load event_formatting %}`."""

from django import template

from .. import formatting

register = template.Library()


@register.filter
def event_date(value):
    """“donderdag 21 september 2023”."""
    return formatting.format_date(value) if value else ""


@register.filter
def event_time(value):
    """“14.00 uur”."""
    return formatting.format_time(value) if value else ""


@register.filter
def event_clock(value):
    """“14.00”."""
    return formatting.format_clock(value) if value else ""


@register.filter
def walk_in(value):
    """“inloop vanaf 14.30 uur”."""
    return formatting.format_walk_in(value) if value else ""


@register.filter
def price(value):
    """“€ 25,00”."""
    return formatting.format_price(value) if value is not None else ""


@register.simple_tag
def time_range(start, end=None):
    """“van 14.00 tot 17.00 uur”."""
    return formatting.format_time_range(start, end)


@register.simple_tag
def event_when(start, end, all_day=False):
    """The complete “when” line of an event."""
    return formatting.format_event_when(start, end, all_day)
