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
    assert len(titles) == 4
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
    from cms_events.models import EventPage

    page.goto(demo_server.url + "/agenda/")
    assert page.get_by_role("status").inner_text() == "4 bijeenkomsten"
    # Into the “Hoe” group (nothing chosen yet: the first option), then down to “Op locatie”.
    tab_to(page, "input[name=vorm]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "op-locatie"
    tab_to(page, ".event-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/agenda/?*vorm=op-locatie*")
    titles = page.locator(".event-card__title").all_inner_texts()
    on_site = [
        event.title
        for event in EventPage.objects.live().filter(locale__language_code="nl")
        if (event.has_address or event.location_to_follow)
        and event.status != "moved_online"
        and not event.is_past
    ]
    assert sorted(titles) == sorted(on_site)
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
