"""An editor translates an event into English in wagtail-localize's editor and publishes it; a
visitor reads it with English dates and registers; the registration counts against the same
places and shows in the same registrations list."""

import io
import re

from django.contrib.auth.models import User
from django.core.management import call_command

from cms_events.models import EventPage, Registration
from cms_events.registration.services import capacity_for, places_left
from tests.quality import assert_no_axe_violations, assert_valid_html

from .admin_helpers import log_in

SLUG = "voorbeeld-inspiratiemiddag-bestaanszekerheid"


def translate_segment(page, english):
    """Open the first untranslated string in the current tab, type the English, save it."""
    page.get_by_role("button", name="Vertaal", exact=True).first.click()
    page.locator("textarea").first.fill(english)
    page.get_by_role("button", name="Opslaan", exact=True).first.click()
    page.get_by_text(english, exact=True).wait_for()


def test_editor_translates_and_a_visitor_registers_in_english(page, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    User.objects.create_superuser("admin", "admin@example.org", "password")
    dutch = EventPage.objects.get(slug=SLUG)

    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/localize/submit/page/{dutch.pk}/")
    page.get_by_label("Engels").check()
    page.get_by_role("button", name="Verzenden").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    translate_segment(page, "Example: Afternoon of inspiration on financial security")
    translate_segment(page, "An afternoon full of practical examples of financial security.")
    page.get_by_role("tab", name="Aanmelden").click()
    translate_segment(page, "Organisation")
    page.get_by_role("button", name=re.compile("Publiceer in")).click()
    page.wait_for_load_state("networkidle")

    english = dutch.get_translations().get(locale__language_code="en").specific
    assert english.live
    assert english.title == "Example: Afternoon of inspiration on financial security"
    assert english.start == dutch.start and english.capacity == dutch.capacity

    page.goto(live_server.url + english.url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == english.title
    when = page.locator(".event-facts").inner_text()
    # The afternoon has an open end: “from 13:30”.
    assert re.search(r"[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}, from 13:30$", when, re.M)
    switcher = page.get_by_role("navigation", name="Language")
    assert switcher.get_by_role("link", name="Nederlands").get_attribute("href") == dutch.url
    html = page.content()
    assert_no_axe_violations(page)
    assert_valid_html({"English event page": html})

    before = places_left(dutch)
    page.goto(live_server.url + english.url)
    page.get_by_label("Name").fill("Sam Jones")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Organisation").fill("City of Rotterdam")
    # Choices are synchronised, so that answers in both languages line up.
    page.get_by_label("Het hele programma").check()
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Register", exact=True).click()
    assert "Thank you" in page.get_by_role("status").inner_text()

    registration = Registration.objects.get(email="sam@example.org")
    assert registration.language == "en"
    assert registration.event == capacity_for(dutch)
    assert registration.answers["organisatie"] == "City of Rotterdam"
    assert places_left(dutch) == before - 1

    page.goto(f"{live_server.url}/admin/events/{dutch.pk}/registrations/")
    assert "sam@example.org" in page.locator("table.listing").inner_text()
