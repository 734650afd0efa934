"""The index's filters: periods in Dutch words, a date range, online or on site, free; a plain
GET form whose URL is the selection, with its own feed, a clear answer to wrong input, and as
many queries whatever the filters."""

from datetime import date, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from cms_events.finding.filters import (
    MONTH,
    TODAY,
    TOMORROW,
    WEEK,
    WEEKEND,
    EventFilter,
    period_days,
)
from cms_events.models import EventPage
from cms_events.status import EventStatus
from home.demo_events import local

pytestmark = pytest.mark.django_db


def at(day, hour=0, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


NO_ADDRESS = {"venue_name": "", "street": "", "postcode": "", "city": ""}

# Wednesday 2 December 2026, noon: the moment the periods are counted from.
WEDNESDAY = date(2026, 12, 2)
NOW = at(WEDNESDAY, 12)


@pytest.mark.parametrize(
    ("today", "period", "days"),
    [
        (WEDNESDAY, TODAY, (date(2026, 12, 2), date(2026, 12, 3))),
        (WEDNESDAY, TOMORROW, (date(2026, 12, 3), date(2026, 12, 4))),
        (WEDNESDAY, WEEKEND, (date(2026, 12, 5), date(2026, 12, 7))),
        (WEDNESDAY, WEEK, (date(2026, 12, 2), date(2026, 12, 7))),
        (WEDNESDAY, MONTH, (date(2026, 12, 2), date(2027, 1, 1))),
        (date(2026, 12, 5), WEEKEND, (date(2026, 12, 5), date(2026, 12, 7))),
        (date(2026, 12, 6), WEEKEND, (date(2026, 12, 6), date(2026, 12, 7))),
        (date(2026, 12, 6), WEEK, (date(2026, 12, 6), date(2026, 12, 7))),
        (date(2026, 2, 27), MONTH, (date(2026, 2, 27), date(2026, 3, 1))),
    ],
)
def test_periods_in_words_cover_the_days_people_mean(today, period, days):
    assert period_days(period, today) == days


@pytest.fixture
def events(make_event):
    """Events around the first weekend of December 2026, each with its own kind of time."""
    friday, saturday, sunday = (date(2026, 12, 4) + timedelta(days=n) for n in range(3))
    made = {
        "congres": make_event(
            title="Congres", slug="congres", start=at(friday, 19), end=at(sunday, 17)
        ),
        "markt": make_event(title="Markt", slug="markt", start=at(saturday, 10), end=None),
        "lezing": make_event(
            title="Lezing", slug="lezing", start=at(friday, 10), end=at(friday, 12)
        ),
        "open dag": make_event(
            title="Open dag", slug="open-dag", start=at(sunday, 0), end=None, all_day=True
        ),
        "cursus": make_event(
            title="Cursus",
            slug="cursus",
            start=at(date(2026, 12, 7), 19),
            end=at(date(2026, 12, 7), 21),
        ),
    }
    return made


def titles(data, now=NOW):
    selection = EventFilter(data, queryset=EventPage.objects.live(), now=now)
    assert selection.is_valid(), selection.errors
    return sorted(event.title for event in selection.events)


def test_an_event_is_in_a_period_when_it_takes_place_there_even_in_part(events):
    assert titles({"wanneer": WEEKEND}) == ["Congres", "Markt", "Open dag"]
    assert titles({"wanneer": TODAY}) == []
    assert titles({"wanneer": WEEK}) == ["Congres", "Lezing", "Markt", "Open dag"]
    assert titles({"wanneer": MONTH}) == ["Congres", "Cursus", "Lezing", "Markt", "Open dag"]
    on_sunday = at(date(2026, 12, 6), 9)
    assert titles({"wanneer": TODAY}, now=on_sunday) == ["Congres", "Open dag"]
    assert titles({"wanneer": TOMORROW}, now=on_sunday) == ["Cursus"]


def test_a_range_of_dates_includes_both_days(events):
    assert titles({"van": "2026-12-06", "tot": "2026-12-07"}) == ["Congres", "Cursus", "Open dag"]
    assert titles({"tot": "2026-12-04"}) == ["Congres", "Lezing"]
    assert titles({"van": "2026-12-07"}) == ["Cursus"]


def test_online_and_on_site_follow_the_facts_and_the_status(make_event):
    make_event(title="Op locatie", slug="a", venue_name="Zaal", city="Utrecht")
    make_event(title="Hybride", slug="b", city="Utrecht", online_url="https://example.org/live")
    make_event(title="Link per mail", slug="c", online_link_by_mail=True, **NO_ADDRESS)
    make_event(title="Locatie volgt", slug="d", location_to_follow=True, **NO_ADDRESS)
    moved = make_event(title="Naar online", slug="e", venue_name="Zaal", city="Utrecht")
    EventPage.objects.filter(pk=moved.pk).update(status=EventStatus.MOVED_ONLINE)
    assert titles({"vorm": "online"}) == ["Hybride", "Link per mail", "Naar online"]
    assert titles({"vorm": "op-locatie"}) == ["Hybride", "Locatie volgt", "Op locatie"]


def test_free_means_what_the_editor_said_is_free(make_event):
    make_event(title="Gratis", slug="a", cost="free")
    make_event(title="Betaald", slug="b", cost="price", price=10)
    make_event(title="Niet vermeld", slug="c", cost="not_stated")
    assert titles({"gratis": "on"}) == ["Gratis"]
    assert titles({}) == ["Betaald", "Gratis", "Niet vermeld"]


@pytest.fixture
def index_events(make_event):
    day = timezone.localdate() + timedelta(days=10)
    make_event(
        title="Online gratis",
        slug="a",
        start=local(day, 10),
        end=local(day, 12),
        online_url="https://example.org/live",
        cost="free",
        **NO_ADDRESS,
    )
    make_event(
        title="Zaal betaald",
        slug="b",
        start=local(day, 14),
        end=local(day, 16),
        cost="price",
        price=5,
    )
    make_event(
        title="Online betaald",
        slug="c",
        start=local(day, 19),
        end=local(day, 21),
        online_url="https://example.org/live",
        cost="price",
        **NO_ADDRESS,
        price=5,
    )


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def card_titles(soup):
    return [title.get_text(strip=True) for title in soup.select(".event-list .event-card__title")]


def test_the_url_is_the_selection_and_the_form_shows_it(client, event_index, index_events):
    response = client.get(f"{event_index.url}?vorm=online&gratis=on")
    assert response.status_code == 200
    soup = soup_of(response)
    assert card_titles(soup) == ["Online gratis"]
    assert soup.select_one("[role=status]").get_text(strip=True) == "1 bijeenkomst"
    assert soup.select_one("input[name=vorm][value=online]").has_attr("checked")
    assert soup.select_one("input[name=gratis]").has_attr("checked")
    legends = [legend.get_text(strip=True) for legend in soup.select(".event-filters legend")]
    assert legends == ["Wanneer", "Onderwerp", "Waar", "Toegankelijkheid", "Kosten"]
    assert soup.select_one(".event-filters")["method"] == "get"
    assert soup.select_one(".event-filters a").get_text(strip=True) == "Wis alle filters"
    unfiltered = soup_of(client.get(event_index.url))
    assert len(card_titles(unfiltered)) == 3
    assert unfiltered.select_one("[role=status]").get_text(strip=True) == "3 bijeenkomsten"


def test_an_empty_selection_says_what_to_change(client, event_index, index_events):
    soup = soup_of(client.get(f"{event_index.url}?wanneer=vandaag&gratis=on"))
    assert soup.select_one("[role=status]").get_text(strip=True) == "0 bijeenkomsten"
    text = soup.select_one("main").get_text(" ", strip=True)
    assert "Kies een langere periode of zet een filter uit." in text


@pytest.mark.parametrize(
    "query",
    [
        "van=gisteren",
        "van=99999-01-01",
        "tot=1850-01-01",
        "van=2026-12-10&tot=2026-12-01",
        "wanneer=volgend-jaar",
        "van=" + "9" * 5000,
        "wanneer=%ff%fe",
    ],
)
def test_wrong_filters_get_a_clear_dutch_answer_not_a_500(client, event_index, query):
    response = client.get(f"{event_index.url}?{query}")
    assert response.status_code == 400
    soup = soup_of(response)
    alert = soup.select_one(".event-filters [role=alert]")
    assert alert is not None and "Deze filters konden niet worden gebruikt" in alert.get_text()
    status = soup.select_one("[role=status]").get_text(strip=True)
    assert status == "Verbeter de filters hierboven om bijeenkomsten te zien."
    feed = client.get(f"/agenda-feed/{event_index.pk}.ics?{query}")
    assert feed.status_code == 400


@pytest.mark.parametrize("query", ["wanneer=%00", "vorm=%1b[31m", "gratis=%07"])
def test_a_filter_with_control_characters_is_left_out_as_if_not_sent(
    client, event_index, index_events, query
):
    # The request guard (cms_events/middleware.py) drops such values before any view.
    soup = soup_of(client.get(f"{event_index.url}?{query}"))
    assert soup.select_one(".event-filters [role=alert]") is None
    assert soup.select_one("[role=status]").get_text(strip=True) == "3 bijeenkomsten"


def test_pages_of_a_selection_keep_the_selection(client, event_index, make_event, settings):
    settings.CMS_EVENTS_PAGE_SIZE = 2
    day = timezone.localdate() + timedelta(days=5)
    for n in range(5):
        make_event(
            title=f"Online {n}",
            slug=f"o{n}",
            start=local(day, 9 + n),
            end=local(day, 10 + n),
            online_url="https://example.org/live",
        )
    soup = soup_of(client.get(f"{event_index.url}?vorm=online"))
    following = soup.select_one("a[rel=next]")["href"]
    assert following == "?vorm=online&amp;pagina=2" or following == "?vorm=online&pagina=2"
    second = soup_of(client.get(f"{event_index.url}{following}"))
    assert card_titles(second) == ["Online 2", "Online 3"]


def test_a_selection_has_its_own_feed_with_exactly_its_events(client, event_index, index_events):
    soup = soup_of(client.get(f"{event_index.url}?vorm=online"))
    feed_paragraph = soup.select_one(".event-index__feed")
    assert "Volg deze selectie in uw agenda" in feed_paragraph.get_text()
    webcal = feed_paragraph.select_one("a")["href"]
    assert webcal.startswith("webcal://") and webcal.endswith("?vorm=online")
    path = "/" + webcal.split("/", 3)[3]
    cache.clear()
    for query, expected in (
        ("?vorm=online", {"Online betaald", "Online gratis"}),
        ("?vorm=online&gratis=on", {"Online gratis"}),
        ("", {"Online betaald", "Online gratis", "Zaal betaald"}),
    ):
        response = client.get(path.split("?")[0] + query)
        assert response.status_code == 200
        calendar = IcsCalendarStream.calendar_from_ics(response.content.decode())
        assert {event.summary for event in calendar.events} == expected
    assert path.endswith("?vorm=online")


def test_the_page_cache_keeps_periods_and_forms_but_builds_dates_and_wrong_filters(
    event_index, index_events, settings
):
    settings.CMS_EVENTS_PAGE_CACHE = "default"
    cache.clear()

    def twice(query):
        Client().get(f"{event_index.url}?{query}")
        return Client().get(f"{event_index.url}?{query}")

    assert twice("wanneer=deze-maand&vorm=online").has_header("Age")
    assert not twice("van=2026-12-01").has_header("Age")
    assert not twice("gratis=on").has_header("Age")
    wrong = twice("wanneer=volgend-jaar")
    assert wrong.status_code == 400 and not wrong.has_header("Age")


# Themes, audiences, cities and accessibility (venues and vocabularies, issue 16 points 1-2)


@pytest.fixture
def vocabulary(make_event):
    from wagtail.models import Locale

    from cms_events.models import Audience, Theme
    from tests.test_venues import make_venue

    locale = Locale.get_default()
    work = Theme.objects.create(name="Werk en inkomen", locale=locale)
    housing = Theme.objects.create(name="Wonen", locale=locale)
    residents = Audience.objects.create(name="Inwoners", locale=locale)
    accessible = make_venue(
        name="Stadskantoor", city="Utrecht", step_free_entrance="yes", accessible_toilet="yes"
    )
    steps = make_venue(
        name="De Leeuw",
        street="Markt 1",
        postcode="3811CA",
        city="Amersfoort",
        step_free_entrance="no",
        accessible_toilet="yes",
        hearing_loop="yes",
    )

    def event(title, *, themes=(), audiences=(), **fields):
        made = make_event(title=title, slug=title.lower().replace(" ", "-"), **fields)
        made.themes = list(themes)
        made.audiences = list(audiences)
        made.save_revision().publish()
        return made

    event("Banenmarkt", themes=[work], audiences=[residents], venue=accessible, **NO_ADDRESS)
    event("Woonavond", themes=[housing], venue=steps, **NO_ADDRESS)
    event(
        "Spreekuur",
        themes=[work, housing],
        city="Amersfoort",
        street="",
        postcode="",
        venue_name="Bibliotheek",
    )
    event("Webinar", themes=[work], online_url="https://example.org/live", **NO_ADDRESS)


def test_themes_and_audiences_filter_by_their_slugs(vocabulary):
    assert titles({"thema": "werk-en-inkomen"}) == ["Banenmarkt", "Spreekuur", "Webinar"]
    assert titles({"thema": "wonen"}) == ["Spreekuur", "Woonavond"]
    assert titles({"doelgroep": "inwoners"}) == ["Banenmarkt"]
    assert titles({"thema": "wonen", "doelgroep": "inwoners"}) == []


def test_a_city_is_the_venue_s_or_the_typed_one(vocabulary):
    assert titles_with_cities({"plaats": "Amersfoort"}) == ["Spreekuur", "Woonavond"]
    assert titles_with_cities({"plaats": "Utrecht"}) == ["Banenmarkt"]
    assert titles({"vorm": "op-locatie"}) == ["Banenmarkt", "Spreekuur", "Woonavond"]


def titles_with_cities(data):
    from cms_events.finding.filters import cities_of

    events = EventPage.objects.live()
    selection = EventFilter(data, queryset=events, now=NOW, cities=lambda: cities_of(events))
    assert selection.is_valid(), selection.errors
    return sorted(event.title for event in selection.events)


def test_accessibility_counts_only_what_a_venue_says_yes_to(vocabulary):
    assert titles_with_cities({"toegankelijk": ["rolstoel"]}) == ["Banenmarkt"]
    assert titles_with_cities({"toegankelijk": ["toilet"]}) == ["Banenmarkt", "Woonavond"]
    assert titles_with_cities({"toegankelijk": ["toilet", "ringleiding"]}) == ["Woonavond"]
    # No venue, or a fact not known: never offered as accessible.
    assert titles_with_cities({"toegankelijk": ["stilteruimte"]}) == []


def test_the_form_offers_the_vocabulary_and_the_cities_in_words(client, event_index, vocabulary):
    soup = soup_of(client.get(event_index.url))
    options = {
        name: [option.get_text(strip=True) for option in soup.select(f"select[name={name}] option")]
        for name in ("thema", "doelgroep", "plaats")
    }
    assert options == {
        "thema": ["Alle thema's", "Werk en inkomen", "Wonen"],
        "doelgroep": ["Iedereen", "Inwoners"],
        "plaats": ["Alle plaatsen", "Amersfoort", "Utrecht"],
    }
    boxes = [label.get_text(strip=True) for label in soup.select("#id_toegankelijk label")]
    assert boxes[0] == "Rolstoeltoegankelijk (drempelvrije ingang en toegankelijk toilet)"
    assert "Ringleiding" in boxes
    url = f"{event_index.url}?thema=werk-en-inkomen&toegankelijk=rolstoel&plaats=Utrecht"
    chosen = soup_of(client.get(url))
    assert card_titles(chosen) == ["Banenmarkt"]
    assert chosen.select_one("input[name=toegankelijk][value=rolstoel]").has_attr("checked")
    assert client.get(f"{event_index.url}?thema=bestaat-niet").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "wanneer=deze-maand&vorm=op-locatie&gratis=on&van=2026-01-01",
        "wanneer=deze-maand&vorm=op-locatie&gratis=on&thema=wonen&doelgroep=inwoners"
        "&plaats=Utrecht&toegankelijk=rolstoel&toegankelijk=ringleiding",
    ],
)
def test_filters_take_as_many_queries_for_200_events_as_for_20(
    client, event_index, vocabulary, query
):
    from tests.test_query_counts import add_events

    url = f"{event_index.url}?{query}"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_events(event_index, 20, days_from_now=1)
    few = count()
    add_events(event_index, 180, days_from_now=1, start_number=20)
    assert count() == few


def test_the_feed_reads_the_lists_of_the_form_only_when_they_are_asked_for(
    client, event_index, vocabulary
):
    feed = f"/agenda-feed/{event_index.pk}.ics"

    def tables_read(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return " ".join(query["sql"] for query in captured)

    plain = tables_read(feed)
    assert "cms_events_theme" not in plain and "cms_events_audience" not in plain
    themed = tables_read(f"{feed}?thema=wonen")
    assert "cms_events_theme" in themed and "cms_events_audience" not in themed


def test_the_english_index_offers_the_english_labels(client, vocabulary):
    from wagtail.models import Locale

    from cms_events.models import Theme

    english = Locale.objects.get_or_create(language_code="en")[0]
    work = Theme.objects.get(slug="werk-en-inkomen")
    translated = work.copy_for_translation(english)
    translated.name = "Work and income"
    translated.save()
    from django.utils import translation

    with translation.override("en"):
        from cms_events.finding.filters import vocabulary_choices

        assert vocabulary_choices(Theme) == [
            ("wonen", "Wonen"),
            ("werk-en-inkomen", "Work and income"),
        ]
