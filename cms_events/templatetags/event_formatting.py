"""Template filters and tags for event dates, times and prices: `{% load event_formatting %}`.

Each returns a plain string, so the template engine escapes it. Empty values give "".
"""

from django import template

from cms_events import formatting

register = template.Library()


def is_empty(value):
    """Return whether a template value is missing: None or the engine's empty string."""
    return value is None or value == ""


@register.filter
def event_date(value):
    """Return the date in words: “donderdag 21 september 2023”."""
    return "" if is_empty(value) else formatting.format_date(value)


@register.filter
def event_time(value):
    """Return a clock time on its own: “14.00 uur”."""
    return "" if is_empty(value) else formatting.format_time(value)


@register.filter
def event_clock(value):
    """Return a bare clock time for timetables: “14.00”."""
    return "" if is_empty(value) else formatting.format_clock(value)


@register.filter
def walk_in(value):
    """Return when the doors open: “inloop vanaf 14.30 uur”."""
    return "" if is_empty(value) else formatting.format_walk_in(value)


@register.filter
def price(value):
    """Return an amount in euros: “€ 25,00”."""
    return "" if is_empty(value) else formatting.format_price(value)


@register.simple_tag
def time_range(start, end=None):
    """Return a range of clock times: “van 14.00 tot 17.00 uur”."""
    if is_empty(start):
        return ""
    return formatting.format_time_range(start, None if is_empty(end) else end)


@register.simple_tag
def event_when(start, end=None, all_day=False):
    """Return the complete “when” line of an event."""
    if is_empty(start):
        return ""
    return formatting.format_event_when(start, None if is_empty(end) else end, bool(all_day))
