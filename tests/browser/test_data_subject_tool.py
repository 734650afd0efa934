"""A privacy officer finds a person's registrations, downloads the file and erases them."""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User

from cms_events.models import EventPage, RegistrationFormField
from cms_events.registration.data_subject import remaining_personal_data
from cms_events.registration.services import register
from tests.conftest import event_fields
from tests.quality import assert_no_axe_violations, assert_valid_html

from .admin_helpers import log_in


def test_officer_finds_downloads_and_erases_a_persons_registrations(page, live_server, event_index):
    event = EventPage(
        **event_fields(title="Werkconferentie", registration_mode="form"),
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )
    event_index.add_child(instance=event)
    event.save_revision().publish()
    register(event, name="Piet Jansen", email="piet@example.org", answers={"organisatie": "X"})
    officer = User.objects.create_user("privacy", password="password")
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "handle_data_subject_requests"])
    )

    log_in(page, live_server.url, username="privacy")
    page.get_by_role("button", name="Evenementen").click()
    page.get_by_role("link", name="AVG-verzoeken").click()
    page.get_by_label("E-mailadres").fill("PIET@example.org")
    page.get_by_role("button", name="Zoeken").click()
    assert "1 aanmelding gevonden" in page.locator("main").inner_text()
    assert_no_axe_violations(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Downloaden als leesbaar bestand").click()
    html = download.value.path().read_text(encoding="utf-8")
    assert "Piet Jansen" in BeautifulSoup(html, "html.parser").get_text()
    assert_valid_html({"export file": html})
    reader = page.context.new_page()
    reader.set_content(html)
    assert_no_axe_violations(reader)

    page.get_by_role("button", name="Wissen…").click()
    page.get_by_role("button", name="Definitief wissen").click()
    assert "1 aanmelding gewist" in page.locator(".messages").inner_text()
    assert remaining_personal_data("piet@example.org") == {"registrations": 0, "mails": 0}
