"""schema.org `Event` data for an event page, as a plain dict (serialised by the template tag).

Only what the editor knows goes in: no `endDate` for an open end, no `offers` when the cost is
not stated, and for a location that follows a `Place` named so, with the city or region when
known (Google requires a `location`).
"""

from django.utils import timezone

from cms_events.formatting import format_location_to_follow

SCHEMA = "https://schema.org/"


def _moment(event, value):
    """Return ISO 8601 with offset, to the second, or only the date for all-day events."""
    value = timezone.localtime(value).replace(microsecond=0)
    return value.date().isoformat() if event.all_day else value.isoformat()


def build_address(place):
    address = {"@type": "PostalAddress", "addressCountry": "NL"}
    for key, value in (
        ("streetAddress", place.street),
        ("postalCode", place.postcode),
        ("addressLocality", place.city),
    ):
        if value:
            address[key] = value
    return address


def build_amenity_features(venue):
    """Return the venue's known accessibility facts as `LocationFeatureSpecification`s (an
    unknown fact is left out), named in the active language."""
    features = []
    for known in venue.get_known_facts():
        feature = {
            "@type": "LocationFeatureSpecification",
            "name": str(known["fact"].label),
            "value": known["value"],
        }
        if known["note"]:
            feature["description"] = known["note"]
        features.append(feature)
    return features


def build_place(event):
    """Return a `Place` with its `PostalAddress`, or None when the event has no place.

    A chosen venue adds its coordinates (`geo`) and known accessibility facts
    (`amenityFeature`).
    """
    place = event.place
    if event.location_to_follow:
        address = {"@type": "PostalAddress", "addressCountry": "NL"}
        if place.city:
            address["addressLocality"] = place.city
        return {"@type": "Place", "name": format_location_to_follow(place.city), "address": address}
    if not place.has_address:
        return None
    data = {"@type": "Place", "name": place.name or place.city, "address": build_address(place)}
    venue = event.get_venue_details()
    if venue is not None:
        if venue.has_coordinates:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(venue.latitude),
                "longitude": float(venue.longitude),
            }
        features = build_amenity_features(venue)
        if features:
            data["amenityFeature"] = features
    return data


def build_locations(event, page_url):
    """Return the event's locations and its attendance mode.

    An online event whose link follows by email points to its page, where registrants start.
    """
    place = build_place(event)
    online = event.online_url or (page_url if event.is_online else "")
    if event.status_behaviour.online_only:
        return [
            {"@type": "VirtualLocation", "url": online or page_url}
        ], "OnlineEventAttendanceMode"
    virtual = {"@type": "VirtualLocation", "url": online} if online else None
    if place and virtual:
        return [place, virtual], "MixedEventAttendanceMode"
    if virtual:
        return [virtual], "OnlineEventAttendanceMode"
    return ([place] if place else []), "OfflineEventAttendanceMode"


def build_offer(event, page_url):
    """Return the `Offer` when the cost is known (free or a price), else None."""
    if event.is_free:
        price = "0"
    elif event.has_price:
        price = f"{event.price:.2f}"
    else:
        return None
    offer = {"@type": "Offer", "price": price, "priceCurrency": "EUR", "url": page_url}
    if event.price_note:
        offer["description"] = event.price_note
    return offer


def build_performer(speaker):
    """Return a `Person` or an `Organization` for a speaker block's value."""
    if speaker.get("kind") == "organisation":
        data = {"@type": "Organization", "name": speaker["name"]}
        if speaker.get("role"):
            data["description"] = speaker["role"]
        if speaker.get("organisation"):
            data["parentOrganization"] = {"@type": "Organization", "name": speaker["organisation"]}
        return data
    data = {"@type": "Person", "name": speaker["name"]}
    if speaker.get("role"):
        data["jobTitle"] = speaker["role"]
    if speaker.get("organisation"):
        data["affiliation"] = {"@type": "Organization", "name": speaker["organisation"]}
    return data


def build_performers(event):
    """Return the program's speakers, each once, in program order."""
    performers = []
    for child in event.program or []:
        if child.block_type != "item":
            continue
        for speaker in child.value["speakers"]:
            performer = build_performer(speaker)
            if performer not in performers:
                performers.append(performer)
    return performers


def build_event_jsonld(event, page_url):
    """Return schema.org `Event` data for `event`, whose public URL is `page_url`."""
    locations, attendance_mode = build_locations(event, page_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": page_url,
        "startDate": _moment(event, event.start),
        "eventStatus": event.status_behaviour.schema_status,
        "eventAttendanceMode": SCHEMA + attendance_mode,
        "inLanguage": event.locale.language_code,
    }
    if event.end:
        data["endDate"] = _moment(event, event.end)
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    offer = build_offer(event, page_url)
    if offer:
        data["offers"] = offer
    if event.is_free:
        data["isAccessibleForFree"] = True
    description = event.search_description or event.intro
    if description:
        data["description"] = description
    organiser = event.organiser_info
    if organiser.name:
        data["organizer"] = {"@type": "Organization", "name": organiser.name}
        if organiser.url:
            data["organizer"]["url"] = organiser.url
    performers = build_performers(event)
    if performers:
        data["performer"] = performers[0] if len(performers) == 1 else performers
    previous_start = event.presentation.previous_start
    if previous_start:
        data["previousStartDate"] = _moment(event, previous_start)
    subtitle = getattr(event, "subtitle", "")
    if subtitle:
        data["name"] = f"{event.title}: {subtitle}"
    return data


def build_series_jsonld(page, page_url, dates):
    """Return a schema.org `EventSeries` for a series page, with its listed `dates`
    (`EventOnDate`s, each with its own start and status) as `subEvent`s."""
    data = {
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "name": page.title,
        "url": page_url,
        "inLanguage": page.locale.language_code,
    }
    description = page.search_description or page.intro
    if description:
        data["description"] = description
    sub_events = []
    for one_date in dates:
        sub_event = build_event_jsonld(one_date, f"{page_url}?{one_date.query_string}")
        del sub_event["@context"]
        sub_events.append(sub_event)
    if sub_events:
        data["subEvent"] = sub_events
    return data


def with_series(data, page, page_url):
    """Add to the `Event` of one date of a series the series it belongs to."""
    data["superEvent"] = {"@type": "EventSeries", "name": page.title, "url": page_url}
    return data
