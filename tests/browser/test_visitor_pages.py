"""A visitor reads the example events and the index in Chromium; every page passes axe and Nu."""

import io

import pytest
from django.core.management import call_command

from tests.quality import assert_no_axe_violations, assert_valid_html

CAFE = "/agenda/divosa-politiek-cafe/"
UTRECHT = "/agenda/samen-werken-aan-een-sociaal-en-gezond-utrecht/"
SAMPLE = "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
PUBLIC_PAGES = [
    "/",
    "/agenda/",
    "/agenda/archief/",
    CAFE,
    UTRECHT,
    SAMPLE,
    "/privacy/",
    "/zoeken/?q=Utrecht",
]


@pytest.fixture
def demo_server(transactional_db, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def fact(page, label):
    item = page.locator(".event-facts__item", has=page.locator("dt", has_text=label))
    return " ".join(item.locator("dd").inner_text().split())


def test_visitor_sees_the_facts_of_both_example_events(page, demo_server):
    page.goto(demo_server.url + "/")
    page.get_by_role("link", name="Agenda", exact=True).first.click()
    page.get_by_role("link", name="Toon afgelopen bijeenkomsten").click()
    page.get_by_role("link", name="Divosa Politiek Café").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Divosa Politiek Café"
    # Cancelled: the date is struck through and the facts say so in words.
    assert fact(page, "Wanneer") == (
        "donderdag 21 september 2023, van 14.00 tot 17.00 uur Gaat niet door"
    )
    assert page.locator(".event-facts del").first.inner_text() == (
        "donderdag 21 september 2023, van 14.00 tot 17.00 uur"
    )
    assert fact(page, "Waar") == "Divosa Aidadreef 8 3561 GE Utrecht"
    assert "Deelname is gratis." in fact(page, "Deelname en kosten")
    program = page.locator("#program-heading + ol.program > li")
    assert program.count() == 5
    assert "Kim Houben" in program.nth(0).inner_text()

    page.goto(demo_server.url + UTRECHT)
    assert fact(page, "Genodigden") == "Maatschappelijke partners sociaal domein Utrecht"
    assert fact(page, "Doel") == "Informeren, toetsen en input ophalen"
    assert "(inloop vanaf 14.30 uur)" in fact(page, "Wanneer")
    assert "Verzamelpunt: centrale hal rechts bij de liften" in fact(page, "Waar")
    assert page.locator(".program__entry--session_round").count() == 2
    assert page.locator(".event__signature-name").inner_text() == "Ronald Venderbosch"


def test_index_lists_upcoming_events(page, demo_server):
    page.goto(demo_server.url + "/agenda/")
    titles = page.locator(".event-card__title").all_inner_texts()
    # A page of 20 dates: the single events and each Monday of the weekly Digicafé.
    assert len(titles) == 20
    assert len(set(titles)) >= 6
    assert all(t.startswith("Voorbeeld:") for t in titles)


def test_every_public_page_passes_axe_and_the_nu_checker(page, demo_server):
    from cms_events.models import EventPage
    from cms_events.sharing.shortlinks import short_link_for

    sample = EventPage.objects.get(url_path__endswith=SAMPLE.split("/")[-2] + "/")
    invitation = f"/e/{short_link_for(sample).code}/uitnodiging/"
    documents = {}
    for path in [*PUBLIC_PAGES, invitation]:
        response = page.goto(demo_server.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
        documents[path] = response.text()
    assert_valid_html(documents)


def tab_to(page, selector, presses=80):
    """Press Tab until the element matching `selector` has the focus; return it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return page.locator(selector)
    raise AssertionError(f"Tab never reached {selector}")


def test_a_visitor_filters_the_index_with_the_keyboard_alone(page, demo_server):
    from django.utils import timezone

    from cms_events.models import Occurrence, not_ended_filter

    page.goto(demo_server.url + "/agenda/")
    # Every date to come: the single events and each Monday of the weekly Digicafé.
    upcoming = Occurrence.objects.filter(
        not_ended_filter(timezone.now()), page__live=True, page__locale__language_code="nl"
    )
    assert page.get_by_role("status").inner_text() == f"{upcoming.count()} bijeenkomsten"
    assert upcoming.count() > 40
    # Into the “Hoe” group (nothing chosen yet: the first option), then down to “Op locatie”.
    tab_to(page, "input[name=vorm]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "op-locatie"
    tab_to(page, ".event-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/?*vorm=op-locatie*")
    titles = page.locator(".event-card__title").all_inner_texts()
    # The dates to come on site, in date order; the first page shows 20 of them.
    on_site = [
        f"{date.page.title}: {date.subtitle}" if date.subtitle else date.page.title
        for date in upcoming.select_related("page").order_by("start", "pk")
        if (date.page.has_address or date.page.location_to_follow) and date.status != "moved_online"
    ]
    assert sorted(titles) == sorted(on_site[:20])
    assert page.get_by_role("status").inner_text() == (
        f"{len(on_site)} bijeenkomst" if len(on_site) == 1 else f"{len(on_site)} bijeenkomsten"
    )
    # The URL is the selection: opened afresh, it shows the same.
    page.goto(page.url)
    assert sorted(page.locator(".event-card__title").all_inner_texts()) == sorted(titles)
    assert page.locator("input[name=vorm][value=op-locatie]").is_checked()


def test_filtered_and_refused_selections_pass_axe_and_the_nu_checker(page, demo_server):
    documents = {}
    for path, status in [
        ("/agenda/?vorm=op-locatie&gratis=on", 200),
        ("/agenda/?wanneer=vandaag&vorm=online", 200),
        ("/agenda/?van=2026-12-10&tot=2026-12-01", 400),
        ("/en/calendar/?wanneer=deze-maand&vorm=online", 200),
        ("/en/calendar/?van=gisteren", 400),
    ]:
        response = page.goto(demo_server.url + path)
        assert response.status == status, path
        assert_no_axe_violations(page)
        documents[path] = response.text()
    assert_valid_html(documents)


def test_this_weekend_a_theme_and_wheelchair_access_with_the_keyboard_alone(page, demo_server):
    """The issue's visitor: “Dit weekend” + a theme + “rolstoeltoegankelijk”, keyboard only;
    the URL reproduces the result and the selection's feed holds exactly those events."""
    from datetime import timedelta

    from django.utils import timezone
    from ical.calendar_stream import IcsCalendarStream

    from cms_events.finding.filters import WEEKEND, period_days
    from cms_events.models import EventIndexPage, EventPage, Theme, Venue
    from home.demo_events import local

    index = EventIndexPage.objects.get(locale__language_code="nl")
    first_day, _after = period_days(WEEKEND, timezone.localdate())
    theme = Theme.objects.get(slug="werk-en-inkomen", locale__language_code="nl")
    venues = Venue.objects.filter(locale__language_code="nl")
    accessible = venues.get(step_free_entrance="yes", accessible_toilet="yes")
    steps = venues.exclude(step_free_entrance="yes").get()

    def event(title, day, venue, themed=True):
        made = EventPage(
            title=title, start=local(day, 10), end=local(day, 12), venue=venue, intro="Test."
        )
        index.add_child(instance=made)
        if themed:
            made.themes = [theme]
        made.save_revision().publish()

    event("Banenmarkt in het weekend", first_day, accessible)
    event("Banenmarkt met trappen", first_day, steps)
    event("Woonmarkt in het weekend", first_day, accessible, themed=False)
    event("Banenmarkt later", first_day + timedelta(days=14), accessible)

    page.goto(demo_server.url + "/agenda/")
    tab_to(page, "input[name=wanneer]")
    # Altijd, Vandaag, Morgen, Dit weekend.
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "weekend"
    tab_to(page, "select[name=thema]")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == "werk-en-inkomen":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "werk-en-inkomen"
    tab_to(page, "input[name=toegankelijk][value=rolstoel]")
    page.keyboard.press("Space")
    tab_to(page, ".event-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**toegankelijk=rolstoel*")
    assert page.locator(".event-card__title").all_inner_texts() == ["Banenmarkt in het weekend"]
    assert page.get_by_role("status").inner_text() == "1 bijeenkomst"
    assert_no_axe_violations(page)

    page.goto(page.url)
    assert page.locator(".event-card__title").all_inner_texts() == ["Banenmarkt in het weekend"]
    feed = page.locator(".event-index__feed a").get_attribute("href")
    assert feed.startswith("webcal://")
    text = page.request.get("http://" + feed.removeprefix("webcal://")).text()
    calendar = IcsCalendarStream.calendar_from_ics(text)
    assert [e.summary for e in calendar.events] == ["Banenmarkt in het weekend"]
    assert EventPage.objects.filter(title__startswith="Banenmarkt").count() == 3
