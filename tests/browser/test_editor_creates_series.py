"""An editor makes a weekly series without public holidays, sees it in words and its next dates
as the form is filled in (before saving anything) and again in the saved draft, calls one date
off with a note and gives another a theme; a visitor finds both on the page and in the index,
takes the .ics and registers for the themed date."""

import io
from datetime import date
from pathlib import Path

import pytest
import recurring_ical_events
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from cms_events.models import EventIndexPage, EventPage, Occurrence, Registration
from home.demo_translation import translate

from .admin_helpers import (
    check_public_pages,
    fill_datetime,
    log_in,
    open_editor,
    publish,
    wait_for_autosaved_page,
)

CALLED_OFF = date(2031, 3, 17)
THEMED = date(2031, 3, 24)
EASTER_MONDAY = date(2031, 4, 14)


@pytest.fixture
def site_with_index(transactional_db, live_server, admin_user):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server, EventIndexPage.objects.get(locale__language_code="nl")


def check_box(page, box, attempts=3, checked=True):
    """Tick (or untick) a check box; Wagtail's autosave may refresh the editor under the click,
    and an editor then ticks it again."""
    for attempt in range(attempts):
        page.wait_for_load_state("networkidle")
        try:
            box.set_checked(checked)
            return
        except PlaywrightError:
            if attempt == attempts - 1:
                raise


def shows(preview, text, present=True):
    """Wait until the series preview shows `text` (or no longer does): the answer to the
    form's change comes from the server, on a machine that may be busy."""
    if present:
        expect(preview).to_contain_text(text, timeout=15_000)
    else:
        expect(preview).not_to_contain_text(text, timeout=15_000)


def add_date_change(page, number, day, **fields):
    page.locator("#id_date_changes-ADD").click()
    prefix = f"date_changes-{number}"
    page.locator(f"input[name='{prefix}-date']").wait_for()
    fill_datetime(page, f"{prefix}-date", day.isoformat())
    for name, value in fields.items():
        field = page.locator(f"[name='{prefix}-{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_editor_makes_a_series_and_a_visitor_registers_for_one_date(page, site_with_index):
    server, index = site_with_index
    log_in(page, server.url)
    open_editor(page, f"{server.url}/admin/pages/add/cms_events/eventpage/{index.pk}/")
    page.get_by_role("textbox", name="Titel*").fill("Leesclub")
    page.locator("textarea[name='intro']").fill("Elke maandag lezen en praten we over een boek.")
    page.get_by_role("tab", name="Praktisch").click()
    fill_datetime(page, "start", "2031-03-03 10:00")
    fill_datetime(page, "end", "2031-03-03 11:30")
    page.locator("input[name='venue_name']").fill("Bibliotheek Oost")
    page.locator("input[name='city']").fill("Utrecht")
    # Wagtail autosaves the new page and refreshes the editor: wait for it, as editors do.
    wait_for_autosaved_page(page)
    page.get_by_role("tab", name="Aanmelden").click()
    page.locator("select[name='registration_mode']").select_option("form")
    page.locator("input[name='capacity']").fill("8")
    check_box(page, page.locator("input[name='registration_per_date']"))

    page.get_by_role("tab", name="Reeks").click()
    preview = page.locator(".series-preview")
    shows(preview, "Een losse bijeenkomst")
    # The polite live region stays; only its content follows the form.
    preview.evaluate("region => { region.dataset.sameRegion = 'yes'; }")
    # Nothing saved yet: the sentence and the dates follow the form as the editor fills it in.
    with page.expect_response(lambda response: "/series-preview/" in response.url):
        page.locator("select[name='repeat']").select_option("weekly")
    shows(preview, "Elke maandag van 10.00 tot 11.30 uur, vanaf 3 maart 2031")
    check_box(page, page.locator("input[name='repeat_weekdays'][value='0']"))
    check_box(page, page.locator("input[name='repeat_weekdays'][value='2']"))
    shows(preview, "Elke maandag en woensdag van 10.00 tot 11.30 uur")
    shows(preview, "woensdag 5 maart 2031")
    check_box(page, page.locator("input[name='repeat_weekdays'][value='2']"), checked=False)
    shows(preview, "Elke maandag van 10.00 tot 11.30 uur")
    shows(preview, "woensdag 5 maart 2031", present=False)
    fill_datetime(page, "repeat_until", "2031-06-30")
    check_box(page, page.locator("input[name='skip_public_holidays']"))
    shows(
        preview,
        "Elke maandag van 10.00 tot 11.30 uur, van 3 maart tot en met 30 juni 2031, "
        "niet op feestdagen",
    )
    shows(preview, "maandag 14 april 2031 — gaat niet door: Tweede paasdag")
    # The fragment rendered from the form (Wagtail's autosave stores a new page in the
    # background, but never renders this panel again), in the region the page loaded with.
    shows(preview, "De volgende datums:")
    assert preview.get_attribute("aria-live") == "polite"
    assert preview.get_attribute("data-same-region") == "yes"

    # Saved as a draft, the panel rendered with the page shows the same.
    page.get_by_role("button", name="Bewaar concept").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("tab", name="Reeks").click()
    assert "De volgende datums, zoals opgeslagen" in preview.inner_text()
    assert "Elke maandag van 10.00 tot 11.30 uur, van 3 maart tot en met 30 juni 2031" in (
        preview.inner_text()
    )
    assert "niet op feestdagen" in preview.inner_text()
    assert "gaat niet door: Tweede paasdag" in preview.inner_text()
    assert not EventPage.objects.get(title="Leesclub").live

    add_date_change(page, 0, CALLED_OFF, status="cancelled", text="De bibliotheek is dicht.")
    add_date_change(page, 1, THEMED, subtitle="Democratie voor iedereen", speaker="Anna de Vries")
    # The dates that differ show in the preview too, before publishing.
    shows(preview, "maandag 17 maart 2031 — Geannuleerd")
    shows(preview, "maandag 24 maart 2031 — “Democratie voor iedereen”")
    publish(page)

    event = EventPage.objects.get(title="Leesclub")
    assert event.live
    days = list(Occurrence.objects.filter(page=event).values_list("date", flat=True))
    assert EASTER_MONDAY not in days and date(2031, 6, 2) not in days  # Tweede pinksterdag
    assert Occurrence.objects.get(page=event, date=THEMED).subtitle == "Democratie voor iedereen"
    assert Occurrence.objects.get(page=event, date=CALLED_OFF).status == "cancelled"
    english = translate(
        event, {"Leesclub": "Reading club", "Democratie voor iedereen": ("Democracy for everyone")}
    )
    series_url = server.url + event.url
    themed_url = f"{series_url}?datum={THEMED.isoformat()}"
    called_off_url = f"{series_url}?datum={CALLED_OFF.isoformat()}"
    check_public_pages(
        page,
        series_url,
        themed_url,
        called_off_url,
        server.url + index.url,
        server.url + english.url,
        f"{server.url}{english.url}?datum={THEMED.isoformat()}",
    )

    # The visitor: the series page lists both dates as they are.
    page.context.clear_cookies()
    page.goto(series_url)
    dates = page.locator(".series-dates__list li")
    called_off = dates.filter(has_text="17 maart 2031")
    assert "gaat niet door" in called_off.inner_text().lower()
    assert "Democratie voor iedereen" in dates.filter(has_text="24 maart 2031").inner_text()
    # … and the index shows each date with its own badge.
    page.goto(server.url + index.url + "?van=2031-03-01&tot=2031-03-31")
    cards = page.locator(".event-card", has_text="Leesclub")
    assert cards.count() == 5  # the Mondays of March 2031
    assert "gaat niet door" in cards.nth(2).inner_text().lower()
    assert "Leesclub: Democratie voor iedereen" in cards.nth(3).inner_text()

    # The .ics of the series expands to exactly the dates the page lists.
    page.goto(series_url)
    with page.expect_download() as download:
        page.get_by_role("link", name="Zet alle datums in mijn agenda (.ics)").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    expanded = recurring_ical_events.of(calendar).between(date(2031, 1, 1), date(2032, 1, 1))
    assert [timezone.localtime(v["DTSTART"].dt).date() for v in expanded] == days
    statuses = {v["DTSTART"].dt.date(): str(v["STATUS"]) for v in expanded}
    assert statuses[CALLED_OFF] == "CANCELLED" and statuses[THEMED] == "CONFIRMED"

    # Registering for the themed date, from its own page.
    mail.outbox.clear()
    page.goto(themed_url)
    assert page.get_by_label("maandag 24 maart 2031", exact=False).is_checked()
    assert page.get_by_label("maandag 17 maart 2031", exact=False).count() == 0
    page.get_by_label("Naam").fill("Fatima el Amrani")
    page.get_by_label("E-mailadres").fill("fatima@example.org")
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    assert "Bedankt voor uw aanmelding" in page.get_by_role("status").inner_text()
    registration = Registration.objects.get()
    assert registration.series_date == THEMED
    [message] = mail.outbox
    assert "Leesclub: Democratie voor iedereen" in message.body
    assert "maandag 24 maart 2031" in message.body
