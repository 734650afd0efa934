"""An editor prints the invitation of one date of a series; a visitor scans its QR code (the SVG
as Chromium draws it) and lands on that date, chosen in the form. The admin's list of QR codes
passes axe; the invitation and the date's page pass axe and the Nu checker."""

import io

import pytest
import zxingcpp
from django.core.management import call_command
from PIL import Image

from cms_events.formatting import format_date
from cms_events.models import EventPage
from cms_events.sharing.shortlinks import short_link_for
from tests.quality import assert_no_axe_violations, assert_valid_html

from .admin_helpers import log_in

SLUG = "voorbeeld-digicafe"


@pytest.fixture
def demo(transactional_db, live_server, admin_user):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def scan(locator):
    """Return the text of the QR code shown by `locator`, read from a screenshot."""
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))
    assert len(results) == 1
    return results[0].text


def test_an_editor_prints_a_dates_invitation_and_its_qr_code_leads_to_that_date(page, demo):
    series = EventPage.objects.get(slug=SLUG, locale__language_code="nl")
    themed = next(date for date in series.shown_upcoming_dates() if date.subtitle)
    day = themed.date.isoformat()
    code = short_link_for(series).code

    log_in(page, demo.url)
    page.goto(f"{demo.url}/admin/pages/{series.pk}/edit/")
    page.get_by_role("button", name="Acties", exact=True).click()
    page.get_by_role("link", name="QR-codes").click()
    page.wait_for_url(f"**/admin/events/{series.pk}/qr-codes/")
    assert_no_axe_violations(page)
    # The series' own code is shown; each coming date has a row with its own links.
    assert scan(page.locator(".cms-events-qr-codes__figure img")) == f"{demo.url}/e/{code}/"
    row = page.locator("tbody tr", has_text=themed.subtitle)
    with page.expect_response(f"**/e/{code}/{day}/uitnodiging/") as invitation:
        row.get_by_role("link", name="Afdrukken").click()
    html = {"invitation": invitation.value.text()}
    assert page.locator("h1").inner_text() == f"{series.title}: {themed.subtitle}"
    assert format_date(themed.date) in page.locator(".event-facts").inner_text()
    assert_no_axe_violations(page)

    dated_url = f"{demo.url}/e/{code}/{day}/"
    assert scan(page.locator(".invitation__qr img")) == dated_url
    visitor = page.context.browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    try:
        phone = visitor.new_page()
        response = phone.goto(dated_url)
        assert phone.url == f"{demo.url}{series.url}?datum={day}&bron=qr#aanmelden"
        html["date"] = response.text()
        assert phone.locator("input[name=registration_date]:checked").input_value() == day
        assert scan(phone.locator(".registration__qr img")) == dated_url
        assert_no_axe_violations(phone)
    finally:
        visitor.close()
    assert_valid_html(html)
