"""schema.org Event JSON-LD of event pages, parsed from the page for every status."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cms_events.models import EventPage
from cms_events.publishing.status_change import change_event_status
from tests.jsonld_checks import assert_valid_event, event_errors

pytestmark = pytest.mark.django_db


def jsonld(client, event):
    """Return the page's JSON-LD, after the JSON-LD checks (tests/jsonld_checks.py)."""
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert_valid_event(data)
    return data


@pytest.mark.parametrize(
    ("status", "schema_status"),
    [
        ("scheduled", "EventScheduled"),
        ("cancelled", "EventCancelled"),
        ("postponed", "EventPostponed"),
        ("moved_online", "EventMovedOnline"),
    ],
)
def test_event_status_keeps_the_original_dates(client, make_event, status, schema_status):
    event = make_event()
    if status != "scheduled":
        change_event_status(event, status=status)
    data = jsonld(client, event)
    assert data["@type"] == "Event"
    assert data["eventStatus"] == f"https://schema.org/{schema_status}"
    assert data["startDate"] == timezone.localtime(event.start).isoformat()
    assert data["endDate"] == timezone.localtime(event.end).isoformat()
    assert "previousStartDate" not in data


def test_rescheduled_event_has_previous_start_date(client, make_event):
    event = make_event()
    old_start = event.start
    later = old_start + timedelta(days=7)
    change_event_status(event, status="rescheduled", start=later, end=later + timedelta(hours=3))
    data = jsonld(client, event)
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == timezone.localtime(old_start).isoformat()
    assert data["startDate"] == timezone.localtime(later).isoformat()


def test_place_with_postal_address_and_free_offer(client, make_event):
    event = make_event(organiser="Divosa", organiser_url="https://www.divosa.nl/", cost="free")
    data = jsonld(client, event)
    assert data["location"] == {
        "@type": "Place",
        "name": "Stadskantoor",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "NL",
            "streetAddress": "Stadsplateau 1",
            "postalCode": "3521 AZ",
            "addressLocality": "Utrecht",
        },
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["offers"]["price"] == "0"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Divosa",
        "url": "https://www.divosa.nl/",
    }
    assert data["startDate"].endswith(("+01:00", "+02:00"))


def test_online_event_has_virtual_location(client, make_event):
    event = make_event(venue_name="", street="", postcode="", city="", online_url="https://x.nl/w")
    data = jsonld(client, event)
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://x.nl/w"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_hybrid_event_has_both_locations(client, make_event):
    data = jsonld(client, make_event(online_url="https://x.nl/w"))
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


def test_paid_event_offer_has_its_price(client, make_event):
    data = jsonld(client, make_event(cost="price", price=Decimal("25.5")))
    assert data["offers"]["price"] == "25.50"


def test_all_day_event_uses_dates(client, make_event):
    event = make_event(all_day=True)
    data = jsonld(client, event)
    assert data["startDate"] == timezone.localdate(event.start).isoformat()


def test_demo_politiek_cafe_is_cancelled_with_its_original_date(client, demo_site):
    data = jsonld(client, EventPage.objects.get(slug="divosa-politiek-cafe"))
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["startDate"] == "2023-09-21T14:00:00+02:00"
    assert data["endDate"] == "2023-09-21T17:00:00+02:00"


def test_open_graph_tags(client, make_event):
    event = make_event(title="Café")
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == "Café"
    assert og["og:url"].endswith(event.url)
    assert og["og:locale"] == "nl_NL"


VALID = {
    "@context": "https://schema.org",
    "@type": "Event",
    "name": "Café",
    "startDate": "2031-03-13T14:00:00+01:00",
    "eventStatus": "https://schema.org/EventScheduled",
    "location": {"@type": "VirtualLocation", "url": "https://example.org/"},
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"location": None}, "'location' is a required property"),
        ({"location": {"@type": "Place", "name": "Zaal"}}, "location"),
        ({"previousStartDate": "2031-03-06T14:00:00+01:00"}, "eventStatus"),
        ({"isAccessibleForFree": True}, "'offers' is a required property"),
        ({"endDate": "2031-03-13T13:00:00+01:00"}, "endDate: before startDate"),
    ],
)
def test_the_jsonld_checks_find_what_google_refuses_or_what_is_not_true(change, problem):
    assert event_errors(VALID) == []
    data = {key: value for key, value in {**VALID, **change}.items() if value is not None}
    assert any(problem in error for error in event_errors(data))
