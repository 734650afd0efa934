"""A visitor goes from an event to its venue and organiser; those pages pass axe and Nu in
both languages."""

import io

import pytest
from django.core.management import call_command

from tests.quality import assert_no_axe_violations, assert_valid_html

SAMPLE = "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
PAGES = [
    "/locaties/stadskantoor-utrecht/",
    "/en/locaties/stadskantoor-utrecht/",
    "/locaties/wijkcentrum-de-leeuw/",
    "/en/locaties/wijkcentrum-de-leeuw/",
    "/organisatoren/gemeente-utrecht/",
    "/en/organisatoren/voorbeeldvereniging/",
    "/agenda/voorbeeld-inspiratiemiddag-bestaanszekerheid/",
]


@pytest.fixture
def demo_server(transactional_db, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def test_visitor_follows_the_venue_from_an_event(page, demo_server):
    page.goto(demo_server.url + SAMPLE)
    access = page.locator(".event-facts__item", has=page.locator("dt", has_text="Toegankelijkheid"))
    assert "De ingang is drempelvrij." in access.inner_text()
    page.get_by_role("link", name="Stadskantoor Utrecht").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Stadskantoor Utrecht"
    assert "Er is een ringleiding." in page.locator(".accessibility-facts").inner_text()
    titles = page.locator(".event-card__title").all_inner_texts()
    assert titles == ["Voorbeeld: Samen werken aan een sociaal en gezond Utrecht"]


def test_venue_and_organiser_pages_pass_axe_and_the_nu_checker(page, demo_server):
    from cms_events.models import EventPage

    english_sample = EventPage.objects.get(locale__language_code="en")
    documents = {}
    for path in [*PAGES, english_sample.url]:
        response = page.goto(demo_server.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
        documents[path] = response.text()
    assert 'lang="en"' in documents["/en/locaties/stadskantoor-utrecht/"]
    assert_valid_html(documents)
