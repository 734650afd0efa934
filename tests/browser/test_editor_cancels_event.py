"""An editor enters an event in the admin, then cancels it with the status form; a visitor finds
the cancellation before the facts, the date struck through in words, and nothing that invites
them to put it in their calendar. Every public page the editor touched passes axe and Nu."""

import pytest

from cms_events.models import EventPage

from .admin_helpers import (
    check_public_pages,
    fill_datetime,
    log_in,
    open_editor,
    open_status_form,
    publish,
)

TITLE = "Ledendag 2031"


@pytest.fixture
def server(event_index, live_server, admin_user):
    return live_server, event_index


def test_editor_enters_and_cancels_an_event_and_the_page_stops_inviting(page, server):
    server, index = server
    log_in(page, server.url)
    open_editor(page, f"{server.url}/admin/pages/add/cms_events/eventpage/{index.pk}/")
    page.get_by_role("textbox", name="Titel*").fill(TITLE)
    page.locator("textarea[name='intro']").fill("Kom naar de landelijke ledendag!")
    page.get_by_role("tab", name="Praktisch").click()
    fill_datetime(page, "start", "2031-06-12 10:00")
    # No end: the day ends with drinks, “vanaf 10.00 uur”.
    page.locator("input[name='venue_name']").fill("Jaarbeurs")
    page.locator("input[name='city']").fill("Utrecht")
    page.locator("select[name='cost']").select_option(label="Gratis")
    publish(page)
    page.wait_for_url(f"{server.url}/admin/pages/{index.pk}/")
    event = EventPage.objects.get(title=TITLE)
    assert (event.end, event.cost) == (None, "free")
    check_public_pages(page, server.url + event.url)

    open_status_form(page, server.url, index, TITLE)
    page.get_by_label("Nieuwe status").select_option(label="Geannuleerd")
    page.get_by_label("Kop van de update").fill("De ledendag gaat niet door")
    page.get_by_label("Tekst van de update").fill(
        "Vanwege de afstandsregels gaat de dag niet door."
    )
    page.get_by_role("button", name="Status publiceren").click()
    page.wait_for_url(f"{server.url}/admin/pages/{index.pk}/")
    check_public_pages(page, *(server.url + path for path in (event.url, index.url, "/")))

    visitor = page.context.browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    public = visitor.new_page()
    public.goto(server.url + event.url)
    article = public.locator("article")
    banner, facts = article.locator(".status-banner").first, article.locator(".event-facts")
    assert banner.locator(".status-badge").inner_text().strip().lower() == "gaat niet door"
    assert "De ledendag gaat niet door" in banner.locator("h2").inner_text()
    # The banner comes right under the title, before the facts box.
    follows = banner.evaluate(
        "(b, f) => !!(b.compareDocumentPosition(f) & 4)", facts.element_handle()
    )
    assert follows, "the facts box follows the banner"
    assert article.locator("header + section").get_attribute("class").startswith("status-banner")
    when = facts.locator(".event-facts__item").first
    assert when.locator("del").inner_text() == "donderdag 12 juni 2031, vanaf 10.00 uur"
    assert when.locator(".event-facts__date-note").inner_text() == "Gaat niet door"
    assert article.locator(".add-to-calendar").count() == 0
    for name in ("Zet in mijn agenda (.ics)", "Google Agenda", "Outlook.com", "Agenda bijwerken"):
        assert article.get_by_role("link", name=name).count() == 0
    assert public.title().startswith("Gaat niet door: ")

    public.goto(server.url + index.url)
    card = public.locator(".event-card", has=public.get_by_role("link", name=TITLE))
    assert card.locator(".status-badge").inner_text().strip().lower() == "gaat niet door"
    assert card.locator(".event-card__meta del").count() == 1
    assert "Kom naar" not in card.inner_text()
    visitor.close()
