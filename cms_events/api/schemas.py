"""The shapes of the read API: its query parameters and its answers (pydantic, via
django-ninja). The OpenAPI document is generated from these classes, and every answer is
validated against them on its way out, so the document and the answers cannot drift apart."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from cms_events.finding.filters import ACCESSIBILITY, ON_SITE, ONLINE, PERIODS

# The largest page a client may ask for, and the page number beyond which nothing is served
# (no database is asked for an offset of 10²⁰).
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000

Period = Literal[tuple(value for value, _label in PERIODS)]  # type: ignore[valid-type]
Accessibility = Literal[tuple(ACCESSIBILITY)]  # type: ignore[valid-type]
Language = Field(
    None,
    pattern=r"^[a-z]{2}$",
    description="The language of the answer, such as `nl` or `en`; by default the site's "
    "default language. An event is given once, in this language where it is translated, else "
    "in the language it was made in.",
)


class PageParams(Schema):
    """Pagination and language, for every list."""

    taal: str | None = Language
    pagina: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1.")
    per_pagina: int = Field(
        20, ge=1, le=MAX_PAGE_SIZE, description=f"Entries per page, at most {MAX_PAGE_SIZE}."
    )


class EventParams(PageParams):
    """The filters of an event index, with the same names and meaning (`finding/filters.py`)."""

    wanneer: Period | None = Field(None, description="A period in words.")
    van: date | None = Field(None, description="From this day on (YYYY-MM-DD).")
    tot: date | None = Field(None, description="Up to and including this day (YYYY-MM-DD).")
    vorm: Literal[ONLINE, ON_SITE] | None = Field(None, description="Online or on site.")
    gratis: bool | None = Field(
        None, description="`true`: only events the editor marked free (“not stated” is never free)."
    )
    thema: str | None = Field(
        None, max_length=80, description="The slug of a theme (see /themes/)."
    )
    doelgroep: str | None = Field(
        None, max_length=80, description="The slug of an audience (see /audiences/)."
    )
    plaats: str | None = Field(None, max_length=255, description="A city.")
    toegankelijk: list[Accessibility] = Field(
        [], description="Accessibility facts of the venue that must be “yes” (all of them)."
    )


# Answers


class ParameterError(Schema):
    parameter: str
    message: str


class Errors(Schema):
    """A request the API cannot answer: which parameter, and why."""

    errors: list[ParameterError]


class Link(Schema):
    """A public page: its slug and its URL (null when the site does not publish such pages)."""

    slug: str
    url: str | None


class Status(Schema):
    code: Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved_online"]
    label: str
    schema_org: str = Field(description="schema.org eventStatus.")
    previous_start: datetime | None = Field(
        description="The earlier start the page shows as “moved from”, if any."
    )
    new_date_to_follow: bool


class Price(Schema):
    state: Literal["free", "price", "not_stated"] = Field(
        description="`not_stated` when the editor said nothing: never read it as free."
    )
    amount: str | None = Field(description="In euros, for `price`.")
    note: str | None


class Place(Schema):
    kind: Literal["venue", "address", "to_follow", "online_only"]
    name: str | None
    street: str | None
    postcode: str | None
    city: str | None
    meeting_point: str | None
    venue: Link | None


class Online(Schema):
    url: str | None = Field(description="The link to take part, where the page shows it.")
    link_by_mail: bool = Field(description="The link follows by email to registrants.")


class Label(Schema):
    slug: str
    name: str


class OrganiserRef(Schema):
    name: str
    website: str | None
    page: Link | None


class Registration(Schema):
    state: Literal[
        "none",
        "external",
        "not_yet_open",
        "open",
        "waiting_list",
        "full",
        "closed",
        "closed_by_status",
    ]
    label: str
    places_left: int | None
    url: str | None = Field(description="Where to register: the page, or another site.")


class NextDate(Schema):
    start: datetime
    end: datetime | None = Field(description="Null for an open end.")
    status: Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved_online"]


class Event(Schema):
    id: int
    language: str
    title: str
    url: str
    start: datetime = Field(description="For a series: its first date.")
    end: datetime | None = Field(
        description="Null for an open end; for a series: of its first date."
    )
    all_day: bool
    status: Status
    next_date: NextDate = Field(
        description=(
            "The event's next date that the filters selected, with its own status: for a "
            "single event the event itself, for a series its next meeting (all of them are in "
            "/occurrences/)."
        )
    )
    price: Price
    place: Place | None
    online: Online | None
    themes: list[Label]
    audiences: list[Label]
    organiser: OrganiserRef | None
    registration: Registration


class Occurrence(Schema):
    event: int = Field(description="The id of the event in /events/.")
    start: datetime
    end: datetime | None
    status: Literal["scheduled", "cancelled", "postponed", "rescheduled", "moved_online"]


class Fact(Schema):
    fact: str
    label: str
    value: bool
    text: str
    note: str


class Venue(Schema):
    slug: str
    name: str
    url: str | None
    street: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None
    meeting_point: str
    public_transport: str
    parking: str
    accessibility: list[Fact] = Field(description="The known facts only; unknown is left out.")


class Organiser(Schema):
    slug: str
    name: str
    url: str | None
    website: str | None
    description: str


def page_of(item):
    """Return the schema of a page of `item`s."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "next": str | None,
                "previous": str | None,
                "results": list[item],
            },
            "__doc__": f"One page of {item.__name__.lower()} entries, in the order of the list.",
        },
    )


EventPage = page_of(Event)
OccurrencePage = page_of(Occurrence)
VenuePage = page_of(Venue)
OrganiserPage = page_of(Organiser)
LabelPage = page_of(Label)
