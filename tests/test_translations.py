"""English versions made with wagtail-localize: what is translated, what stays in step, and
what visitors see (URLs, language switcher, hreflang, English dates, mail in their language)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from cms_events.models import EventPage, Registration
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.services import capacity_for
from cms_events.registration.sessions import program_rounds
from home.demo_translation import UTRECHT_SAMPLE

from .registration_helpers import form_data

pytestmark = pytest.mark.django_db

SLUG = "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht"


@pytest.fixture
def dutch(demo_site):
    return EventPage.objects.get(slug=SLUG)


@pytest.fixture
def english(dutch):
    return dutch.get_translations().get(locale__language_code="en").specific


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_the_demo_publishes_an_english_version_under_en(client, dutch, english):
    assert english.live
    assert english.url == "/en/calendar/example-working-together-for-a-social-and-healthy-utrecht/"
    assert dutch.url == f"/agenda/{SLUG}/"
    soup = soup_of(client, english.url)
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == UTRECHT_SAMPLE[dutch.title]
    when = soup.select_one(".event-facts").get_text(" ", strip=True)
    assert "from 15:00 to 18:00" in when
    assert "(walk-in from 14:30)" in when


def test_switcher_and_hreflang_link_the_language_versions(client, dutch, english):
    for page, current in ((dutch, "Nederlands"), (english, "English")):
        soup = soup_of(client, page.url)
        alternates = {
            link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")
        }
        assert alternates == {
            "nl": dutch.full_url,
            "en": english.full_url,
            "x-default": dutch.full_url,
        }
        switcher = soup.select_one("nav.language-switcher")
        assert switcher.select_one("[aria-current]").get_text() == current
        other = switcher.select_one("a")
        assert other["href"] in (dutch.url, english.url) and other["href"] != page.url
    # A page without a translation shows no switcher.
    cafe = EventPage.objects.get(slug="divosa-politiek-cafe")
    assert soup_of(client, cafe.url).select_one("nav.language-switcher") is None


def test_translated_and_synchronised_fields(dutch, english):
    assert english.meeting_point == "central hall, on the right by the lifts"
    for name in ("start", "end", "status", "capacity", "sequence", "venue_name", "city"):
        assert getattr(english, name) == getattr(dutch, name), name
    assert english.registration_mode == dutch.registration_mode == "form"
    dutch_fields = list(dutch.form_fields.values_list("clean_name", "label"))
    english_fields = list(english.form_fields.values_list("clean_name", "label"))
    assert [key for key, _label in english_fields] == [key for key, _label in dutch_fields]
    assert [label for _key, label in english_fields] == [
        "Organisation",
        "Position",
        "Work session preferences",
        "Dietary needs or accessibility",
    ]
    # Session titles are translated; their ids, times and capacities are the Dutch page's.
    dutch_rounds, english_rounds = program_rounds(dutch), program_rounds(english)
    assert [s.id for r in english_rounds for s in r.sessions] == [
        s.id for r in dutch_rounds for s in r.sessions
    ]
    assert english_rounds[0].sessions[3].title == "Dealing with scarcity"
    assert [s.capacity for s in english_rounds[0].sessions] == [20] * 4


def test_status_and_times_reach_the_english_version_at_once(dutch, english):
    sequence = dutch.sequence
    change_event_status(dutch, status="postponed", headline="Uitgesteld")
    english.refresh_from_db()
    dutch.refresh_from_db()
    assert english.status == "postponed"
    assert english.sequence == dutch.sequence == sequence + 1
    assert english.live


def test_registration_on_the_english_page_shares_capacity_list_and_keys(
    client, dutch, english, run_on_commit
):
    rounds = program_rounds(english)
    data = form_data(client, english, registrant_email="guest@example.org")
    soup = soup_of(client, english.url)
    selects = [s["name"] for s in soup.select("form.registration-form fieldset select")]
    assert [label.get_text(strip=True) for label in soup.select("fieldset label")][:2] == [
        "First choice",
        "Second choice",
    ]
    data.update(
        {
            "organisatie": "City of Amsterdam",
            selects[0]: rounds[0].sessions[3].id,
            selects[1]: rounds[0].sessions[0].id,
            selects[2]: rounds[1].sessions[1].id,
            selects[3]: rounds[1].sessions[2].id,
        }
    )
    with run_on_commit():
        response = client.post(english.url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(english.url + "?bedankt=")
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert registration.event == capacity_for(dutch) == capacity_for(english)
    assert registration.answers["organisatie"] == "City of Amsterdam"
    assert set(registration.answers) == {
        "organisatie",
        "functie",
        "dieetwensen_of_toegankelijkheid",
    }
    assert registration.session_preferences[rounds[0].id][0] == rounds[0].sessions[3].id
    # The mail is in English, with English dates, and links to the English page.
    message = mail.outbox[0]
    assert message.subject == f"Your registration for {english.title}"
    assert "from 15:00 to 18:00" in message.body
    assert english.full_url in message.body
    # One registrations list for both languages, in the Dutch admin.
    admin = User.objects.create_superuser("redacteur", "r@example.org", "x")
    client.force_login(admin)
    listing = client.get(reverse("cms_events_registrations", args=[dutch.pk])).content.decode()
    assert "guest@example.org" in listing
    listing = client.get(reverse("cms_events_registrations", args=[english.pk])).content.decode()
    assert "guest@example.org" in listing
