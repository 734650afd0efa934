"""SQL queries per request: bounded, and the same for 20 events as for 200 (no N+1).

Each count is taken on a second request for the same URL, as on a server that has served a
page before: Django's content types and Wagtail's site root paths are cached by then.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from cms_events.models import EventIndexPage, EventPage, ShortLink
from home.demo_events import item, local, speaker
from tests.registration_helpers import form_data

pytestmark = pytest.mark.django_db

EVENT_PAGE_MAX = 12
INDEX_MAX = 15


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def count_queries(client, url):
    """Return the number of queries of a GET of `url` after a first one."""
    get(client, url)
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured)


def add_events(index, count, *, days_from_now, start_number=0):
    """Add `count` live events quickly (no revisions), starting `days_from_now` days ahead."""
    now = timezone.now()
    for n in range(start_number, start_number + count):
        start = local(timezone.localdate() + timedelta(days=days_from_now + n % 60), 10)
        event = EventPage(
            title=f"Evenement {n}",
            slug=f"evenement-{days_from_now}-{n}",
            start=start,
            end=start + timedelta(hours=2),
            venue_name="Zaal",
            city="Utrecht",
            organiser="Organisator",
            intro="Een evenement om te tellen.",
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        index.add_child(instance=event)


def program(length, link_to):
    """Return a program of `length` items, each with a speaker, sub-themes and a page link."""
    description = f'Zie <a linktype="page" id="{link_to.pk}">de agenda</a>.'
    return [
        item(
            f"{9 + n * 6 // 60:02d}:{n * 6 % 60:02d}:00",
            f"Onderdeel {n}",
            description=description,
            speakers=[speaker(f"Spreker {n}", "rol", "organisatie")],
            subthemes=["Eerste thema", "Tweede thema"],
        )
        for n in range(length)
    ]


@pytest.fixture
def demo_index(demo_site):
    return EventIndexPage.objects.get(locale__language_code="nl")


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/divosa-politiek-cafe/",
        "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/",
        "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/",
        "/agenda/voorbeeld-inspiratiemiddag-bestaanszekerheid/",
        "/agenda/voorbeeld-congres-sociaal-domein/",
        # The English version: other locale, language switcher, sessions and form.
        "/en/calendar/example-working-together-for-a-social-and-healthy-utrecht/",
    ],
)
def test_demo_event_pages_render_in_at_most_12_queries(
    client, demo_index, path, django_assert_max_num_queries
):
    url = path
    get(client, url)
    with django_assert_max_num_queries(EVENT_PAGE_MAX):
        get(client, url)


def test_the_short_link_is_made_on_publishing_and_comes_with_the_event(client, demo_index):
    url = "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
    get(client, url)
    with CaptureQueriesContext(connection) as captured:
        second = get(client, url)
    page = second.context["page"]
    link = ShortLink.objects.get(translation_key=page.translation_key, locale=page.locale)
    assert f"/e/{link.code}/".encode() in second.content
    assert not [q for q in captured if "cms_events_shortlink" in q["sql"]]


def test_an_event_page_takes_as_many_queries_with_100_program_items_as_with_2(
    client, event_index, make_event, django_assert_max_num_queries
):
    day = timezone.localdate() + timedelta(days=30)
    short, long = (
        make_event(
            title=title,
            slug=title.lower(),
            start=local(day, 9),
            end=local(day, 20),
            program=program(length, event_index),
            registration_mode="form",
        )
        for title, length in (("Kort", 2), ("Lang", 100))
    )
    content = get(client, long.url).content
    assert content.count(b'class="program__entry') == 100
    assert content.count(f'<a href="{event_index.url}">de agenda</a>'.encode()) == 100
    assert count_queries(client, short.url) == count_queries(client, long.url)
    with django_assert_max_num_queries(EVENT_PAGE_MAX):
        get(client, long.url)


@pytest.mark.parametrize("url", ["/agenda/", "/agenda/?pagina=2", "/agenda/archief/", "/"])
def test_listings_take_as_many_queries_for_200_events_as_for_20(
    client, demo_index, url, django_assert_max_num_queries
):
    add_events(demo_index, 10, days_from_now=1)
    add_events(demo_index, 10, days_from_now=-80)
    few = count_queries(client, url)
    add_events(demo_index, 90, days_from_now=1, start_number=10)
    add_events(demo_index, 90, days_from_now=-80, start_number=10)
    assert count_queries(client, url) == few
    with django_assert_max_num_queries(INDEX_MAX):
        get(client, url)


def test_feed_takes_as_many_queries_for_200_events_as_for_20(client, demo_index):
    url = f"/agenda-feed/{demo_index.pk}.ics"
    add_events(demo_index, 20, days_from_now=1)
    few = count_queries(client, url)
    add_events(demo_index, 180, days_from_now=1, start_number=20)
    assert count_queries(client, url) == few
    feed = Calendar.from_ical(get(client, url).content)
    upcoming = EventPage.objects.child_of(demo_index).filter(end__gte=timezone.now()).count()
    assert len(feed.walk("VEVENT")) >= upcoming >= 200


def test_single_event_calendar_and_search_take_a_bounded_number_of_queries(
    client, demo_index, django_assert_max_num_queries
):
    event = EventPage.objects.get(slug="voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht")
    add_events(demo_index, 20, days_from_now=1)
    search_few = count_queries(client, "/zoeken/?q=evenement")
    add_events(demo_index, 180, days_from_now=1, start_number=20)
    assert count_queries(client, "/zoeken/?q=evenement") == search_few
    ics = f"/evenement/{event.pk}/agenda.ics"
    get(client, ics)
    with django_assert_max_num_queries(5):
        get(client, ics)


def test_a_registration_takes_as_many_queries_as_the_one_before(client, make_event, settings):
    settings.CMS_EVENTS_RATE_LIMIT_PER_IP = (1000, 3600)
    event = make_event(registration_mode="form", capacity=100)

    def post_queries(number):
        data = form_data(client, event, registrant_email=f"persoon{number}@example.org")
        with CaptureQueriesContext(connection) as captured:
            response = client.post(event.url, data)
        assert response.status_code == 302
        return len(captured)

    counts = [post_queries(number) for number in range(12)]
    assert counts[2] == counts[-1]


VENUE_PAGE_MAX = 12


@pytest.mark.parametrize(
    "url",
    [
        "/en/locaties/stadskantoor-utrecht/",
        "/organisatoren/gemeente-utrecht/",
        "/locaties/stadskantoor-utrecht/kaart/",
    ],
)
def test_venue_organiser_and_map_pages_take_as_many_queries_for_200_events_as_for_20(
    client, demo_index, url, django_assert_max_num_queries
):
    from cms_events.models import Organiser, Venue

    venue = Venue.objects.get(slug="stadskantoor-utrecht", locale__language_code="nl")
    organiser = Organiser.objects.get(slug="gemeente-utrecht")

    def add_at_venue(count, start_number):
        add_events(demo_index, count, days_from_now=1, start_number=start_number)
        EventPage.objects.filter(title__startswith="Evenement ").update(
            venue=venue, organised_by=organiser
        )

    add_at_venue(20, 0)
    few = count_queries(client, url)
    add_at_venue(180, 20)
    assert count_queries(client, url) == few
    with django_assert_max_num_queries(VENUE_PAGE_MAX):
        get(client, url)
