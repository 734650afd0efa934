"""Copying an event in the admin proposes a title and URL of its own, with a hint to change
them: a copy published without a second look does not pass for the original."""

import pytest
from bs4 import BeautifulSoup

from cms_events.models import EventPage

pytestmark = pytest.mark.django_db


def test_the_copy_form_marks_title_and_slug_as_a_copy_and_says_what_to_check(
    admin_client, make_event
):
    event = make_event(title="Politiek Café", slug="politiek-cafe")
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{event.pk}/copy/").content, "html.parser")
    assert soup.select_one("input[name=new_title]")["value"] == "Politiek Café (kopie)"
    assert soup.select_one("input[name=new_slug]")["value"] == "politiek-cafe-kopie"
    text = soup.get_text(" ", strip=True)
    assert "Geef de kopie een eigen titel" in text
    assert "datum, plaats, status en updates" in text


def test_the_proposed_copy_is_saved_as_a_draft_beside_the_original(admin_client, make_event):
    event = make_event(title="Politiek Café", slug="politiek-cafe")
    response = admin_client.post(
        f"/admin/pages/{event.pk}/copy/",
        {
            "new_title": "Politiek Café (kopie)",
            "new_slug": "politiek-cafe-kopie",
            "new_parent_page": event.get_parent().pk,
        },
    )
    assert response.status_code == 302
    copy = EventPage.objects.get(slug="politiek-cafe-kopie")
    assert copy.title == "Politiek Café (kopie)"
    assert copy.live is False
    assert EventPage.objects.get(pk=event.pk).title == "Politiek Café"
