"""The public pages of venues and organisers and their feeds: published, public, upcoming
events of this site only, in the visitor's language."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from wagtail.models import Locale, PageViewRestriction

from cms_events.models import Organiser, Venue
from home.demo_events import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue():
    return Venue.objects.create(
        name="Wijkcentrum De Leeuw",
        street="Lange Nieuwstraat 10",
        postcode="3512 PH",
        city="Utrecht",
        public_transport="Bus 2.",
        step_free_entrance="no",
        step_free_entrance_note="Drie treden.",
        seating="yes",
        locale=Locale.get_default(),
    )


@pytest.fixture
def organiser():
    return Organiser.objects.create(
        name="Voorbeeldvereniging",
        website="https://example.org/",
        email="info@example.org",
        phone="030 123 45 67",
        locale=Locale.get_default(),
    )


@pytest.fixture
def events(make_event, venue, organiser):
    """Events at the venue by the organiser: two shown, and four that must never be."""
    past_day = timezone.localdate() - timedelta(days=3)
    shown = [
        make_event(title="Eerste", slug="eerste", venue=venue, organised_by=organiser),
        make_event(
            title="Tweede",
            slug="tweede",
            venue=venue,
            organised_by=organiser,
            start=local(timezone.localdate() + timedelta(days=60), 10),
            end=local(timezone.localdate() + timedelta(days=60), 12),
        ),
    ]
    make_event(title="Concept", slug="concept", venue=venue, organised_by=organiser, publish=False)
    private = make_event(title="Besloten", slug="besloten", venue=venue, organised_by=organiser)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    make_event(
        title="Voorbij",
        slug="voorbij",
        venue=venue,
        organised_by=organiser,
        start=local(past_day - timedelta(days=200), 10),
        end=local(past_day - timedelta(days=200), 12),
    )
    make_event(title="Elders", slug="elders")
    return shown


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [title.get_text(strip=True) for title in soup.select(".event-card__title")]


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    IcsCalendarStream.calendar_from_ics(text)  # the strict parser
    return Calendar.from_ical(text)


def test_a_venue_page_lists_its_published_upcoming_events(client, events, venue):
    soup = soup_of(client.get("/locaties/wijkcentrum-de-leeuw/"))
    assert soup.h1.get_text() == "Wijkcentrum De Leeuw"
    assert titles(soup) == ["Eerste", "Tweede"]
    address = " ".join(soup.select_one("address").get_text(" ", strip=True).split())
    assert address == "Lange Nieuwstraat 10 3512 PH Utrecht"
    facts = [li.get_text(" ", strip=True) for li in soup.select(".accessibility-facts__item")]
    assert facts == ["De ingang is niet drempelvrij. Drie treden.", "Er zijn zitplaatsen."]
    assert "Bus 2." in soup.select_one(".venue-notes__transport").get_text()


def test_a_venue_feed_holds_exactly_its_visible_events(client, events):
    feed = parse_feed(client.get("/locaties/wijkcentrum-de-leeuw/agenda.ics"))
    summaries = sorted(str(vevent["SUMMARY"]) for vevent in feed.walk("VEVENT"))
    # The feed keeps the last 90 days, as an index's does; the event of 200 days ago is gone.
    assert summaries == ["Eerste", "Tweede"]
    assert str(feed["X-WR-CALNAME"]) == "Wijkcentrum De Leeuw"
    assert all("Lange Nieuwstraat 10" in str(v["LOCATION"]) for v in feed.walk("VEVENT"))


def test_an_organiser_page_and_feed(client, events):
    soup = soup_of(client.get("/organisatoren/voorbeeldvereniging/"))
    assert soup.h1.get_text() == "Voorbeeldvereniging"
    assert titles(soup) == ["Eerste", "Tweede"]
    assert soup.find("a", href="mailto:info@example.org")
    feed = parse_feed(client.get("/organisatoren/voorbeeldvereniging/agenda.ics"))
    assert sorted(str(v["SUMMARY"]) for v in feed.walk("VEVENT")) == ["Eerste", "Tweede"]
    assert {v["ORGANIZER"].params["CN"] for v in feed.walk("VEVENT")} == {"Voorbeeldvereniging"}


def test_the_english_page_lists_english_versions_where_they_exist(client, events, venue):
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    first = events[0]
    translation = first.copy_for_translation(english_locale, copy_parents=True)
    translation.title = "First"
    translation.save_revision().publish()
    soup = soup_of(client.get("/en/locaties/wijkcentrum-de-leeuw/"))
    assert soup.html["lang"] == "en"
    assert titles(soup) == ["First", "Tweede"]
    assert soup.find("h2", string="Upcoming events")
    feed = parse_feed(client.get("/en/locaties/wijkcentrum-de-leeuw/agenda.ics"))
    assert sorted(str(v["SUMMARY"]) for v in feed.walk("VEVENT")) == ["First", "Tweede"]
    # The Dutch page keeps the Dutch version.
    assert titles(soup_of(client.get("/locaties/wijkcentrum-de-leeuw/"))) == ["Eerste", "Tweede"]


def test_an_unknown_or_hostile_slug_is_not_found(client, events):
    assert client.get("/locaties/bestaat-niet/").status_code == 404
    assert client.get("/organisatoren/bestaat-niet/agenda.ics").status_code == 404
    assert client.get("/locaties/%00/").status_code in (400, 404)
    assert client.get("/locaties/" + "x" * 300 + "/").status_code == 404


def test_a_venue_without_events_says_so(client, venue):
    soup = soup_of(client.get("/locaties/wijkcentrum-de-leeuw/"))
    assert titles(soup) == []
    assert "Er zijn nog geen komende bijeenkomsten aangekondigd." in soup.get_text()
    assert parse_feed(client.get("/locaties/wijkcentrum-de-leeuw/agenda.ics")).walk("VEVENT") == []


def test_the_venue_page_takes_a_bounded_number_of_queries(
    client, make_event, venue, django_assert_max_num_queries
):
    for number in range(15):
        make_event(title=f"Bijeenkomst {number}", slug=f"b-{number}", venue=venue)
    client.get("/locaties/wijkcentrum-de-leeuw/")
    with django_assert_max_num_queries(12):
        assert client.get("/locaties/wijkcentrum-de-leeuw/").status_code == 200
