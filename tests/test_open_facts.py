"""The editor never has to invent a fact: an open end, an unknown cost, a location that follows
and a speaker that is an organisation reach the page, the .ics (both parsers), the feed and the
JSON-LD correctly, and the pages pass the Nu checker."""

import importlib
import json
from datetime import UTC
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from home.demo_events import item, speaker
from tests.jsonld_checks import assert_valid_event
from tests.quality import assert_valid_html

pytestmark = pytest.mark.django_db

UNKNOWN = {
    "end": None,
    "cost": "not_stated",
    "venue_name": "",
    "street": "",
    "postcode": "",
    "city": "Utrecht",
    "location_to_follow": True,
    "program": [
        item(
            "14:00:00",
            "Wat cliëntenraden zien",
            speakers=[
                speaker("Landelijke Cliëntenraad", "adviesorgaan", kind="organisation"),
                speaker("Kim Houben", "procesmanager", "Divosa"),
            ],
        )
    ],
}


def soup_of(client, event):
    response = client.get(event.url)
    assert response.status_code == 200
    return response, BeautifulSoup(response.content, "html.parser")


def facts(soup):
    return {
        i.dt.get_text(strip=True): " ".join(i.dd.get_text(" ", strip=True).split())
        for i in soup.select(".event-facts__item")
    }


def jsonld(soup):
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert_valid_event(data)
    return data


def both_parsers(text):
    """Parse with the strict `ical` parser and with icalendar; return both events lists."""
    strict = IcsCalendarStream.calendar_from_ics(text).events
    loose = Calendar.from_ical(text).walk("VEVENT")
    return strict, loose


@pytest.fixture
def unknown_event(make_event):
    return make_event(title="Congres", **UNKNOWN)


def test_page_says_from_when_location_to_follow_and_nothing_about_costs(client, unknown_event):
    _, soup = soup_of(client, unknown_event)
    found = facts(soup)
    day = timezone.localtime(unknown_event.start)
    assert found["Wanneer"].endswith(", vanaf 14.00 uur")
    assert str(day.year) in found["Wanneer"]
    assert found["Waar"] == "Locatie in Utrecht volgt"
    assert "Deelname en kosten" not in found
    assert "gratis" not in soup.select_one("article").get_text().lower()
    speakers = [li.get_text(strip=True) for li in soup.select(".program__speakers li")]
    assert speakers == [
        "Landelijke Cliëntenraad, adviesorgaan",
        "Kim Houben, procesmanager bij Divosa",
    ]


def test_ics_of_an_open_end_has_no_dtend_and_says_the_location_follows(client, unknown_event):
    text = client.get(f"/evenement/{unknown_event.pk}/agenda.ics").content.decode()
    (strict,), (loose,) = both_parsers(text)
    assert "DTEND" not in loose and "DURATION" not in loose
    assert loose["DTSTART"].dt == timezone.localtime(unknown_event.start)
    # RFC 5545 3.6.1: without DTEND or DURATION a DATE-TIME start ends at its start.
    assert strict.end == strict.start == timezone.localtime(unknown_event.start)
    assert strict.location == str(loose["LOCATION"]) == "Locatie in Utrecht volgt"
    assert "Locatie in Utrecht volgt" in strict.description
    assert "vanaf 14.00 uur" in strict.description


def test_all_day_event_without_an_end_is_one_day_in_both_parsers(client, make_event):
    from datetime import timedelta

    from home.demo_events import local

    day = timezone.localdate() + timedelta(days=20)
    event = make_event(all_day=True, start=local(day, 0), end=None)
    text = client.get(f"/evenement/{event.pk}/agenda.ics").content.decode()
    (strict,), (loose,) = both_parsers(text)
    assert (loose["DTSTART"].dt, loose["DTEND"].dt) == (day, day + timedelta(days=1))
    assert (strict.start, strict.end) == (day, day + timedelta(days=1))


def test_online_calendar_links_of_an_open_end_start_and_end_at_the_start(client, unknown_event):
    from urllib.parse import parse_qs, urlsplit

    soup = BeautifulSoup(client.get(unknown_event.url).content, "html.parser")
    google = soup.select_one(".add-to-calendar a[href*='calendar.google.com']")["href"]
    start, end = parse_qs(urlsplit(google).query)["dates"][0].split("/")
    assert start == end == unknown_event.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_feed_with_open_ended_events_passes_both_parsers(client, unknown_event, event_index):
    text = client.get(f"/agenda-feed/{event_index.pk}.ics").content.decode()
    strict, loose = both_parsers(text)
    assert [event.summary for event in strict] == ["Congres"]
    assert "DTEND" not in loose[0]


def test_jsonld_leaves_out_the_end_and_the_offer_and_has_a_place_that_follows(
    client, unknown_event
):
    _, soup = soup_of(client, unknown_event)
    data = jsonld(soup)
    assert "endDate" not in data
    assert "offers" not in data and "isAccessibleForFree" not in data
    assert data["location"] == {
        "@type": "Place",
        "name": "Locatie in Utrecht volgt",
        "address": {"@type": "PostalAddress", "addressCountry": "NL", "addressLocality": "Utrecht"},
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["performer"] == [
        {"@type": "Organization", "name": "Landelijke Cliëntenraad", "description": "adviesorgaan"},
        {
            "@type": "Person",
            "name": "Kim Houben",
            "jobTitle": "procesmanager",
            "affiliation": {"@type": "Organization", "name": "Divosa"},
        },
    ]


def test_location_to_follow_without_a_city_is_still_a_valid_place(client, make_event):
    event = make_event(**{**UNKNOWN, "city": ""})
    _, soup = soup_of(client, event)
    assert facts(soup)["Waar"] == "Locatie volgt"
    data = jsonld(soup)
    assert data["location"]["name"] == "Locatie volgt"
    assert data["location"]["address"] == {"@type": "PostalAddress", "addressCountry": "NL"}


@pytest.mark.parametrize(
    ("fields", "fact", "offer", "free"),
    [
        ({"cost": "free"}, "Deelname is gratis.", {"price": "0"}, True),
        (
            {"cost": "free", "price_note": "na aanmelding"},
            "Deelname is gratis (na aanmelding).",
            {"price": "0", "description": "na aanmelding"},
            True,
        ),
        (
            {"cost": "price", "price": Decimal("25"), "price_note": "inclusief lunch"},
            "Kosten: € 25,00 (inclusief lunch).",
            {"price": "25.00", "description": "inclusief lunch"},
            False,
        ),
        ({"cost": "not_stated", "price_note": "wordt nog bekend"}, None, None, False),
    ],
)
def test_cost_has_three_honest_states(client, make_event, fields, fact, offer, free):
    event = make_event(**fields)
    _, soup = soup_of(client, event)
    assert facts(soup).get("Deelname en kosten") == fact
    data = jsonld(soup)
    if offer is None:
        assert "offers" not in data
    else:
        assert {key: data["offers"][key] for key in offer} == offer
        assert data["offers"]["priceCurrency"] == "EUR"
    assert data.get("isAccessibleForFree", False) is free


def test_pages_with_unknown_facts_pass_the_nu_checker(client, make_event, unknown_event):
    from datetime import timedelta

    from home.demo_events import local

    day = timezone.localdate() + timedelta(days=40)
    documents = {
        "open end, cost not stated, location follows": soup_of(client, unknown_event)[0],
        "all day without end, free, link by email": soup_of(
            client,
            make_event(
                title="Dag",
                all_day=True,
                start=local(day, 0),
                end=None,
                cost="free",
                venue_name="",
                street="",
                postcode="",
                city="",
                online_link_by_mail=True,
            ),
        )[0],
        "price with note": soup_of(
            client, make_event(title="Betaald", cost="price", price=10, price_note="incl. lunch")
        )[0],
        "index": client.get("/agenda/"),
    }
    assert_valid_html({name: r.content.decode() for name, r in documents.items()})


def migration_module():
    return importlib.import_module(
        "cms_events.migrations.0010_open_end_cost_states_and_link_by_mail"
    )


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (None, ("not_stated", None)),
        ("", ("not_stated", None)),
        ("0.00", ("free", None)),
        (Decimal("0"), ("free", None)),
        ("12.50", ("price", "12.50")),
    ],
)
def test_migration_reads_an_empty_price_as_not_stated_and_zero_as_free(price, expected):
    assert migration_module().cost_of(price) == expected


def test_migration_gives_pages_and_their_revisions_a_cost_state(make_event):
    from cms_events.models import EventPage

    # As stored before the migration: a price, and no cost state in the revisions.
    events = {}
    for name, price in (("Leeg", None), ("Nul", Decimal("0")), ("Prijs", Decimal("9.5"))):
        event = events[name] = make_event(title=name, slug=name.lower())
        EventPage.objects.filter(pk=event.pk).update(price=price)
        revision = event.latest_revision
        content = {k: v for k, v in revision.content.items() if k != "cost"}
        revision.content = {**content, "price": None if price is None else str(price)}
        revision.save(update_fields=["content"])
    migration_module().forwards(apps, None)
    stored = {e.title: (e.cost, e.price) for e in EventPage.objects.filter(title__in=events)}
    assert stored == {
        "Leeg": ("not_stated", None),
        "Nul": ("free", None),
        "Prijs": ("price", Decimal("9.50")),
    }
    revision = EventPage.objects.get(title="Nul").latest_revision
    assert (revision.content["cost"], revision.content["price"]) == ("free", None)
