"""An editor postpones an upcoming event from the admin listing; every public place follows."""

import io
import json

import pytest
from django.core.management import call_command

from cms_events.models import EventIndexPage, EventPage

from .admin_helpers import check_public_pages, log_in, open_status_form

SLUG = "voorbeeld-inspiratiemiddag-bestaanszekerheid"


@pytest.fixture
def demo(transactional_db, live_server, admin_user):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def test_editor_postpones_event_and_page_index_and_jsonld_follow(page, demo):
    index = EventIndexPage.objects.get(locale__language_code="nl")
    event = EventPage.objects.get(slug=SLUG)
    log_in(page, demo.url)
    open_status_form(page, demo.url, index, event.title)

    page.get_by_label("Nieuwe status").select_option(label="Uitgesteld")
    page.get_by_label("Kop van de update").fill("De bijeenkomst is uitgesteld")
    page.get_by_label("Tekst van de update").fill(
        "Door ziekte van de spreker. Een nieuwe datum volgt."
    )
    page.get_by_role("button", name="Voorbeeld van de banner").click()
    preview = page.locator(".cms-events-preview .status-banner")
    assert preview.locator(".status-banner__signal").text_content().strip() == "Uitgesteld"
    assert "De bijeenkomst is uitgesteld" in preview.locator("h2").inner_text()
    page.get_by_role("button", name="Status publiceren").click()
    page.wait_for_url(f"{demo.url}/admin/pages/{index.pk}/")
    assert f"{event.title} (Uitgesteld)" in page.locator("main").inner_text()
    check_public_pages(page, *(demo.url + path for path in (event.url, "/agenda/", "/")))

    page.goto(demo.url + event.url)
    banners = page.locator("article .status-banner")
    assert banners.count() == 2
    assert banners.first.locator(".status-banner__signal").text_content().strip() == "Uitgesteld"
    assert banners.first.locator("h2").inner_text() == "De bijeenkomst is uitgesteld"
    assert page.title().startswith("Uitgesteld: ")
    data = json.loads(page.locator("script[type='application/ld+json']").text_content())
    assert data["eventStatus"] == "https://schema.org/EventPostponed"

    page.goto(demo.url + "/agenda/")
    card = page.locator(".event-card", has=page.get_by_role("link", name=event.title))
    assert card.locator(".status-badge").text_content() == "Uitgesteld"
