"""Links that open an event in online calendars with its facts filled in."""

from datetime import UTC, timedelta
from urllib.parse import urlencode

from django.utils import timezone

from cms_events.calendar.ical import location_text


def _utc(value):
    return value.astimezone(UTC)


def _last_day(event):
    """Return the last day of an all-day event (one day when it has no end)."""
    return timezone.localtime(event.end or event.start).date()


def _end(event):
    """Return the end; an open end is shown as a moment at the start, as in the .ics."""
    return event.end or event.start


def google_calendar_url(event, url):
    """Return a Google Calendar “add event” link."""
    if event.all_day:
        first = timezone.localtime(event.start).date()
        last = _last_day(event) + timedelta(days=1)
        dates = f"{first:%Y%m%d}/{last:%Y%m%d}"
    else:
        dates = f"{_utc(event.start):%Y%m%dT%H%M%SZ}/{_utc(_end(event)):%Y%m%dT%H%M%SZ}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "details": f"{event.intro}\n\n{url}".strip(),
        "location": location_text(event),
        "ctz": "Europe/Amsterdam",
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event, url):
    """Return an Outlook.com “new event” link."""
    if event.all_day:
        start = timezone.localtime(event.start).date().isoformat()
        end = (_last_day(event) + timedelta(days=1)).isoformat()
    else:
        start = _utc(event.start).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = _utc(_end(event)).strftime("%Y-%m-%dT%H:%M:%SZ")
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": start,
        "enddt": end,
        "allday": "true" if event.all_day else "false",
        "body": f"{event.intro}\n\n{url}".strip(),
        "location": location_text(event),
    }
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(query)
