"""An editor creates an event with two timed items and a round of two sessions, and publishes."""

import io

import pytest
from django.core.management import call_command

from cms_events.models import EventIndexPage, EventPage

from .admin_helpers import (
    add_program_block,
    check_public_pages,
    click_until_shown,
    fill_datetime,
    log_in,
    open_editor,
    publish,
)


@pytest.fixture
def site_with_index(transactional_db, live_server, admin_user):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server, EventIndexPage.objects.get(locale__language_code="nl")


def test_editor_creates_and_publishes_event_with_program(page, site_with_index):
    server, index = site_with_index
    log_in(page, server.url)
    open_editor(page, f"{server.url}/admin/pages/add/cms_events/eventpage/{index.pk}/")

    page.get_by_role("textbox", name="Titel*").fill("Werkconferentie jeugd")
    page.locator("textarea[name='intro']").fill("Een middag over de jeugdzorg in de wijk.")
    page.get_by_role("tab", name="Praktisch").click()
    fill_datetime(page, "start", "2031-03-13 13:00")
    fill_datetime(page, "end", "2031-03-13 17:00")
    page.locator("input[name='venue_name']").fill("Wijkcentrum Oost")
    page.locator("input[name='postcode']").fill("3572ab")
    page.locator("input[name='city']").fill("Utrecht")

    page.get_by_role("tab", name="Programma").click()
    first = add_program_block(page, "Programmaonderdeel")
    fill_datetime(page, f"program-{first}-value-start", "13:00")
    page.locator(f"input[name='program-{first}-value-title']").fill("Opening")
    second = add_program_block(page, "Programmaonderdeel")
    fill_datetime(page, f"program-{second}-value-start", "13:15")
    fill_datetime(page, f"program-{second}-value-end", "14:00")
    page.locator(f"input[name='program-{second}-value-title']").fill("Keynote")
    round_ = add_program_block(page, "Ronde met parallelle sessies")
    prefix = f"program-{round_}-value"
    page.locator(f"input[name='{prefix}-title']").fill("Ronde 1")
    fill_datetime(page, f"{prefix}-start", "14:15")
    fill_datetime(page, f"{prefix}-end", "15:00")
    page.locator(f"input[name='{prefix}-sessions-0-value-title']").fill("Wijkteams")
    page.locator(f"input[name='{prefix}-sessions-0-value-capacity']").fill("15")
    add_session = page.locator(
        "[data-contentpath=program] button.c-sf-add-button[title='Toevoegen']"
    ).last
    click_until_shown(
        page, add_session, page.locator(f"input[name='{prefix}-sessions-1-value-title']")
    )
    page.locator(f"input[name='{prefix}-sessions-1-value-title']").fill("Onderwijs")

    publish(page)
    page.wait_for_url(f"{server.url}/admin/pages/{index.pk}/")

    event = EventPage.objects.get(title="Werkconferentie jeugd")
    assert event.live
    assert event.postcode == "3572 AB"
    check_public_pages(page, server.url + event.url, server.url + index.url)
    page.goto(server.url + event.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Werkconferentie jeugd"
    when = page.locator(".event-facts__item", has=page.locator("dt", has_text="Wanneer"))
    assert " ".join(when.locator("dd").inner_text().split()) == (
        "donderdag 13 maart 2031, van 13.00 tot 17.00 uur"
    )
    entries = page.locator("ol.program > li")
    assert entries.count() == 3
    assert entries.nth(0).locator(".program__time").inner_text() == "13.00 uur"
    assert entries.nth(1).locator(".program__time").inner_text() == "13.15–14.00 uur"
    assert entries.nth(1).locator("h3").inner_text() == "Keynote"
    sessions = entries.nth(2).locator(".session h4")
    assert sessions.all_inner_texts() == ["Wijkteams", "Onderwijs"]
    assert "Maximaal 15 deelnemers" in entries.nth(2).inner_text()
