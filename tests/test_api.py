"""The read API (/api/v1/): what it says of an event, what it never shows, both languages,
the index's filters, clear refusals, pagination and a fixed number of queries."""

import json
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms_events.api.views import api
from cms_events.models import Audience, EventIndexPage, EventPage, Organiser, Theme
from cms_events.registration.services import register
from home.demo_events import local
from home.models import HomePage
from tests.bulk_events import bulk_events
from tests.test_event_filters import NO_ADDRESS, vocabulary  # noqa: F401 (a fixture, used by name)
from tests.test_venues import make_venue

pytestmark = pytest.mark.django_db

API = "/api/v1"
LISTS = ["events", "occurrences", "venues", "organisers", "themes", "audiences"]


def get(client, path, **headers):
    response = client.get(f"{API}/{path}", **headers)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def results(client, path, **headers):
    return get(client, path, **headers)["results"]


def titles(client, path):
    return sorted(event["title"] for event in results(client, path))


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def translate(page, **fields):
    translated = page.copy_for_translation(english(), copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


# What an event says


def test_an_event_says_what_its_page_shows(client, make_event):
    venue = make_venue(name="Stadskantoor", city="Utrecht", step_free_entrance="yes")
    organiser = Organiser.objects.create(
        name="Gemeente Utrecht",
        website="https://www.utrecht.nl/",
        email="info@utrecht.nl",
        phone="030 286 00 00",
        locale=Locale.get_default(),
    )
    theme = Theme.objects.create(name="Werk en inkomen", locale=Locale.get_default())
    event = make_event(
        title="Banenmarkt",
        slug="banenmarkt",
        venue=venue,
        organised_by=organiser,
        meeting_point="Centrale hal",
        cost="price",
        price=Decimal("12.50"),
        price_note="inclusief lunch",
        online_url="https://example.org/live",
        **NO_ADDRESS,
    )
    event.themes = [theme]
    event.save_revision().publish()
    [entry] = results(client, "events/")
    assert entry["id"] == event.pk
    assert entry["title"] == "Banenmarkt"
    assert entry["url"] == "http://testserver/agenda/banenmarkt/"
    assert entry["language"] == "nl"
    assert entry["status"]["code"] == "scheduled"
    assert entry["status"]["label"] == "Gepland"
    assert entry["status"]["schema_org"] == "https://schema.org/EventScheduled"
    assert entry["price"] == {"state": "price", "amount": "12.50", "note": "inclusief lunch"}
    assert entry["place"] == {
        "kind": "venue",
        "name": "Stadskantoor",
        "street": "Lindelaan 4",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "meeting_point": "Centrale hal",
        "venue": {"slug": "stadskantoor", "url": "http://testserver/locaties/stadskantoor/"},
    }
    assert entry["online"] == {"url": "https://example.org/live", "link_by_mail": False}
    assert entry["themes"] == [{"slug": "werk-en-inkomen", "name": "Werk en inkomen"}]
    assert entry["organiser"] == {
        "name": "Gemeente Utrecht",
        "website": "https://www.utrecht.nl/",
        "page": {
            "slug": "gemeente-utrecht",
            "url": "http://testserver/organisatoren/gemeente-utrecht/",
        },
    }
    assert entry["registration"]["state"] == "none"
    # No contact details of people or organisers, nothing of the registrations.
    text = str(get(client, "events/")) + str(get(client, "organisers/"))
    assert "info@utrecht.nl" not in text and "286 00 00" not in text


def test_unknown_facts_stay_unknown(client, make_event):
    make_event(title="Stil", cost="not_stated")
    make_event(title="Open einde", slug="c", end=None)
    by_title = {entry["title"]: entry for entry in results(client, "events/")}
    assert by_title["Stil"]["price"] == {"state": "not_stated", "amount": None, "note": None}
    assert by_title["Stil"]["online"] is None
    assert by_title["Open einde"]["end"] is None
    assert by_title["Open einde"]["organiser"] is None


def test_a_location_to_follow_and_a_private_online_link_are_not_guessed(client, make_event):
    make_event(
        title="Volgt", location_to_follow=True, venue_name="", street="", postcode="", city="Zeist"
    )
    make_event(title="Per mail", slug="b", online_link_by_mail=True, **NO_ADDRESS)
    by_title = {entry["title"]: entry for entry in results(client, "events/")}
    assert by_title["Volgt"]["place"]["kind"] == "to_follow"
    assert by_title["Volgt"]["place"]["city"] == "Zeist"
    assert by_title["Volgt"]["place"]["name"] is None
    assert by_title["Per mail"]["online"] == {"url": None, "link_by_mail": True}


def test_a_status_speaks_both_languages_and_a_moved_online_event_has_no_venue(client, make_event):
    make_event(title="Afgelast", status="cancelled")
    make_event(title="Online nu", slug="b", status="moved_online")
    dutch = {entry["title"]: entry for entry in results(client, "events/")}
    assert dutch["Afgelast"]["status"]["label"] == "Geannuleerd"
    assert dutch["Afgelast"]["status"]["schema_org"] == "https://schema.org/EventCancelled"
    assert dutch["Afgelast"]["registration"]["state"] == "none"
    assert dutch["Online nu"]["place"]["kind"] == "online_only"
    assert dutch["Online nu"]["place"]["name"] is None
    assert dutch["Online nu"]["online"] == {"url": None, "link_by_mail": False}
    english()
    labels = {
        entry["title"]: entry["status"]["label"] for entry in results(client, "events/?taal=en")
    }
    assert labels == {"Afgelast": "Cancelled", "Online nu": "Moved online"}


def test_registration_says_open_full_waiting_list_or_closed(client, make_event):
    full = make_event(title="Vol", registration_mode="form", capacity=1, waiting_list_enabled=False)
    waiting = make_event(title="Wachtlijst", slug="b", registration_mode="form", capacity=1)
    make_event(title="Open", slug="c", registration_mode="form", capacity=5)
    make_event(
        title="Elders",
        slug="d",
        registration_mode="external",
        external_registration_url="https://example.org/aanmelden",
    )
    make_event(
        title="Gesloten",
        slug="e",
        registration_mode="form",
        registration_closes_at=timezone.now() - timedelta(hours=1),
    )
    register(full, name="Jan", email="jan@example.org")
    register(waiting, name="Piet", email="piet@example.org")
    states = {entry["title"]: entry["registration"] for entry in results(client, "events/")}
    assert states["Vol"]["state"] == "full" and states["Vol"]["url"] is None
    assert states["Wachtlijst"]["state"] == "waiting_list"
    assert states["Wachtlijst"]["url"].endswith("/agenda/b/#aanmelden")
    assert states["Open"] == {
        "state": "open",
        "label": "Open",
        "places_left": 5,
        "url": "http://testserver/agenda/c/#aanmelden",
    }
    assert states["Elders"]["url"] == "https://example.org/aanmelden"
    assert states["Gesloten"]["state"] == "closed"
    text = str(get(client, "events/"))
    assert "jan@example.org" not in text and "Piet" not in text


# What it never shows


@pytest.fixture
def hidden(make_event, event_index, home_page):
    """A published event, and a draft, a private, a past and another site's event, each with
    a venue and an organiser of its own that nothing public uses."""

    def own(name):
        return {
            "venue": make_venue(name=f"Zaal {name}"),
            "organised_by": Organiser.objects.create(
                name=f"Organisator {name}", locale=Locale.get_default()
            ),
        }

    make_event(title="Openbaar", slug="openbaar", **own("openbaar"))
    make_event(title="Concept", slug="concept", publish=False, **own("concept"))
    private = make_event(title="Besloten", slug="besloten", **own("besloten"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="geheim")
    yesterday = timezone.localdate() - timedelta(days=1)
    make_event(
        title="Voorbij", slug="voorbij", start=local(yesterday, 10), end=local(yesterday, 12)
    )
    other_home = HomePage(title="Andere site", slug="andere")
    Page.get_first_root_node().add_child(instance=other_home)
    other_index = EventIndexPage(title="Agenda", slug="agenda")
    other_home.add_child(instance=other_index)
    Site.objects.create(hostname="andere.example", root_page=other_home)
    make_event(title="Elders", slug="elders", parent=other_index, **own("elders"))
    unpublished = make_event(title="Teruggetrokken", slug="weg", **own("weg"))
    unpublished.unpublish()


def test_only_what_a_visitor_may_see_is_listed(client, hidden):
    assert titles(client, "events/") == ["Openbaar"]
    assert [row["event"] for row in results(client, "occurrences/")] == [
        entry["id"] for entry in results(client, "events/")
    ]
    assert [venue["name"] for venue in results(client, "venues/")] == ["Zaal openbaar"]
    assert [entry["name"] for entry in results(client, "organisers/")] == ["Organisator openbaar"]
    on_other_site = results(client, "events/", HTTP_HOST="andere.example")
    assert [entry["title"] for entry in on_other_site] == ["Elders"]
    assert [entry["name"] for entry in results(client, "venues/", HTTP_HOST="andere.example")] == [
        "Zaal elders"
    ]


def test_a_private_section_hides_its_events(client, make_event, event_index):
    make_event(title="In de agenda")
    PageViewRestriction.objects.create(
        page=event_index, restriction_type="password", password="geheim"
    )
    assert results(client, "events/") == []
    assert results(client, "venues/") == []


# Languages


def test_each_event_comes_once_in_the_language_asked_for(client, make_event):
    theme = Theme.objects.create(name="Werk en inkomen", locale=Locale.get_default())
    translated_theme = theme.copy_for_translation(english())
    translated_theme.name = "Work and income"
    translated_theme.save()
    both = make_event(title="Werkconferentie", slug="werkconferentie")
    both.themes = [theme]
    both.save_revision().publish()
    make_event(title="Alleen Nederlands", slug="alleen")
    translate(both, title="Work conference", slug="work-conference")
    dutch = results(client, "events/")
    english_side = results(client, "events/?taal=en")
    assert sorted(entry["title"] for entry in dutch) == ["Alleen Nederlands", "Werkconferentie"]
    assert sorted(entry["title"] for entry in english_side) == [
        "Alleen Nederlands",
        "Work conference",
    ]
    conference = next(entry for entry in english_side if entry["title"] == "Work conference")
    assert conference["language"] == "en"
    assert conference["url"] == "http://testserver/en/agenda/work-conference/"
    assert conference["themes"] == [{"slug": "werk-en-inkomen", "name": "Work and income"}]
    assert results(client, "themes/?taal=en") == [
        {"slug": "werk-en-inkomen", "name": "Work and income"}
    ]
    assert results(client, "themes/") == [{"slug": "werk-en-inkomen", "name": "Werk en inkomen"}]
    assert get(client, "occurrences/?taal=en")["count"] == 2


# The index's filters


def index_titles(client, index, query):
    response = client.get(f"{index.url}?{query}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(title.get_text(strip=True) for title in soup.select(".event-card__title"))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "thema=werk-en-inkomen",
        "thema=wonen&plaats=Amersfoort",
        "doelgroep=inwoners",
        "vorm=online",
        "vorm=op-locatie",
        "toegankelijk=rolstoel",
        "toegankelijk=ringleiding&toegankelijk=toilet",
        "wanneer=deze-maand",
        "wanneer=vandaag",
        f"van={(timezone.localdate() + timedelta(days=30)).isoformat()}",
        "gratis=on",
        "thema=werk-en-inkomen&vorm=op-locatie&toegankelijk=rolstoel&plaats=Utrecht",
    ],
)
@pytest.mark.usefixtures("vocabulary")
def test_the_filters_select_what_the_index_selects(client, event_index, query):
    assert titles(client, f"events/?{query}") == index_titles(client, event_index, query)
    assert get(client, f"occurrences/?{query}")["count"] == len(
        index_titles(client, event_index, query)
    )


@pytest.mark.usefixtures("vocabulary")
def test_the_vocabulary_lists_are_the_filter_values(client):
    assert [theme["slug"] for theme in results(client, "themes/")] == ["werk-en-inkomen", "wonen"]
    assert results(client, "audiences/") == [{"slug": "inwoners", "name": "Inwoners"}]
    venues = {venue["name"]: venue for venue in results(client, "venues/")}
    assert sorted(venues) == ["De Leeuw", "Stadskantoor"]
    facts = {fact["fact"]: fact["value"] for fact in venues["De Leeuw"]["accessibility"]}
    assert facts == {"step_free_entrance": False, "accessible_toilet": True, "hearing_loop": True}


# Refusals


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("thema=bestaat-niet", "thema"),
        ("doelgroep=%ff", "doelgroep"),
        ("plaats=Nergensdorp", "plaats"),
        ("wanneer=gisteren", "wanneer"),
        ("vorm=%c3%28", "vorm"),
        ("van=2026-02-30", "van"),
        ("van=9999-01-01", "van"),
        ("tot=2020-01-01&van=2021-01-01", "tot"),
        ("gratis=misschien", "gratis"),
        ("toegankelijk=trap", "toegankelijk"),
        ("pagina=0", "pagina"),
        ("pagina=100000000000000000000000000000", "pagina"),
        ("per_pagina=101", "per_pagina"),
        ("per_pagina=-1", "per_pagina"),
        ("taal=de", "taal"),
        ("thema=" + "x" * 5000, "thema"),
    ],
)
@pytest.mark.usefixtures("vocabulary")
def test_a_parameter_the_api_cannot_use_is_named_in_a_400(client, query, parameter):
    for path in ("events/", "occurrences/"):
        response = client.get(f"{API}/{path}?{query}")
        assert response.status_code == 400, (query, response.content)
        assert parameter in [error["parameter"] for error in response.json()["errors"]]


@pytest.mark.parametrize("query", ["thema=%00", "plaats=%1b[31m", "taal=e%07n"])
def test_control_characters_leave_a_parameter_out_as_on_the_index(client, make_event, query):
    make_event(title="Iets")
    for path in LISTS:
        response = client.get(f"{API}/{path}/?{query}")
        assert response.status_code == 200, (path, query)


@pytest.mark.parametrize("path", LISTS)
def test_every_list_refuses_a_page_beyond_the_limit_and_a_bad_language(client, path):
    for query in ("pagina=10001", "per_pagina=1000", f"taal={quote('<script>')}"):
        response = client.get(f"{API}/{path}/?{query}")
        assert response.status_code == 400
        assert "<script>" not in response.content.decode()


# Pages, caching and the document


def query_of(url):
    parts = urlsplit(url)
    assert parts.path == f"{API}/events/"
    return parse_qs(parts.query)


def test_pages_link_to_each_other_and_keep_the_filters(client, event_index):
    bulk_events(event_index, 5)
    first = get(client, "events/?per_pagina=2&vorm=op-locatie")
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None
    assert query_of(first["next"]) == {"per_pagina": ["2"], "vorm": ["op-locatie"], "pagina": ["2"]}
    second = client.get(first["next"]).json()
    assert query_of(second["previous"])["pagina"] == ["1"]
    last = client.get(second["next"]).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert query_of(last["previous"])["pagina"] == ["2"]
    seen = [entry["id"] for page in (first, second, last) for entry in page["results"]]
    assert len(set(seen)) == 5
    beyond = get(client, "events/?pagina=9")
    assert beyond["results"] == [] and beyond["count"] == 5


def test_answers_may_be_kept_briefly_and_a_publication_shows(client, make_event, settings):
    settings.CMS_EVENTS_API_CACHE_SECONDS = 60
    event = make_event(title="Eerst")
    response = client.get(f"{API}/events/")
    assert "s-maxage=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    event.title = "Daarna"
    event.save_revision().publish()
    assert titles(client, "events/") == ["Daarna"]
    assert "Cache-Control" not in client.get(f"{API}/events/?pagina=0")


def test_the_openapi_document_describes_every_list(client):
    response = client.get(f"{API}/openapi.json")
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    # The very document tests/test_api_schema.py runs schemathesis against.
    assert document == json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == sorted(f"{API}/{path}/" for path in LISTS)
    events = document["paths"][f"{API}/events/"]["get"]
    names = {parameter["name"] for parameter in events["parameters"]}
    assert names >= {"wanneer", "van", "tot", "vorm", "gratis", "thema", "doelgroep", "plaats"}
    assert names >= {"toegankelijk", "taal", "pagina", "per_pagina"}
    assert set(events["responses"]) == {"200", "400"}
    assert client.get(f"{API}/").status_code == 404  # no documentation pages: the JSON only


# Queries


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


LIST_URLS = [
    "events/",
    "events/?per_pagina=100",
    "events/?taal=en&gratis=true&vorm=op-locatie&thema=werk-en-inkomen"
    "&doelgroep=inwoners&plaats=Utrecht&toegankelijk=rolstoel",
    "events/?wanneer=deze-maand&van=2000-01-01",
    "occurrences/?per_pagina=100&plaats=Utrecht",
    "venues/",
    "organisers/",
    "themes/",
]


@pytest.mark.usefixtures("vocabulary")
def test_lists_take_as_many_queries_for_1000_events_as_for_20(client, event_index):
    """Also the index with all its filters: the bound of issue 16, for 20 and 1000 events."""
    english()
    theme = Theme.objects.get(slug="werk-en-inkomen")
    audience = Audience.objects.get(slug="inwoners")
    venue = make_venue(name="Bibliotheek", city="Utrecht", step_free_entrance="yes")
    venue.accessible_toilet = "yes"
    venue.save()
    last_day = timezone.localdate() + timedelta(days=90)
    index_url = (
        f"{event_index.url}?tot={last_day}&vorm=op-locatie&thema=werk-en-inkomen"
        "&doelgroep=inwoners&plaats=Utrecht&toegankelijk=rolstoel&gratis=on"
    )

    def counts():
        api = {url: count_queries(client, f"{API}/{url}") for url in LIST_URLS}
        return api | {"index": count_queries(client, index_url)}

    themes = EventPage._meta.get_field("themes").remote_field.through
    audiences = EventPage._meta.get_field("audiences").remote_field.through

    def add(count, prefix):
        bulk_events(event_index, count, prefix=prefix, venue_id=venue.pk, cost="free", city="")
        made = EventPage.objects.filter(slug__startswith=f"{prefix}-").values_list("pk", flat=True)
        themes.objects.bulk_create([themes(eventpage_id=pk, theme=theme) for pk in made])
        audiences.objects.bulk_create(
            [audiences(eventpage_id=pk, audience=audience) for pk in made]
        )

    add(16, "twintig")
    few = counts()
    add(980, "duizend")
    many = counts()
    assert many == few
    assert max(few.values()) <= 14, few
    # The filters select the bulk events: full lists were counted, on the index too.
    assert get(client, LIST_URLS[2])["count"] > 900
    assert (
        len(BeautifulSoup(client.get(index_url).content, "html.parser").select(".event-card")) == 20
    )


# Series (cms_events/models/series.py)


def test_a_series_lists_once_as_an_event_and_once_per_date_as_occurrences(client, make_event):
    from tests.test_series import change_dates

    first = timezone.localdate() + timedelta(days=7)
    event = make_event(
        title="Inloopochtend",
        start=local(first, 10),
        end=local(first, 11, 30),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays=str(first.weekday()),
        repeat_until=first + timedelta(weeks=3),
    )
    change_dates(event, {"date": first + timedelta(weeks=1), "status": "cancelled"})
    make_event(title="Los", slug="los", start=local(first, 14), end=local(first, 15))
    assert titles(client, "events/") == ["Inloopochtend", "Los"]
    dates = results(client, "occurrences/")
    assert [row["event"] for row in dates].count(event.pk) == 4
    assert [row["status"] for row in dates if row["event"] == event.pk] == [
        "scheduled",
        "cancelled",
        "scheduled",
        "scheduled",
    ]
    # A period with only a later date of the series selects that date and the series.
    later = (first + timedelta(weeks=2)).isoformat()
    assert titles(client, f"events/?van={later}&tot={later}") == ["Inloopochtend"]
    assert get(client, f"occurrences/?van={later}&tot={later}")["count"] == 1


def test_a_series_that_began_gives_its_next_date_with_its_own_status(client, make_event):
    from tests.test_series import change_dates

    # Dates 16, 9 and 2 days ago, then in 5 days.
    first = timezone.localdate() - timedelta(days=16)
    event = make_event(
        title="Inloopochtend",
        start=local(first, 10),
        end=local(first, 11, 30),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays=str(first.weekday()),
        repeat_until=first + timedelta(weeks=5),
    )
    coming = first + timedelta(weeks=3)
    change_dates(event, {"date": coming, "status": "cancelled"})
    [row] = results(client, "events/")
    assert row["start"].startswith(first.isoformat())
    assert row["next_date"]["start"].startswith(coming.isoformat())
    assert row["next_date"]["status"] == "cancelled"
    single = make_event(title="Los", slug="los", start=local(coming, 14), end=local(coming, 15))
    [los] = [r for r in results(client, "events/") if r["id"] == single.pk]
    assert los["next_date"] == {"start": los["start"], "end": los["end"], "status": "scheduled"}
