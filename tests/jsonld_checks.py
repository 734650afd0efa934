"""The JSON-LD checks: schema.org `Event` data as Google's event search accepts it.

Google's documentation (Search Central, structured data, Event) requires `name`, `startDate` and
`location`; a `Place` needs an `address`, a `VirtualLocation` a `url`. The schema below encodes
that, the shapes this extension emits, and the rules that keep the data honest: a moved date
(`previousStartDate`) only with a rescheduled or moved-online status, “free” only with a price
of 0, an end never before the start.
"""

from datetime import date, datetime

import jsonschema

SCHEMA = "https://schema.org/"
DATE_OR_DATETIME = r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z))?$"
TEXT = {"type": "string", "minLength": 1}
URL = {"type": "string", "pattern": "^https?://"}

ORGANIZATION = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"const": "Organization"},
        "name": TEXT,
        "url": URL,
        "description": TEXT,
        "parentOrganization": {"$ref": "#/$defs/organization"},
    },
    "additionalProperties": False,
}
PERSON = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {
        "@type": {"const": "Person"},
        "name": TEXT,
        "jobTitle": TEXT,
        "affiliation": {"$ref": "#/$defs/organization"},
    },
    "additionalProperties": False,
}
PLACE = {
    "type": "object",
    "required": ["@type", "name", "address"],
    "properties": {
        "@type": {"const": "Place"},
        "name": TEXT,
        "address": {
            "type": "object",
            "required": ["@type", "addressCountry"],
            "properties": {
                "@type": {"const": "PostalAddress"},
                "addressCountry": {"const": "NL"},
                "streetAddress": TEXT,
                "postalCode": {"type": "string", "pattern": r"^\d{4} [A-Z]{2}$"},
                "addressLocality": TEXT,
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
VIRTUAL_LOCATION = {
    "type": "object",
    "required": ["@type", "url"],
    "properties": {"@type": {"const": "VirtualLocation"}, "url": URL},
    "additionalProperties": False,
}
LOCATION = {"anyOf": [PLACE, VIRTUAL_LOCATION]}
OFFER = {
    "type": "object",
    "required": ["@type", "price", "priceCurrency", "url"],
    "properties": {
        "@type": {"const": "Offer"},
        "price": {"type": "string", "pattern": r"^\d+(\.\d\d)?$"},
        "priceCurrency": {"const": "EUR"},
        "url": URL,
        "description": TEXT,
    },
    "additionalProperties": False,
}
STATUSES = ["Scheduled", "Cancelled", "Postponed", "Rescheduled", "MovedOnline"]
MODES = ["Offline", "Online", "Mixed"]


# One date of a series names the series it belongs to.
SERIES_REFERENCE = {
    "type": "object",
    "required": ["@type", "name", "url"],
    "properties": {"@type": {"const": "EventSeries"}, "name": TEXT, "url": URL},
    "additionalProperties": False,
}


def one_or_more(schema):
    return {"anyOf": [schema, {"type": "array", "items": schema, "minItems": 2}]}


EVENT = {
    "$defs": {"organization": ORGANIZATION},
    "type": "object",
    "required": ["@context", "@type", "name", "startDate", "location", "eventStatus"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "Event"},
        "name": TEXT,
        "url": URL,
        "description": TEXT,
        "inLanguage": {"enum": ["nl", "en"]},
        "startDate": {"type": "string", "pattern": DATE_OR_DATETIME},
        "endDate": {"type": "string", "pattern": DATE_OR_DATETIME},
        "previousStartDate": {"type": "string", "pattern": DATE_OR_DATETIME},
        "eventStatus": {"enum": [f"{SCHEMA}Event{status}" for status in STATUSES]},
        "eventAttendanceMode": {"enum": [f"{SCHEMA}{mode}EventAttendanceMode" for mode in MODES]},
        "location": one_or_more(LOCATION),
        "offers": OFFER,
        "isAccessibleForFree": {"const": True},
        "organizer": ORGANIZATION,
        "performer": one_or_more({"anyOf": [PERSON, ORGANIZATION]}),
        "superEvent": SERIES_REFERENCE,
    },
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"required": ["previousStartDate"]},
            "then": {
                "properties": {
                    "eventStatus": {
                        "enum": [f"{SCHEMA}EventRescheduled", f"{SCHEMA}EventMovedOnline"]
                    }
                }
            },
        },
        {
            "if": {"required": ["isAccessibleForFree"]},
            "then": {
                "required": ["offers"],
                "properties": {"offers": {"properties": {"price": {"const": "0"}}}},
            },
        },
    ],
}


def parse_moment(value):
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def event_errors(data):
    """Return the problems of schema.org Event data, as readable strings (empty: valid)."""
    validator = jsonschema.Draft202012Validator(EVENT)
    errors = [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(data)
    ]
    if "startDate" in data and "endDate" in data:
        start, end = parse_moment(data["startDate"]), parse_moment(data["endDate"])
        if type(start) is type(end) and end < start:
            errors.append("endDate: before startDate")
    return errors


def assert_valid_event(data):
    errors = event_errors(data)
    assert not errors, "JSON-LD:\n" + "\n".join(errors)


SERIES = {
    "type": "object",
    "required": ["@context", "@type", "name", "url"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "EventSeries"},
        "name": TEXT,
        "url": URL,
        "description": TEXT,
        "inLanguage": {"enum": ["nl", "en"]},
        "subEvent": {"type": "array", "items": {"type": "object"}, "minItems": 1},
    },
    "additionalProperties": False,
}


def assert_valid_series(data):
    """An `EventSeries` whose `subEvent`s are each a valid Event, in date order."""
    errors = [error.message for error in jsonschema.Draft202012Validator(SERIES).iter_errors(data)]
    assert not errors, "JSON-LD:\n" + "\n".join(errors)
    starts = []
    for sub_event in data.get("subEvent", []):
        assert_valid_event({"@context": "https://schema.org", **sub_event})
        starts.append(parse_moment(sub_event["startDate"]))
    assert starts == sorted(starts)
