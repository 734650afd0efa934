"""On a phone the index's filters start folded, their summary saying how many are chosen, so
the list starts near the top; on a wide screen, and without JavaScript, they are open. axe and
the Nu checker stay clean either way, in both languages."""

import io

import pytest
from django.core.management import call_command

from tests.quality import assert_no_axe_violations, assert_valid_html

SELECTION = "/agenda/?wanneer=deze-maand&vorm=op-locatie&toegankelijk=zitplaatsen"
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def demo_server(transactional_db, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport, javascript=True, locale="nl-NL"):
        context = browser.new_context(
            locale=locale, viewport=viewport, java_script_enabled=javascript
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def is_open(page):
    return page.locator("details.event-filters__details").evaluate("element => element.open")


def test_on_a_phone_the_filters_are_folded_and_say_how_many_are_chosen(new_page, demo_server):
    page = new_page(PHONE)
    page.goto(demo_server.url + SELECTION)
    summary = page.locator("summary.event-filters__summary")
    assert summary.inner_text() == "Filters (3 gekozen)"
    assert not is_open(page)
    assert not page.locator("input[name=vorm]").first.is_visible()
    first_card = page.locator(".event-card__title").first.bounding_box()
    assert first_card["y"] < PHONE["height"], "the list starts on the first screen"
    # The keyboard opens them; the selection is still there.
    summary.focus()
    page.keyboard.press("Enter")
    assert is_open(page)
    assert page.locator("input[name=vorm][value=op-locatie]").is_checked()
    assert_no_axe_violations(page)


def test_on_a_wide_screen_and_without_javascript_the_filters_are_open(new_page, demo_server):
    wide = new_page({"width": 1280, "height": 900})
    wide.goto(demo_server.url + "/agenda/")
    assert is_open(wide)
    assert wide.locator("summary.event-filters__summary").inner_text() == "Filters"
    without_script = new_page(PHONE, javascript=False)
    without_script.goto(demo_server.url + SELECTION)
    assert is_open(without_script)
    without_script.locator("input[name=vorm][value=online]").check()
    without_script.get_by_role("button", name="Toon bijeenkomsten").click()
    without_script.wait_for_url("**vorm=online**")
    assert is_open(without_script)


def test_a_filter_with_an_error_stays_open_on_a_phone(new_page, demo_server):
    page = new_page(PHONE)
    response = page.goto(demo_server.url + "/agenda/?van=2026-13-45")
    assert response.status == 400
    assert is_open(page)


@pytest.mark.parametrize("prefix, locale", [("", "nl-NL"), ("/en", "en-GB")])
def test_the_folded_filters_pass_axe_and_the_nu_checker(new_page, demo_server, prefix, locale):
    from cms_events.models import EventIndexPage

    index = EventIndexPage.objects.get(locale__language_code="en" if prefix else "nl")
    page = new_page(PHONE, locale=locale)
    documents = {}
    for query in ("", "?wanneer=weekend&gratis=on"):
        response = page.goto(demo_server.url + index.url + query)
        assert not is_open(page)
        assert_no_axe_violations(page)
        documents[index.url + query] = response.text()
    assert_valid_html(documents)
