"""A venue's map on request: the pages that offer it load nothing from another host and keep
the strict Content Security Policy; only the map's own documents allow exactly the tile host.
Venue and organiser pages are kept by the page cache and offer a language switcher."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Locale, PageViewRestriction

from cms_events import checks
from cms_events.models import Organiser, Venue
from tests.frontend_cache import RecordingBackend

pytestmark = pytest.mark.django_db

PDOK = "https://service.pdok.nl"
OSM_TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "© OpenStreetMap",
    "attribution_url": "https://www.openstreetmap.org/copyright",
    "max_zoom": 19,
}


@pytest.fixture(autouse=True)
def site(home_page):
    """The venue pages list the events of the site they are asked on."""
    return home_page


@pytest.fixture
def venue():
    return Venue.objects.create(
        name="Stadskantoor",
        street="Stadsplateau 1",
        postcode="3521 AZ",
        city="Utrecht",
        latitude=Decimal("52.089416"),
        longitude=Decimal("5.107203"),
        locale=Locale.get_default(),
    )


@pytest.fixture
def venue_without_coordinates():
    return Venue.objects.create(
        name="Buurthuis", city="Utrecht", slug="buurthuis", locale=Locale.get_default()
    )


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def policy(response):
    """Return the Content Security Policy of `response` as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def resources(soup):
    """Return every URL the document loads by itself (scripts, styles, images, frames)."""
    found = [tag["src"] for tag in soup.select("script[src], img[src], iframe[src]")]
    found += [tag["href"] for tag in soup.select("link[href]") if "stylesheet" in tag["rel"]]
    return found


def map_box(soup):
    return soup.select_one("[data-venue-map]")


# The pages that offer the map


def test_the_venue_page_offers_the_map_and_a_route_planner_and_loads_nothing_from_elsewhere(
    client, venue
):
    response = client.get("/locaties/stadskantoor/")
    soup = soup_of(response)
    box = map_box(soup)
    link = box.select_one("a.venue-map__show")
    assert link.get_text() == "Toon op de kaart"
    assert link["href"] == "/locaties/stadskantoor/kaart/"
    assert box["data-embed-url"] == "/locaties/stadskantoor/kaart/ingebed/"
    assert box["data-frame-title"] == "Kaart van Stadskantoor"
    route = box.select_one("a.venue-map__route")
    assert route.get_text() == "Plan uw route"
    assert route["href"].endswith("route=%3B52.089416%2C5.107203")
    assert all(url.startswith("/") and not url.startswith("//") for url in resources(soup))
    assert not [url for url in resources(soup) if "leaflet" in url]
    assert policy(response)["img-src"] == ["'self'"]


def test_the_event_page_offers_the_map_of_its_venue(client, make_event, venue):
    event = make_event(venue=venue)
    soup = soup_of(client.get(event.url))
    assert map_box(soup).select_one("a.venue-map__show")["href"] == "/locaties/stadskantoor/kaart/"
    assert all(url.startswith("/") for url in resources(soup))
    assert policy(client.get(event.url))["img-src"] == ["'self'"]


def test_without_coordinates_or_on_line_there_is_no_map(
    client, make_event, venue, venue_without_coordinates
):
    elsewhere = make_event(venue=venue_without_coordinates, slug="buurthuis")
    online = make_event(venue=venue, slug="online", status="moved_online")
    for url in (elsewhere.url, online.url, "/locaties/buurthuis/"):
        assert map_box(soup_of(client.get(url))) is None, url
    for url in ("/locaties/buurthuis/kaart/", "/locaties/buurthuis/kaart/ingebed/"):
        assert client.get(url).status_code == 404
    assert client.get("/locaties/onbekend/kaart/").status_code == 404


# The map's own documents


def test_the_map_page_allows_exactly_the_tile_host_and_credits_it(client, venue):
    base = policy(client.get("/locaties/stadskantoor/"))
    response = client.get("/locaties/stadskantoor/kaart/")
    soup = soup_of(response)
    found = policy(response)
    assert found["img-src"] == ["'self'", PDOK]
    assert {name: sources for name, sources in found.items() if name != "img-src"} == {
        name: sources for name, sources in base.items() if name != "img-src"
    }
    assert found["frame-ancestors"] == ["'none'"]
    canvas = soup.select_one("#venue-map")
    assert canvas["data-tiles"].startswith(PDOK + "/")
    assert canvas["data-tiles"].endswith("/{z}/{x}/{y}.png")
    assert (canvas["data-lat"], canvas["data-lng"]) == ("52.089416", "5.107203")
    assert canvas["data-zoom-in"] == "Inzoomen"
    assert (
        soup.select_one(".venue-map__attribution")
        .get_text(" ", strip=True)
        .startswith("Kaart: Kadaster / PDOK")
    )
    assert soup.select_one("a.venue-map__route")
    assert all(url.startswith("/static/") for url in resources(soup) if "leaflet" in url)
    assert "/static/cms_events/vendor/leaflet/leaflet.js" in resources(soup)


def test_the_embedded_map_may_be_framed_by_this_site_only(client, venue):
    response = client.get("/en/locaties/stadskantoor/kaart/ingebed/")
    soup = soup_of(response)
    found = policy(response)
    assert found["frame-ancestors"] == ["'self'"]
    assert found["img-src"] == ["'self'", PDOK]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == "Map of Stadskantoor"
    assert soup.select_one("#venue-map")["data-zoom-out"] == "Zoom out"


def test_the_tile_source_is_a_setting(client, venue, settings):
    settings.CMS_EVENTS_MAP_TILES = OSM_TILES
    response = client.get("/locaties/stadskantoor/kaart/ingebed/")
    assert policy(response)["img-src"] == ["'self'", "https://tile.openstreetmap.org"]
    soup = soup_of(response)
    assert soup.select_one("#venue-map")["data-tiles"] == OSM_TILES["url"]
    assert "© OpenStreetMap" in soup.select_one(".venue-map__attribution").get_text()


@pytest.mark.parametrize(
    "tiles",
    [
        {"url": "http://tiles.example/{z}/{x}/{y}.png", "attribution": "x"},
        {"url": "https://{s}.tile.example/{z}/{x}/{y}.png", "attribution": "x"},
        {"url": "https://tiles.example/{z}/{x}.png", "attribution": "x"},
        {"url": "https://tiles.example/{z}/{x}/{y}.png"},
        "https://tiles.example/{z}/{x}/{y}.png",
    ],
)
def test_a_tile_source_the_policy_cannot_name_fails_the_checks(settings, tiles):
    settings.CMS_EVENTS_MAP_TILES = tiles
    assert [error.id for error in checks.check_map_tiles(None)][:1] == ["cms_events.E005"]


def test_the_default_tile_source_passes_the_checks():
    assert checks.check_map_tiles(None) == []


def test_the_map_shows_the_venue_alone_never_its_events(client, make_event, venue):
    private = make_event(title="Besloten overleg", slug="besloten", venue=venue)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    make_event(title="Concept", slug="concept", venue=venue, publish=False)
    for url in ("/locaties/stadskantoor/kaart/", "/locaties/stadskantoor/kaart/ingebed/"):
        text = soup_of(client.get(url)).get_text()
        assert "Besloten" not in text and "Concept" not in text


def test_the_vendored_leaflet_is_1_9_4_with_its_licence():
    from django.contrib.staticfiles import finders

    script = finders.find("cms_events/vendor/leaflet/leaflet.js")
    with open(script, encoding="utf-8") as file:
        assert 't.version="1.9.4"' in file.read()
    with open(finders.find("cms_events/vendor/leaflet/LICENSE"), encoding="utf-8") as file:
        assert file.read().startswith("BSD 2-Clause License")
    for image in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert finders.find(f"cms_events/vendor/leaflet/images/{image}")


# Venue and organiser pages: page cache and language switcher


@pytest.fixture
def organiser():
    return Organiser.objects.create(
        name="Voorbeeldvereniging", slug="voorbeeldvereniging", locale=Locale.get_default()
    )


@pytest.mark.parametrize(
    "url",
    [
        "/locaties/stadskantoor/",
        "/en/organisatoren/voorbeeldvereniging/",
        "/locaties/stadskantoor/kaart/",
        "/locaties/stadskantoor/kaart/ingebed/",
    ],
)
def test_venue_organiser_and_map_pages_are_kept_for_every_visitor(settings, venue, organiser, url):
    settings.CMS_EVENTS_PAGE_CACHE = "default"
    first = Client().get(url)
    assert "s-maxage=" in first["Cache-Control"]
    assert not first.has_header("Vary")
    assert Client().get(url).has_header("Age")


def test_a_changed_venue_leaves_the_page_cache_even_without_events(
    settings, venue, django_capture_on_commit_callbacks
):
    settings.CMS_EVENTS_PAGE_CACHE = "default"
    urls = ["/locaties/stadskantoor/", "/en/locaties/stadskantoor/kaart/"]
    for url in urls:
        Client().get(url)
        assert Client().get(url).has_header("Age")
    venue.street = "Stadsplateau 9"
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()
    for url in urls:
        response = Client().get(url)
        assert not response.has_header("Age")
        assert "Stadsplateau 9" in response.content.decode()


def test_publishing_an_event_purges_the_pages_of_its_old_and_new_venue_and_organiser(
    make_event, venue, venue_without_coordinates, organiser, django_capture_on_commit_callbacks
):
    event = make_event(venue=venue_without_coordinates)
    RecordingBackend.purged.clear()
    event.venue, event.organised_by = venue, organiser
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    purged = set(RecordingBackend.purged)
    assert {
        "http://testserver/locaties/stadskantoor/",
        "http://testserver/en/locaties/stadskantoor/kaart/",
        "http://testserver/locaties/buurthuis/",
        "http://testserver/locaties/buurthuis/agenda.ics",
        "http://testserver/organisatoren/voorbeeldvereniging/",
        "http://testserver/en/organisatoren/voorbeeldvereniging/agenda.ics",
    } <= purged


def switcher(soup):
    return {
        item.get_text(strip=True): item.get("href")
        for item in soup.select(".language-switcher li > *")
    }


def test_venue_organiser_and_map_pages_have_a_language_switcher(client, venue, organiser):
    soup = soup_of(client.get("/locaties/stadskantoor/?pagina=2"))
    assert switcher(soup) == {"Nederlands": None, "English": "/en/locaties/stadskantoor/"}
    hreflang = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert hreflang["en"] == "http://testserver/en/locaties/stadskantoor/"
    soup = soup_of(client.get("/en/organisatoren/voorbeeldvereniging/"))
    assert switcher(soup) == {"Nederlands": "/organisatoren/voorbeeldvereniging/", "English": None}
    soup = soup_of(client.get("/locaties/stadskantoor/kaart/"))
    assert switcher(soup)["English"] == "/en/locaties/stadskantoor/kaart/"
