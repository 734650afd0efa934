"""The English side is English all the way: the .ics download, the feed, the short link and
its QR code, the printable invitation and the mail of an English page."""

import io
from datetime import date
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core import mail
from icalendar import Calendar
from PIL import Image
from wagtail.models import Locale

from cms_events.sharing.shortlinks import short_link_for
from home.demo_events import local

from .registration_helpers import form_data

pytestmark = pytest.mark.django_db

DAY = date(2030, 3, 14)


@pytest.fixture
def dutch(make_event):
    return make_event(
        title="Werkconferentie",
        slug="werkconferentie",
        start=local(DAY, 14),
        end=local(DAY, 17),
        registration_mode="form",
    )


@pytest.fixture
def english(dutch):
    locale, _created = Locale.objects.get_or_create(language_code="en")
    page = dutch.copy_for_translation(locale, copy_parents=True)
    page.title = "Work conference"
    page.slug = "work-conference"
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def description_lines(calendar_bytes):
    vevent = Calendar.from_ical(calendar_bytes).walk("VEVENT")[0]
    return str(vevent["DESCRIPTION"]).splitlines()


def labels(lines):
    return [line.split(":", 1)[0] for line in lines if ": " in line]


def test_the_ics_download_of_each_page_speaks_its_language(client, dutch, english):
    english_lines = description_lines(client.get(f"/evenement/{english.pk}/agenda.ics").content)
    assert labels(english_lines) == ["When", "Where", "More information"]
    assert "When: Thursday 14 March 2030, from 14:00 to 17:00" in english_lines
    assert f"More information: http://testserver{english.url}" in english_lines
    dutch_lines = description_lines(client.get(f"/evenement/{dutch.pk}/agenda.ics").content)
    assert labels(dutch_lines) == ["Wanneer", "Waar", "Meer informatie"]


def test_the_feed_of_the_english_index_is_english(client, dutch, english):
    feed = Calendar.from_ical(client.get(f"/agenda-feed/{english.get_parent().pk}.ics").content)
    (entry,) = feed.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Work conference"
    lines = str(entry["DESCRIPTION"]).splitlines()
    assert labels(lines) == ["When", "Where", "More information"]
    assert str(entry["URL"]) == f"http://testserver{english.url}"
    dutch_feed = Calendar.from_ical(client.get(f"/agenda-feed/{dutch.get_parent().pk}.ics").content)
    assert labels(str(dutch_feed.walk("VEVENT")[0]["DESCRIPTION"]).splitlines())[0] == "Wanneer"


def test_the_qr_code_of_the_english_page_leads_to_the_english_page(client, dutch, english):
    soup = BeautifulSoup(client.get(english.url).content, "html.parser")
    svg_path = soup.select_one(".registration__qr img")["src"]
    png = client.get(svg_path.replace(".svg", ".png"))
    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    target = client.get(urlsplit(result.text).path)["Location"]
    assert target == f"{english.url}?bron=qr#aanmelden"
    assert target.startswith("/en/agenda/work-conference/")
    assert result.text in soup.select_one(".registration__qr figcaption").get_text()
    dutch_code = short_link_for(dutch).code
    assert dutch_code != short_link_for(english).code
    assert client.get(f"/e/{dutch_code}/")["Location"].startswith("/agenda/werkconferentie/")


def test_the_short_link_of_an_unpublished_translation_falls_back_to_another(client, dutch, english):
    code = short_link_for(english).code
    english.unpublish()
    assert client.get(f"/e/{code}/")["Location"].startswith(dutch.url)


def test_the_printable_invitation_of_the_english_page_is_english(client, dutch, english):
    code = short_link_for(english).code
    soup = BeautifulSoup(client.get(f"/e/{code}/uitnodiging/").content, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == "Invitation: Work conference"
    assert "Thursday 14 March 2030" in soup.select_one(".event-facts").get_text()
    caption = soup.select_one(".invitation__qr figcaption").get_text(" ", strip=True)
    assert caption == f"Register: scan the QR code or go to http://testserver/e/{code}/"


def test_registering_on_the_english_page_mails_in_english(client, dutch, english, run_on_commit):
    with run_on_commit():
        client.post(english.url, form_data(client, english))
    (message,) = mail.outbox
    assert message.subject == "Your registration for Work conference"
    assert f"More information: http://testserver{english.url}" in message.body
