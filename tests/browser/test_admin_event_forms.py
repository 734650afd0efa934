"""The admin's own event forms at the default width (1280 px): readable buttons, fields side by
side without overlapping, and the visitor stylesheet kept out of the admin."""

import io
import itertools

import pytest
from django.core.management import call_command

from cms_events.models import EventPage
from cms_events.registration.services import register
from tests.quality import assert_no_axe_violations

from .admin_helpers import log_in

SLUG = "voorbeeld-inspiratiemiddag-bestaanszekerheid"


@pytest.fixture
def demo(transactional_db, live_server, admin_user):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def box(locator):
    found = locator.bounding_box()
    assert found is not None
    return found


def test_status_form_and_its_banner_preview_pass_axe_with_readable_buttons(page, demo):
    event = EventPage.objects.get(slug=SLUG)
    log_in(page, demo.url)
    page.goto(f"{demo.url}/admin/events/{event.pk}/status/")
    assert_no_axe_violations(page)
    # Only the preview's own stylesheet: the visitor one would restyle Wagtail's buttons.
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)")
    assert not any(href.endswith("/events.css") for href in stylesheets)

    page.get_by_label("Nieuwe status").select_option(label="Geannuleerd")
    page.get_by_role("button", name="Voorbeeld van de banner").click()
    badge = page.locator(".cms-events-preview .status-badge")
    assert badge.inner_text().strip().lower() == "gaat niet door"
    assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(138, 28, 28)"
    assert_no_axe_violations(page)


def test_registrations_filter_fields_sit_side_by_side_without_overlap(page, demo):
    event = EventPage.objects.get(slug=SLUG)
    register(event, name="Anna de Vries", email="anna@example.org")
    log_in(page, demo.url)
    page.goto(f"{demo.url}/admin/events/{event.pk}/registrations/")
    search = box(page.get_by_label("Zoek op naam, e-mailadres of antwoord"))
    attendance = box(page.locator("#id_attendance"))
    status = box(page.locator("#id_status"))
    # Side by side, or wrapped to the next row: never on top of each other.
    for left, right in itertools.pairwise([search, attendance, status]):
        assert left["x"] + left["width"] <= right["x"] or left["y"] + left["height"] <= right["y"]
    assert abs(search["y"] - attendance["y"]) < 20  # the first two share a row at 1280 px
    buttons = [box(button) for button in page.locator(".cms-events-filter .button").all()]
    for left, right in itertools.pairwise(buttons):
        assert left["x"] + left["width"] <= right["x"] or left["y"] + left["height"] <= right["y"]
    assert_no_axe_violations(page)
