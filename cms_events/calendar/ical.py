"""iCalendar for events: one VEVENT builder behind every output (download, feed, mail).

Times are written in Europe/Amsterdam with a VTIMEZONE written out here (the EU rule since
1996: summer time from the last Sunday of March 02:00 to the last Sunday of October 03:00),
rather than the one icalendar 7.3 generates, which has been seen to put the spring change an
hour late. The tests compare it with zoneinfo at the transitions.

UID comes from the page's `translation_key`, so it is the same for every translation and on
every host; SEQUENCE is the page's stored counter (see `EventPageMixin.track_calendar_changes`).
"""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, Parameters, Timezone, vCalAddress, vRecur, vText
from icalendar.caselessdict import canonsort_keys
from icalendar.parser import Contentline

from cms_events.calendar import recurrence
from cms_events.conf import get_setting
from cms_events.formatting import format_event_when, format_location_to_follow

PRODID = "-//cms_events//Wagtail events//NL"
TZID = "Europe/Amsterdam"
AMSTERDAM_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19810329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def event_uid(event):
    """Return the UID shared by an event's translations, independent of the host."""
    return f"{event.translation_key}@cms-events"


# The fields `location_text()` reads (with `status`); a chosen venue comes along with them
# (`feeds.feed_events()` selects it).
LOCATION_FIELDS = (
    "venue",
    "venue_name",
    "street",
    "postcode",
    "city",
    "meeting_point",
    "online_url",
    "online_link_by_mail",
    "location_to_follow",
)


def online_text(event):
    """Return the online link, or words saying it follows by email, or nothing."""
    if event.online_url:
        return event.online_url
    if event.online_link_by_mail:
        return gettext("Online, the link follows by email")
    return ""


def location_text(event):
    """Return the LOCATION: venue and address, “Locatie volgt”, the online link, or nothing."""
    if event.status_behaviour.online_only:
        return online_text(event) or gettext("Online")
    place = event.place
    if event.location_to_follow:
        return format_location_to_follow(place.city)
    parts = [place.name, place.street, place.postcode_city]
    text = ", ".join(part for part in parts if part)
    if place.meeting_point:
        text = f"{text} ({place.meeting_point})" if text else place.meeting_point
    return text or online_text(event)


def description_text(event, url, where=None):
    """Return a plain-text DESCRIPTION: intro, when, where (`location_text`, unless given),
    and the page's URL."""
    lines = [event.intro, ""] if event.intro else []
    lines.append(f"{gettext('When')}: {format_event_when(event.start, event.end, event.all_day)}")
    if where is None:
        where = location_text(event)
    if where:
        lines.append(f"{gettext('Where')}: {where}")
    lines.append(f"{gettext('More information')}: {url}")
    return "\n".join(lines)


def times_properties(event):
    """Return DTSTART/DTEND: dates with an exclusive end for all-day events, else local times.

    An open end has no DTEND: RFC 5545 (3.6.1) then makes an event with a DATE-TIME start
    end at its start, which calendars show as an entry at the start time without a length.
    """
    start = timezone.localtime(event.start)
    if event.all_day:
        last_day = timezone.localtime(event.end).date() if event.end else start.date()
        return [("dtstart", start.date(), None), ("dtend", last_day + timedelta(days=1), None)]
    properties = [("dtstart", start.replace(tzinfo=None), {"TZID": TZID})]
    if event.end:
        end = timezone.localtime(event.end)
        properties.append(("dtend", end.replace(tzinfo=None), {"TZID": TZID}))
    return properties


def recurrence_properties(rule, *, through=None):
    """Return RRULE, EXDATE and RDATE for the series `rule` (`calendar.recurrence.Recurrence`),
    for a VEVENT whose DTSTART is the rule's first date (and start time).

    A series that ends gets an UNTIL at its last regular date, never a COUNT: COUNT counts the
    dates EXDATE then takes away (RFC 5545, 3.8.5.1), where the rule's number of times counts
    the dates that take place. EXDATE lists the skipped dates (holidays, dates left out) up to
    the end, or for an open series up to `through` (a rolling window: calendars that cap
    EXDATE lists stay readable); RDATE lists the extra dates.
    """
    entries = recurrence.series_dates(rule, through=through, include_skipped=True)
    regular = [e.day for e in entries if e.skipped is None and not e.extra]
    closed = rule.until is not None or rule.count is not None
    last = regular[-1] if closed and regular else None
    parts = recurrence_parts(rule)
    if last is not None:
        parts["until"] = series_moment(rule, last, utc=True)
    properties = [("rrule", parts, None)]
    skipped = [e.day for e in entries if e.skipped is not None and (last is None or e.day <= last)]
    properties += [series_property("exdate", rule, day) for day in skipped]
    properties += [series_property("rdate", rule, e.day) for e in entries if e.extra]
    return properties


def recurrence_parts(rule):
    """Return the RRULE of the rule's pattern, for icalendar's `vRecur`."""
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    parts = {"freq": "WEEKLY" if rule.frequency == recurrence.WEEKLY else "MONTHLY"}
    if rule.interval != 1:
        parts["interval"] = rule.interval
    if rule.frequency == recurrence.WEEKLY:
        parts["byday"] = [days[day] for day in sorted(set(rule.weekdays))]
        parts["wkst"] = "MO"
    elif rule.frequency == recurrence.MONTHLY_BY_DATE:
        parts["bymonthday"] = [rule.first.day]
    else:
        parts["byday"] = [f"{rule.week_of_month}{days[rule.first.weekday()]}"]
    return parts


def series_moment(rule, day, *, utc=False):
    """Return a date of the series as DTSTART writes it: a date for a series without a time,
    else the local time (naive, with TZID), or in UTC for UNTIL (RFC 5545 asks that there)."""
    if rule.start_time is None:
        return day
    moment = datetime.combine(day, rule.start_time)
    if utc:
        return timezone.make_aware(moment, zoneinfo.ZoneInfo(TZID)).astimezone(UTC)
    return moment


def series_property(name, rule, day):
    """Return a property naming a date of the series as DTSTART writes it."""
    moment = series_moment(rule, day)
    return (name, moment, None if rule.start_time is None else {"TZID": TZID})


def organiser_address(event):
    address = vCalAddress(f"mailto:{organiser_email()}")
    address.params["CN"] = vText(event.organiser_info.name or settings.WAGTAIL_SITE_NAME)
    return address


def organiser_email():
    return get_setting("ORGANISER_EMAIL") or settings.DEFAULT_FROM_EMAIL.rsplit("<")[-1].strip(">")


def vevent_properties(event, *, url, status=None):
    """Return the properties of the VEVENT of `event`, (name, value, parameters) in the order
    added; `status` overrides the status module's STATUS."""
    subtitle = getattr(event, "subtitle", "")
    where = location_text(event)
    properties = [
        ("uid", event_uid(event), None),
        ("dtstamp", timezone.now(), None),
        ("sequence", event.sequence, None),
        ("status", status or event.status_behaviour.ical_status, None),
        ("summary", f"{event.title}: {subtitle}" if subtitle else event.title, None),
        ("description", description_text(event, url, where), None),
        *times_properties(event),
    ]
    if where:
        properties.append(("location", where, None))
    properties.append(("url", url, None))
    if event.organiser_info.name:
        properties.append(("organizer", organiser_address(event), None))
    if event.last_published_at:
        properties.append(("last-modified", event.last_published_at, None))
    return properties


def component(properties, kind=Event):
    """Return an icalendar component (a VEVENT) with `properties`."""
    result = kind()
    for name, value, parameters in properties:
        result.add(name, value, parameters=parameters)
    return result


def build_vevent(event, *, url, status=None):
    """Return the VEVENT of `event`; `status` overrides the status module's STATUS."""
    return component(vevent_properties(event, url=url, status=status))


def series_rule(event):
    """Return the `Recurrence` of a series page (None for a single event or one date)."""
    if not getattr(event, "is_whole_series", False):
        return None
    try:
        return event.get_recurrence()
    except recurrence.RuleError:
        return None


def build_vevents(event, *, url, status=None, through=None):
    """Return the VEVENTs of `event` (see `vevents_properties`)."""
    return [
        component(properties)
        for properties in vevents_properties(event, url=url, status=status, through=through)
    ]


def vevents_properties(event, *, url, status=None, through=None):
    """Return the properties of each VEVENT of `event`.

    A single event, or one date of a series (`EventOnDate`), is one VEVENT; a date of a series
    carries the series' UID and its RECURRENCE-ID, so that a calendar holding the series puts
    it in its place. A series is its first VEVENT with RRULE, EXDATE and RDATE
    (`recurrence_properties`, an open series up to `through`), then one VEVENT with
    RECURRENCE-ID for each date that differs (its own status, times, venue or theme), all
    under one UID.
    """
    occurrence = getattr(event, "occurrence", None)
    if occurrence is not None and occurrence.in_series:
        properties = vevent_properties(event, url=url, status=status)
        rule = event.page.get_recurrence()
        return [[*properties, series_property("recurrence-id", rule, occurrence.date)]]
    rule = series_rule(event)
    properties = vevent_properties(event, url=url, status=status)
    if rule is None:
        return [properties]
    # An open series is written up to a rolling window; one that ends, whole.
    through = through or event.window_end(timezone.localdate(), recurrence.OPEN_HORIZON)
    result = [[*properties, *recurrence_properties(rule, through=through)]]
    changes = [c for c in event.date_changes_of() if c.kind != c.LEFT_OUT]
    if not changes:
        return result
    planned = {entry.date: entry for entry in event.planned_dates(through=through)}
    for change in changes:
        entry = planned.get(change.date)
        if entry is None:
            continue
        entry.page = event
        one_date = event.on_date(entry)
        override = vevent_properties(one_date, url=f"{url}?{entry.query_string}", status=status)
        result.append([*override, series_property("recurrence-id", rule, change.date)])
    return result


# Properties that icalendar writes in UTC (`Component.add`).
UTC_PROPERTIES = {"DTSTAMP", "CREATED", "LAST-MODIFIED"}


def write_vevent(properties):
    """Return the VEVENT of `properties` as `component(properties).to_ical()` writes it, byte
    for byte, without building icalendar's objects: the feed's hot path, a thousand events.

    Text, numbers, dates, times, addresses and rules are written here, with icalendar's own
    escaping, parameter quoting, property order and folding; any other value goes through
    icalendar. The tests compare both writers on every kind of event.
    """
    grouped = {}
    for name, value, parameters in properties:
        grouped.setdefault(name.upper(), []).append((value, parameters))
    lines = ["BEGIN:VEVENT"]
    for name in canonsort_keys(grouped.keys(), Event.canonical_order):
        lines += [content_line(name, value, parameters) for value, parameters in grouped[name]]
    lines.append("END:VEVENT")
    return b"".join(fold(line) + b"\r\n" for line in lines)


def fold(line):
    """Return a content line folded as icalendar folds it (`Contentline.to_ical`): pieces of
    at most 74 octets, never ending in the escape characters \\ or ^ (moved to the next piece),
    joined by CRLF and a space. A line of ASCII is cut here; any other goes through icalendar,
    which counts the octets of each character."""
    encoded = line.encode()
    if len(encoded) < 75:
        return encoded
    if len(encoded) != len(line):
        return Contentline(line).to_ical()
    pieces, start = [], 0
    while len(encoded) - start > 74:
        end = start + 74
        if encoded[end - 1 : end] in (b"\\", b"^"):
            end -= 1
        pieces.append(encoded[start:end])
        start = end
    pieces.append(encoded[start:])
    return b"\r\n ".join(pieces)


def content_line(name, value, parameters):
    """Return one content line, unfolded, as icalendar writes it."""
    kind = type(value)
    if kind is str:
        text = vText(value).to_ical().decode()
    elif kind is int:
        text = str(value)
    elif kind is date:
        text = value.strftime("%Y%m%d")
        parameters = {"VALUE": "DATE", **(parameters or {})}
    elif kind is datetime and value.tzinfo is None:
        text = value.strftime("%Y%m%dT%H%M%S")
    elif (
        kind is datetime
        and value.utcoffset() == timedelta(0)
        and (name in UTC_PROPERTIES or value.tzinfo is UTC)
    ):
        text = value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    elif kind is vCalAddress:
        text = str(value)
        parameters = {**value.params, **(parameters or {})}
    elif kind is dict:
        text = vRecur(value).to_ical().decode()
    else:
        # Anything else as icalendar writes it (the line between BEGIN and END).
        return component([(name, value, parameters)]).content_lines()[1]
    if not parameters:
        return f"{name}:{text}"
    return f"{name};{Parameters(parameters).to_ical().decode()}:{text}"


def new_calendar(method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add_component(Timezone.from_ical(AMSTERDAM_VTIMEZONE))
    return calendar


def build_event_calendar(event, *, url, method=None, attendee=None):
    """Return a calendar with one event.

    `method` is None for a download, "REQUEST" for a confirmation mail (with the registrant as
    `attendee`, an (email, name) pair) and "CANCEL" to take the event out of a calendar.
    """
    calendar = new_calendar(method)
    status = "CANCELLED" if method == "CANCEL" else None
    for vevent in build_vevents(event, url=url, status=status):
        if method and not event.organiser_info.name:
            vevent.add("organizer", organiser_address(event))
        if attendee:
            email, name = attendee
            address = vCalAddress(f"mailto:{email}")
            address.params["CN"] = vText(name)
            address.params["ROLE"] = vText("REQ-PARTICIPANT")
            vevent.add("attendee", address)
        calendar.add_component(vevent)
    return calendar


def build_feed(events, *, name, url_for, refresh=timedelta(hours=6)):
    """Return a subscribable calendar of `events`; cancelled ones stay, marked CANCELLED."""
    calendar = new_calendar()
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", refresh)
    for event in events:
        for vevent in build_vevents(event, url=url_for(event)):
            calendar.add_component(vevent)
    return calendar
