"""Template filters and tags for event dates, times and prices: `{% load event_formatting %}`.

Each returns a plain string, so the template engine escapes it. Empty values give "".
"""

from datetime import datetime

from django import template
from django.utils import timezone

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
def event_moment(value):
    """Return a date and time: “vrijdag 3 oktober 2025, 10.00 uur”."""
    return "" if is_empty(value) else formatting.format_moment(value)


@register.filter
def machine_datetime(value):
    """Return a `<time datetime>` value: ISO 8601 in local time, to the second.

    Django's `date:'c'` adds microseconds when a value has them, which HTML does not allow.
    """
    if is_empty(value):
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()


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


@register.simple_tag
def location_to_follow(event):
    """Return “Locatie volgt”, with the event's city or region when it is known."""
    return formatting.format_location_to_follow(event.place.city)
