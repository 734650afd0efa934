"""schema.org `Event` data for an event page, as a plain dict (serialised by the template tag)."""

from django.utils import timezone

from cms_events.status import EventStatus

SCHEMA = "https://schema.org/"


def _moment(event, value):
    """Return ISO 8601 with offset, or only the date for all-day events."""
    value = timezone.localtime(value)
    return value.date().isoformat() if event.all_day else value.isoformat()


def build_place(event):
    """Return a `Place` with its `PostalAddress`, or None when the event has no address."""
    if not event.has_address:
        return None
    address = {"@type": "PostalAddress", "addressCountry": "NL"}
    for key, value in (
        ("streetAddress", event.street),
        ("postalCode", event.postcode),
        ("addressLocality", event.city),
    ):
        if value:
            address[key] = value
    return {"@type": "Place", "name": event.venue_name or event.city, "address": address}


def build_locations(event, page_url):
    """Return the event's locations and its attendance mode."""
    place = build_place(event)
    online = event.online_url or (page_url if event.status == EventStatus.MOVED_ONLINE else "")
    virtual = {"@type": "VirtualLocation", "url": online} if online else None
    if event.status == EventStatus.MOVED_ONLINE:
        return [virtual], "OnlineEventAttendanceMode"
    if place and virtual:
        return [place, virtual], "MixedEventAttendanceMode"
    if virtual:
        return [virtual], "OnlineEventAttendanceMode"
    return ([place] if place else []), "OfflineEventAttendanceMode"


def build_offer(event, page_url):
    return {
        "@type": "Offer",
        "price": "0" if event.is_free else f"{event.price:.2f}",
        "priceCurrency": "EUR",
        "url": page_url,
    }


def build_event_jsonld(event, page_url):
    """Return schema.org `Event` data for `event`, whose public URL is `page_url`."""
    locations, attendance_mode = build_locations(event, page_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "startDate": _moment(event, event.start),
        "endDate": _moment(event, event.end),
        "eventStatus": event.status_behaviour.schema_status,
        "eventAttendanceMode": SCHEMA + attendance_mode,
        "inLanguage": event.locale.language_code,
        "offers": build_offer(event, page_url),
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    description = event.search_description or event.intro
    if description:
        data["description"] = description
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
        if event.organiser_url:
            data["organizer"]["url"] = event.organiser_url
    if event.status == EventStatus.RESCHEDULED and event.previous_start:
        data["previousStartDate"] = _moment(event, event.previous_start)
    return data
