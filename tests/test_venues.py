"""Venues, organisers, themes and audiences: the entries, what an event shows of them, and
how a changed venue reaches the page, the .ics, the JSON-LD and the caches."""

import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from icalendar import Calendar
from wagtail.models import Locale

from cms_events.calendar.ical import location_text
from cms_events.formatting import format_place_lines
from cms_events.models import Audience, EventPage, Organiser, Theme, Venue
from cms_events.sharing.jsonld import build_event_jsonld
from tests.frontend_cache import RecordingBackend

pytestmark = pytest.mark.django_db


def make_venue(**overrides):
    fields = {
        "name": "Buurthuis De Linde",
        "street": "Lindelaan 4",
        "postcode": "3511ab",
        "city": "Utrecht",
        "locale": Locale.get_default(),
    }
    fields.update(overrides)
    venue = Venue(**fields)
    venue.full_clean(exclude=["translation_key", "locale"])
    venue.save()
    return venue


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def facts(soup):
    return {
        item.dt.get_text(" ", strip=True): " ".join(item.dd.get_text(" ", strip=True).split())
        for item in soup.select(".event-facts__item")
    }


def jsonld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


# The entries and their validation


def test_a_venue_normalises_its_postcode_and_makes_a_unique_slug():
    first = make_venue()
    second = make_venue(street="Lindelaan 6")
    assert first.postcode == "3511 AB"
    assert (first.slug, second.slug) == ("buurthuis-de-linde", "buurthuis-de-linde-2")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postcode": "12345"}, "postcode"),
        ({"latitude": Decimal("91"), "longitude": Decimal("5")}, "latitude"),
        ({"latitude": Decimal("52"), "longitude": Decimal("-181")}, "longitude"),
        ({"latitude": Decimal("52.1")}, "longitude"),
        ({"longitude": Decimal("5.1")}, "latitude"),
        ({"city": ""}, "city"),
        ({"step_free_entrance": "maybe"}, "step_free_entrance"),
    ],
)
def test_a_venue_refuses_impossible_values(overrides, field):
    with pytest.raises(ValidationError) as error:
        make_venue(**overrides)
    assert field in error.value.message_dict


def test_an_organiser_refuses_a_phone_number_that_is_not_one():
    organiser = Organiser(name="Gemeente", phone="bel ons", locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        organiser.full_clean(exclude=["translation_key", "locale"])
    assert "phone" in error.value.message_dict


def test_accessibility_facts_are_unknown_until_an_editor_says_otherwise():
    venue = make_venue()
    assert venue.get_known_facts() == []
    venue.step_free_entrance = "yes"
    venue.step_free_entrance_note = "via de zij-ingang"
    venue.hearing_loop = "no"
    known = [(k["fact"].name, k["value"], k["note"]) for k in venue.get_known_facts()]
    assert known == [("step_free_entrance", True, "via de zij-ingang"), ("hearing_loop", False, "")]


# What an event shows of its venue


@pytest.fixture
def accessible_venue():
    return make_venue(
        name="Stadskantoor",
        street="Stadsplateau 1",
        postcode="3521AZ",
        meeting_point="Meld u bij de balie.",
        public_transport="Naast Utrecht Centraal.",
        latitude=Decimal("52.089416"),
        longitude=Decimal("5.107203"),
        step_free_entrance="yes",
        accessible_toilet="yes",
        hearing_loop="no",
        hearing_loop_note="Alleen in zaal 2.",
    )


def test_an_event_at_a_venue_takes_its_place_everywhere(make_event, accessible_venue):
    event = make_event(
        venue=accessible_venue, venue_name="", street="", postcode="", city="", meeting_point="hal"
    )
    expected = "Stadskantoor, Stadsplateau 1, 3521 AZ Utrecht (hal)"
    assert location_text(event) == expected
    assert format_place_lines(event) == [
        "Stadskantoor",
        "Stadsplateau 1",
        "3521 AZ Utrecht",
        "Verzamelpunt: hal",
    ]
    place = build_event_jsonld(event, "https://example.org/x/")["location"]
    assert place["address"]["streetAddress"] == "Stadsplateau 1"
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 52.089416, "longitude": 5.107203}


def test_the_venue_wins_over_leftover_free_text(make_event, accessible_venue):
    event = make_event(venue=accessible_venue)  # the factory fills in a free-text address too
    assert event.place.name == "Stadskantoor"
    assert event.has_address


def test_the_page_states_known_accessibility_facts_in_words(client, make_event, accessible_venue):
    event = make_event(venue=accessible_venue)
    soup = soup_of(client.get(event.url))
    shown = facts(soup)
    assert shown["Toegankelijkheid"] == (
        "De ingang is drempelvrij. Er is een toegankelijk toilet. "
        "Er is geen ringleiding. Alleen in zaal 2."
    )
    # Unknown facts are not claimed, either way.
    assert "stilteruimte" not in shown["Toegankelijkheid"].lower()
    assert "Meld u bij de balie." in shown["Waar"]
    assert "Naast Utrecht Centraal." in shown["Waar"]
    assert soup.select_one(".event-facts__venue a")["href"] == "/locaties/stadskantoor/"


def test_jsonld_carries_known_facts_and_free_only_when_known(client, make_event, accessible_venue):
    event = make_event(venue=accessible_venue)
    data = jsonld(soup_of(client.get(event.url)))
    features = data["location"]["amenityFeature"]
    assert [(f["name"], f["value"]) for f in features] == [
        ("drempelvrije ingang", True),
        ("toegankelijk toilet", True),
        ("ringleiding", False),
    ]
    assert all(f["@type"] == "LocationFeatureSpecification" for f in features)
    assert "isAccessibleForFree" not in data  # the cost is not stated
    free = make_event(venue=accessible_venue, slug="gratis", cost="free")
    assert jsonld(soup_of(client.get(free.url)))["isAccessibleForFree"] is True


def test_a_venue_without_known_facts_shows_no_accessibility_section(client, make_event):
    event = make_event(venue=make_venue())
    soup = soup_of(client.get(event.url))
    assert "Toegankelijkheid" not in facts(soup)
    assert "amenityFeature" not in jsonld(soup)["location"]


def test_an_event_without_a_place_but_with_a_venue_is_valid(make_event):
    event = make_event(venue=make_venue(), venue_name="", street="", postcode="", city="")
    event.full_clean()


def test_an_organiser_and_themes_show_on_the_page(client, make_event):
    locale = Locale.get_default()
    organiser = Organiser.objects.create(
        name="Gemeente Utrecht", website="https://www.utrecht.nl/", locale=locale
    )
    themes = [Theme.objects.create(name=n, locale=locale) for n in ("Wonen", "Werk en inkomen")]
    audience = Audience.objects.create(name="Inwoners", locale=locale)
    event = make_event(organised_by=organiser, organiser="")
    event.themes = themes
    event.audiences = [audience]
    event.save_revision().publish()
    soup = soup_of(client.get(event.url))
    shown = facts(soup)
    assert shown["Organisator"] == "Gemeente Utrecht ( website )"
    assert soup.find("a", string="Gemeente Utrecht")["href"] == "/organisatoren/gemeente-utrecht/"
    assert shown["Thema’s"] == "Werk en inkomen, Wonen"
    assert shown["Doelgroepen"] == "Inwoners"
    data = jsonld(soup)
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Gemeente Utrecht",
        "url": "https://www.utrecht.nl/",
    }
    vevent = Calendar.from_ical(client.get(f"/evenement/{event.pk}/agenda.ics").content)
    assert vevent.walk("VEVENT")[0]["ORGANIZER"].params["CN"] == "Gemeente Utrecht"


def test_an_english_page_shows_the_english_labels_of_themes(client, make_event):
    from home.demo_places import translate_entry

    theme = Theme.objects.create(name="Werk en inkomen", locale=Locale.get_default())
    english_theme = translate_entry(theme)
    english_theme.name = "Work and income"
    english_theme.save()
    event = make_event()
    event.themes = [theme]
    event.save_revision().publish()
    english = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    assert facts(soup_of(client.get(english.url)))["Themes"] == "Work and income"
    assert facts(soup_of(client.get(event.url)))["Thema’s"] == "Werk en inkomen"


# A changed venue


def test_changing_a_venue_address_updates_its_events_and_their_calendars(
    client, make_event, accessible_venue, django_capture_on_commit_callbacks
):
    first = make_event(venue=accessible_venue, slug="een")
    second = make_event(venue=accessible_venue, slug="twee")
    other = make_event(slug="elders")
    sequences = {e.pk: e.sequence for e in (first, second, other)}
    RecordingBackend.purged.clear()
    accessible_venue.street = "Stadsplateau 9"
    with django_capture_on_commit_callbacks(execute=True):
        accessible_venue.save()
    for event in (first, second):
        event.refresh_from_db()
        assert event.sequence == sequences[event.pk] + 1
        vevent = Calendar.from_ical(client.get(f"/evenement/{event.pk}/agenda.ics").content)
        vevent = vevent.walk("VEVENT")[0]
        assert "Stadsplateau 9" in str(vevent["LOCATION"])
        assert int(vevent["SEQUENCE"]) == event.sequence
        soup = soup_of(client.get(event.url))
        assert "Stadsplateau 9" in facts(soup)["Waar"]
        assert jsonld(soup)["location"]["address"]["streetAddress"] == "Stadsplateau 9"
        assert f"http://testserver{event.url}" in RecordingBackend.purged
        assert f"http://testserver/evenement/{event.pk}/agenda.ics" in RecordingBackend.purged
    other.refresh_from_db()
    assert other.sequence == sequences[other.pk]
    assert "http://testserver/locaties/stadskantoor/agenda.ics" in RecordingBackend.purged


def test_a_changed_venue_is_purged_from_the_page_cache(
    settings, make_event, accessible_venue, event_index, django_capture_on_commit_callbacks
):
    from django.test import Client

    settings.CMS_EVENTS_PAGE_CACHE = "default"
    event = make_event(venue=accessible_venue)
    for url in (event.url, event_index.url):
        Client().get(url)
        assert Client().get(url).has_header("Age")  # kept for every visitor
    accessible_venue.street = "Stadsplateau 9"
    with django_capture_on_commit_callbacks(execute=True):
        accessible_venue.save()
    response = Client().get(event.url)
    assert not response.has_header("Age")
    assert "Stadsplateau 9" in response.content.decode()
    assert not Client().get(event_index.url).has_header("Age")


def test_a_venue_note_change_purges_but_keeps_the_sequence(make_event, accessible_venue):
    event = make_event(venue=accessible_venue)
    accessible_venue.parking = "Geen parkeerplaatsen."
    accessible_venue.save()
    event.refresh_from_db()
    assert event.sequence == 0


def test_choosing_another_venue_raises_the_sequence(make_event, accessible_venue):
    event = make_event(venue=accessible_venue)
    event.venue = make_venue()
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_venues_translation_keeps_its_address_in_step():
    from home.demo_places import translate_entry

    venue = make_venue()
    english = translate_entry(venue)
    venue.street = "Lindelaan 8"
    venue.save()
    english.refresh_from_db()
    assert (english.street, english.slug) == ("Lindelaan 8", venue.slug)


def test_the_feed_shows_the_new_address_of_a_venue(
    client, make_event, accessible_venue, event_index
):
    make_event(venue=accessible_venue)
    client.get(f"/agenda-feed/{event_index.pk}.ics")  # the VEVENT is kept in the cache
    accessible_venue.street = "Stadsplateau 9"
    accessible_venue.save()
    feed = Calendar.from_ical(client.get(f"/agenda-feed/{event_index.pk}.ics").content)
    assert "Stadsplateau 9" in str(feed.walk("VEVENT")[0]["LOCATION"])


# The demo


def test_the_demo_has_an_accessible_and_an_inaccessible_venue_with_coordinates():
    call_command("load_demo_events", stdout=__import__("io").StringIO())
    call_command("load_demo_events", stdout=__import__("io").StringIO())
    dutch = Venue.objects.filter(locale=Locale.get_default())
    assert dutch.count() == 2
    accessible = dutch.get(slug="stadskantoor-utrecht")
    inaccessible = dutch.get(slug="wijkcentrum-de-leeuw")
    assert all(k["value"] for k in accessible.get_known_facts())
    assert len(accessible.get_known_facts()) == 6
    assert not inaccessible.get_known_facts()[0]["value"]
    assert accessible.has_coordinates and inaccessible.has_coordinates
    sample = EventPage.objects.get(slug="voorbeeld-inspiratiemiddag-bestaanszekerheid")
    assert sample.venue == inaccessible
    assert sample.organised_by.slug == "voorbeeldvereniging"
    assert sample.themes.count() == 2
    assert Organiser.objects.count() == 2
    assert Theme.objects.filter(locale__language_code="en").count() == 4
    english_sample = EventPage.objects.get(locale__language_code="en")
    assert english_sample.venue.slug == "stadskantoor-utrecht"
    assert english_sample.themes.count() == 2
