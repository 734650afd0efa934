"""Dates, times and prices of events in words, in the active language.

Dutch: “donderdag 21 september 2023, van 14.00 tot 17.00 uur”.
English: “Thursday 21 September 2023, from 14:00 to 17:00”.

Day and month names come from Django's own translations; every connective comes from this app's
catalogue. Aware datetimes are shown in the current time zone (the site's, Europe/Amsterdam);
naive times are shown as they are.
"""

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext, pgettext

# Django date formats (see the `date` template filter); Django translates the names in them.
# “l j F Y” gives “donderdag 21 september 2023” (nl) and “Thursday 21 September 2023” (en).
FULL_DATE = "l j F Y"
DAY_AND_MONTH = "l j F"
DAY_ONLY = "l j"


def local_date(value):
    """Return the calendar date of a date or an aware datetime, in the current time zone."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def local_time(value):
    """Return the wall-clock time of a time or an aware datetime, in the current time zone."""
    if isinstance(value, datetime):
        return timezone.localtime(value).time()
    return value


def clock_parts(value):
    """Return the placeholders of a clock time: hours without and minutes with a leading zero."""
    value = local_time(value)
    return {"hours": str(value.hour), "minutes": f"{value.minute:02d}"}


def format_day(day: date, date_format: str) -> str:
    """Return `day` in a Django date format, in the active language."""
    return _format_day(day, date_format, get_language())


@lru_cache(maxsize=4096)
def _format_day(day, date_format, language):
    # Kept per language (the names are the active language's): a feed of a thousand events
    # names a few hundred days, and Django's formatting is the slow part of writing one.
    return dateformat.format(day, date_format)


def format_date(value: date | datetime) -> str:
    """Return the weekday and date in words: “donderdag 21 september 2023”."""
    return format_day(local_date(value), FULL_DATE)


def format_clock(value: time | datetime) -> str:
    """Return a bare clock time for timetables: “14.00” (nl) or “14:00” (en)."""
    # Translators: a clock time without a unit, as in a timetable row “14.00 – 15.30 uur”.
    # %(hours)s is 0–23 without a leading zero, %(minutes)s has two digits.
    # Dutch: “%(hours)s.%(minutes)s”.
    return pgettext("clock time without unit", "%(hours)s:%(minutes)s") % clock_parts(value)


def format_time(value: time | datetime) -> str:
    """Return a clock time on its own: “14.00 uur” (nl) or “14:00” (en)."""
    # Translators: a clock time on its own. %(hours)s is 0–23 without a leading zero,
    # %(minutes)s has two digits. Dutch: “%(hours)s.%(minutes)s uur”.
    return pgettext("clock time on its own", "%(hours)s:%(minutes)s") % clock_parts(value)


def format_time_range(start: time | datetime, end: time | datetime | None = None) -> str:
    """Return “van 14.00 tot 17.00 uur”, or only the start time when there is no end."""
    if end is None:
        return format_time(start)
    # Translators: a range of clock times on one day, “van 14.00 tot 17.00 uur” in Dutch.
    return gettext("from %(start)s to %(end)s") % {
        "start": format_clock(start),
        "end": format_clock(end),
    }


def format_walk_in(value: time | datetime) -> str:
    """Return when the doors open: “inloop vanaf 14.30 uur”."""
    # Translators: the time from which visitors can come in, “inloop vanaf 14.30 uur” in Dutch.
    return gettext("walk-in from %(time)s") % {"time": format_clock(value)}


def join_date_and_time(day: str, moment: str) -> str:
    """Return a date followed by a time or time range: “donderdag 21 september 2023, 14.00 uur”."""
    # Translators: %(date)s is a date in words, %(time)s a time (“14.00 uur”) or a range of times
    # (“van 14.00 tot 17.00 uur”).
    return pgettext("date followed by a time", "%(date)s, %(time)s") % {
        "date": day,
        "time": moment,
    }


def join_inclusive(start: str, end: str) -> str:
    """Return a range of days whose last day is included: “vrijdag 3 tot en met zondag 5”."""
    # Translators: a range of days or moments that includes its end; “tot en met” in Dutch.
    return pgettext("inclusive range", "%(start)s to %(end)s") % {"start": start, "end": end}


def format_date_range(start: date | datetime, end: date | datetime) -> str:
    """Return the days from `start` up to and including `end`, naming a shared month once."""
    start, end = local_date(start), local_date(end)
    if start == end:
        return format_date(start)
    if start.year != end.year:
        start_format = FULL_DATE
    elif start.month != end.month:
        start_format = DAY_AND_MONTH
    else:
        start_format = DAY_ONLY
    return join_inclusive(format_day(start, start_format), format_date(end))


def format_moment(value: datetime) -> str:
    """Return a date and time: “vrijdag 3 oktober 2025, 10.00 uur”."""
    return join_date_and_time(format_date(value), format_time(value))


def format_open_end(start: time | datetime) -> str:
    """Return the start of an event with an open end: “vanaf 10.00 uur”."""
    # Translators: the start of an event without a set end, “vanaf 10.00 uur” in Dutch.
    return pgettext("open end", "from %(time)s") % {"time": format_clock(start)}


def format_event_when(start: datetime, end: datetime | None, all_day: bool = False) -> str:
    """Return the complete “when” line of an event; an all-day event's `end` is its last day.

    Without an end the event has an open end: “donderdag 21 september 2023, vanaf 14.00 uur”.
    """
    if all_day:
        return format_date_range(start, end or start)
    if end is None:
        return join_date_and_time(format_date(start), format_open_end(start))
    if local_date(start) == local_date(end):
        return join_date_and_time(format_date(start), format_time_range(start, end))
    return join_inclusive(format_moment(start), format_moment(end))


def format_price(value: Decimal | int) -> str:
    """Return an amount in euros: “€ 1.250,00” (nl) or “€1,250.00” (en)."""
    amount = number_format(value, decimal_pos=2, force_grouping=True)
    # Translators: a price in euros; %(amount)s is already localised. Dutch: “€ %(amount)s”.
    return gettext("€%(amount)s") % {"amount": amount}


def format_location_to_follow(place: str = "") -> str:
    """Return “Locatie volgt”, or with the city or region when known: “Locatie in Utrecht volgt”."""
    if place:
        # Translators: the venue is not known yet, only the city or region. Dutch: “Locatie in
        # %(place)s volgt”.
        return gettext("Location in %(place)s to follow") % {"place": place}
    # Translators: the venue is not known yet. Dutch: “Locatie volgt”.
    return gettext("Location to follow")


def format_event_moment(event) -> str:
    """Return the “when” of an event with its walk-in time: “…, van 14.00 tot 17.00 uur
    (inloop vanaf 13.30 uur)”."""
    when = format_event_when(event.start, event.end, event.all_day)
    if event.walk_in_time and not event.all_day:
        when = f"{when} ({format_walk_in(event.walk_in_time)})"
    return when


def format_place_lines(event) -> list[str]:
    """Return where an event takes place, line by line: venue, street, postcode and city, the
    meeting point; “Locatie (in Utrecht) volgt” while it is not known; nothing for an event
    that has moved online. The online link is not included.
    """
    if event.status_behaviour.online_only:
        return []
    place = event.place
    if event.location_to_follow:
        return [format_location_to_follow(place.city)]
    lines = [place.name, place.street, place.postcode_city]
    lines = [line for line in lines if line]
    if place.meeting_point:
        lines.append(
            gettext("Meeting point: %(meeting_point)s") % {"meeting_point": place.meeting_point}
        )
    return lines
