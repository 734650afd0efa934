"""A visitor registers for an upcoming demo event, gets the mail with a calendar file, and
withdraws through the link in it; the place is free again."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from cms_events.models import EventPage, Registration
from tests.quality import assert_no_axe_violations, assert_valid_html

SLUG = "voorbeeld-inspiratiemiddag-bestaanszekerheid"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Serve the pages from the page cache, as a site does: registrations must purge it."""
    settings.CMS_EVENTS_PAGE_CACHE = "default"


def places_left(page):
    return page.locator(".registration__places").inner_text()


def test_visitor_registers_gets_mail_and_withdraws(page, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    event = EventPage.objects.get(slug=SLUG)
    mail.outbox.clear()
    page.goto(live_server.url + event.url)
    assert places_left(page) == "Nog 30 plaatsen vrij."

    page.get_by_label("Naam").fill("Fatima el Amrani")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Organisatie").fill("Wijkteam Oost")
    page.get_by_label("Het hele programma").check()
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()

    thanks = page.get_by_role("status")
    assert "Bedankt voor uw aanmelding" in thanks.inner_text()
    assert places_left(page) == "Nog 29 plaatsen vrij."
    assert_no_axe_violations(page)
    page.goto(live_server.url + event.url)
    assert places_left(page) == "Nog 29 plaatsen vrij."
    assert page.get_by_role("status").count() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fatima@example.org"]
    part = message.attachments[0]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    vevent = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["DTSTART"].dt.hour == 13 and vevent["DTSTART"].dt.minute == 30

    link = re.search(r"https?://\S+/aanmelding/\S+/", message.body).group(0)
    path = link.split("/aanmelding/", 1)[1]
    page.goto(f"{live_server.url}/aanmelding/{path}")
    assert "Fatima el Amrani" in page.locator(".registration-detail").inner_text()
    page.get_by_role("button", name="Mijn aanmelding intrekken").click()
    assert "ingetrokken" in page.get_by_role("status").inner_text()
    assert Registration.objects.get().status == "cancelled_registrant"

    page.goto(live_server.url + event.url)
    assert places_left(page) == "Nog 30 plaatsen vrij."


def test_form_errors_are_summarised_focused_and_keep_the_input(page, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    event = EventPage.objects.get(slug=SLUG)
    page.goto(live_server.url + event.url)
    page.get_by_label("Naam").fill("Kees")
    page.get_by_label("E-mailadres").fill("kees@")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Vul een geldig e-mailadres in" in summary.inner_text()
    assert page.get_by_label("Naam").input_value() == "Kees"
    html = page.content()
    assert_no_axe_violations(page)
    assert_valid_html({"form with errors": html})
    assert not Registration.objects.exists()
