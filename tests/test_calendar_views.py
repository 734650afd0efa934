"""Calendar downloads, feeds and add-to-calendar links; nothing unpublished or private leaks."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from cms_events.models import EventPage
from cms_events.publishing.status_change import change_event_status

pytestmark = pytest.mark.django_db


def parse(response):
    text = response.content.decode()
    IcsCalendarStream.calendar_from_ics(text)
    return Calendar.from_ical(text)


def test_event_page_offers_ics_google_and_outlook(client, make_event):
    event = make_event(title="Café")
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    links = {a.get_text(): a["href"] for a in soup.select(".add-to-calendar a")}
    assert set(links) == {"Zet in mijn agenda (.ics)", "Google Agenda", "Outlook.com"}
    download = client.get(links["Zet in mijn agenda (.ics)"])
    assert download["Content-Type"].startswith("text/calendar")
    calendar = parse(download)
    assert "METHOD" not in calendar
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Café"
    google = parse_qs(urlsplit(links["Google Agenda"]).query)
    assert google["text"] == ["Café"]
    start, end = google["dates"][0].split("/")
    assert start.endswith("Z") and end > start
    outlook = parse_qs(urlsplit(links["Outlook.com"]).query)
    assert outlook["subject"] == ["Café"]
    assert outlook["allday"] == ["false"]


def test_unknown_unpublished_and_private_events_answer_404(client, make_event):
    draft = make_event(title="Concept", publish=False)
    private = make_event(title="Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for page_id in (draft.pk, private.pk, 999999):
        assert client.get(f"/evenement/{page_id}/agenda.ics").status_code == 404


def test_index_id_is_not_an_event(client, event_index):
    assert client.get(f"/evenement/{event_index.pk}/agenda.ics").status_code == 404


def test_feed_keeps_cancelled_events_and_leaves_out_drafts_and_private(
    client, make_event, event_index
):
    make_event(title="Gewoon")
    cancelled = make_event(title="Afgelast")
    change_event_status(cancelled, status="cancelled")
    make_event(title="Concept", publish=False)
    private = make_event(title="Besloten")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    soup = BeautifulSoup(client.get(event_index.url).content, "html.parser")
    webcal = soup.select_one(".event-index__feed a")["href"]
    assert webcal.startswith("webcal://")
    feed = parse(client.get(urlsplit(webcal).path))
    assert str(feed["X-WR-CALNAME"]) == "Agenda"
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
    assert statuses == {"Gewoon": "CONFIRMED", "Afgelast": "CANCELLED"}


def test_demo_events_and_feed_parse_and_the_cancelled_cafe_has_a_sequence(client, demo_site):
    from cms_events.models import EventIndexPage

    for event in EventPage.objects.live():
        calendar = parse(client.get(f"/evenement/{event.pk}/agenda.ics"))
        entry = calendar.walk("VEVENT")[0]
        if event.slug == "divosa-politiek-cafe":
            assert str(entry["STATUS"]) == "CANCELLED"
            assert int(entry["SEQUENCE"]) > 0
    for index in EventIndexPage.objects.all():  # Dutch and the demo's English index
        parse(client.get(f"/agenda-feed/{index.pk}.ics"))


def test_feed_per_language(client, make_event, event_index):
    from wagtail.models import Locale

    event = make_event(title="Werkconferentie")
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    english = event.copy_for_translation(english_locale, copy_parents=True)
    english.title = "Work conference"
    english.save_revision().publish()
    english_index = event_index.get_translation(english_locale)
    dutch = parse(client.get(f"/agenda-feed/{event_index.pk}.ics"))
    other = parse(client.get(f"/agenda-feed/{english_index.pk}.ics"))
    assert [str(e["SUMMARY"]) for e in dutch.walk("VEVENT")] == ["Werkconferentie"]
    assert [str(e["SUMMARY"]) for e in other.walk("VEVENT")] == ["Work conference"]
    assert dutch.walk("VEVENT")[0]["UID"] == other.walk("VEVENT")[0]["UID"]


def test_events_of_another_site_are_not_served(client, make_event, home_page):
    from wagtail.models import Page, Site

    from cms_events.models import EventIndexPage
    from home.models import HomePage

    other_home = HomePage(title="Andere site", slug="andere")
    Page.get_first_root_node().add_child(instance=other_home)
    other_index = EventIndexPage(title="Agenda", slug="agenda")
    other_home.add_child(instance=other_index)
    Site.objects.create(hostname="andere.example", root_page=other_home)
    foreign = make_event(title="Elders", parent=other_index)
    assert client.get(f"/evenement/{foreign.pk}/agenda.ics").status_code == 404
    assert client.get(f"/agenda-feed/{other_index.pk}.ics").status_code == 404
    served = client.get(f"/evenement/{foreign.pk}/agenda.ics", HTTP_HOST="andere.example")
    assert served.status_code == 200
