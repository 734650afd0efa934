"""Dutch (and English) dates, times and prices: the one place that knows how events are written.

Dutch conventions: “donderdag 21 september 2023”, “14.00 uur”, “van 14.00 tot 17.00 uur”,
“inloop vanaf 14.30 uur”, “vrijdag 3 tot en met zondag 5 oktober 2025”. The active language
decides; aware datetimes are shown in the site's time zone.
"""

from datetime import datetime

from django.utils import dateformat, formats, timezone
from django.utils.translation import gettext


def _local(value):
    """Return an aware datetime in local time; dates, times and naive values unchanged."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value):
    value = _local(value)
    return value.date() if isinstance(value, datetime) else value


def format_date(value):
    """Return “donderdag 21 september 2023” (nl) or “Thursday 21 September 2023” (en)."""
    return dateformat.format(_day(value), "l j F Y")


def format_clock(value):
    """Return a clock time without suffix: “14.00” (nl) or “14:00” (en)."""
    value = _local(value)
    # Translators: a clock time. Dutch writes 14.00 with a full stop, without “uur”.
    return gettext("%(hour)s:%(minute)s") % {
        "hour": value.hour,
        "minute": f"{value.minute:02d}",
    }


def format_time(value):
    """Return “14.00 uur” (nl) or “14:00” (en)."""
    # Translators: a single clock time in running text; Dutch adds “uur”: “14.00 uur”.
    return gettext("%(time)s o’clock") % {"time": format_clock(value)}


def format_time_range(start, end=None):
    """Return “van 14.00 tot 17.00 uur” (nl) or “from 14:00 to 17:00” (en)."""
    if end is None:
        return format_time(start)
    # Translators: Dutch: “van 14.00 tot 17.00 uur”.
    return gettext("from %(start)s to %(end)s") % {
        "start": format_clock(start),
        "end": format_clock(end),
    }


def format_walk_in(value):
    """Return “inloop vanaf 14.30 uur” (nl) or “walk-in from 14:30” (en)."""
    # Translators: when the doors open. Dutch: “inloop vanaf 14.30 uur”.
    return gettext("walk-in from %(time)s") % {"time": format_clock(value)}


def format_date_range(first, last):
    """Return a range of days, naming month and year only once where they are shared.

    “vrijdag 3 tot en met zondag 5 oktober 2025”, “vrijdag 31 oktober tot en met zondag
    2 november 2025”, “woensdag 31 december 2025 tot en met vrijdag 2 januari 2026”.
    """
    first, last = _day(first), _day(last)
    if first == last:
        return format_date(first)
    if first.year != last.year:
        start = format_date(first)
    elif first.month != last.month:
        start = dateformat.format(first, "l j F")
    else:
        start = dateformat.format(first, "l j")
    # Translators: a range of days, both ends included. Dutch: “… tot en met …”.
    return gettext("%(start)s to %(end)s") % {"start": start, "end": format_date(last)}


def format_event_when(start, end, all_day=False):
    """Return the complete “when” of an event, as shown under “Wanneer”.

    One day: “donderdag 21 september 2023, van 14.00 tot 17.00 uur”. All day: the date or range
    of dates. Several days with times: “vrijdag 3 oktober 2025, 10.00 uur tot en met zondag
    5 oktober 2025, 16.00 uur”.
    """
    start, end = _local(start), _local(end)
    if all_day:
        return format_date_range(start, end)
    if _day(start) == _day(end):
        # Translators: a date followed by a time range.
        return gettext("%(date)s, %(times)s") % {
            "date": format_date(start),
            "times": format_time_range(start, end),
        }
    return gettext("%(start)s to %(end)s") % {
        "start": gettext("%(date)s, %(times)s")
        % {"date": format_date(start), "times": format_time(start)},
        "end": gettext("%(date)s, %(times)s")
        % {"date": format_date(end), "times": format_time(end)},
    }


def format_price(amount):
    """Return “€ 25,00” (nl) or “€25.00” (en)."""
    # Translators: a price in euros; Dutch: “€ 25,00”.
    return gettext("€%(amount)s") % {"amount": formats.number_format(amount, 2)}
