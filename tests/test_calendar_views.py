"""Calendar downloads, feeds and add-to-calendar links; nothing unpublished or private leaks."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from cms_events.actions import change_event_status
from cms_events.models import EventPage

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
    index = EventIndexPage.objects.get()
    parse(client.get(f"/agenda-feed/{index.pk}.ics"))
