"""One status change carries all its facts: a new date, an online link or “link follows by
email”, “new date follows”; the page, the .ics and the JSON-LD follow in one publication."""

import json
import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation
from ical.calendar_stream import IcsCalendarStream

from cms_events.admin.forms import StatusChangeForm
from cms_events.formatting import format_moment
from cms_events.models import EventPage
from cms_events.publishing.status_change import change_event_status

pytestmark = pytest.mark.django_db

# HTML's valid global date and time string: seconds at most with milliseconds (1–3 digits).
HTML_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)$")


def form_for(event, **data):
    return StatusChangeForm({"headline": "", "body": "", **data}, event=event)


def admin_datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def post_status(admin_client, event, **data):
    response = admin_client.post(
        f"/admin/events/{event.pk}/status/", {"publish": "1", "headline": "", **data}
    )
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message"
    )
    return EventPage.objects.get(pk=event.pk)


def page_soup(client, event):
    return BeautifulSoup(client.get(event.url).content, "html.parser")


def jsonld(soup):
    return json.loads(soup.select_one("script[type='application/ld+json']").string)


def strict_vevent(client, event):
    text = client.get(f"/evenement/{event.pk}/agenda.ics").content.decode()
    return IcsCalendarStream.calendar_from_ics(text).events[0]


def test_moving_online_with_a_new_date_and_link_takes_one_status_change(
    client, admin_client, make_event
):
    event = make_event()
    old_start, length, sequence = event.start, event.end - event.start, event.sequence
    ics_before = strict_vevent(client, event)
    new_start = old_start + timedelta(days=14, hours=-4)
    event = post_status(
        admin_client,
        event,
        status="moved_online",
        headline="We gaan online",
        start=admin_datetime(new_start),
        online_url="https://meet.example.org/politiek-cafe",
    )
    assert event.status == "moved_online"
    assert (event.start, event.end) == (new_start, new_start + length)
    assert event.previous_start == old_start
    assert event.online_url == "https://meet.example.org/politiek-cafe"
    assert event.sequence > sequence

    soup = page_soup(client, event)
    with translation.override("nl"):
        old, new = format_moment(old_start), format_moment(new_start)
    banner = soup.select_one(".status-banner__previous")
    assert banner.get_text() == f"Verplaatst van {old} naar {new}."
    assert soup.select_one(".event-facts__online a")["href"] == event.online_url

    data = jsonld(soup)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["startDate"] == timezone.localtime(new_start).isoformat()
    assert data["previousStartDate"] == timezone.localtime(old_start).isoformat()
    assert data["location"] == {"@type": "VirtualLocation", "url": event.online_url}

    vevent = strict_vevent(client, event)
    assert vevent.dtstart == timezone.localtime(new_start)
    assert vevent.dtend == timezone.localtime(new_start + length)
    assert vevent.sequence > ics_before.sequence
    assert vevent.location == event.online_url


def test_moving_online_with_the_link_by_email_needs_no_venue(client, admin_client, make_event):
    event = post_status(admin_client, make_event(), status="moved_online", online_link_by_mail="on")
    assert event.online_link_by_mail and not event.online_url
    soup = page_soup(client, event)
    assert soup.select_one(".event-facts__online").get_text(strip=True) == (
        "Online. De link om deel te nemen volgt per mail."
    )
    assert strict_vevent(client, event).location == "Online, de link volgt per mail"
    # An event that only ever was online, its link by email, passes validation without a venue.
    online = make_event(venue_name="", street="", postcode="", city="", online_link_by_mail=True)
    online.full_clean()
    assert jsonld(page_soup(client, online))["eventAttendanceMode"] == (
        "https://schema.org/OnlineEventAttendanceMode"
    )


def test_moving_online_without_a_link_asks_for_one(make_event):
    form = form_for(make_event(), status="moved_online")
    assert not form.is_valid()
    assert form.errors["online_url"] == [
        "Vul de link in om deel te nemen, of vink ‘De link volgt per mail’ aan."
    ]


def test_a_link_and_link_by_email_together_are_refused(make_event):
    form = form_for(
        make_event(),
        status="moved_online",
        online_url="https://x.example.org/",
        online_link_by_mail="on",
    )
    assert not form.is_valid()
    assert list(form.errors) == ["online_link_by_mail"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "cancelled", "start": "2031-03-13 13:00"}, "start"),
        ({"status": "postponed", "online_url": "https://x.example.org/"}, "online_url"),
        ({"status": "rescheduled", "new_date_to_follow": "on"}, "new_date_to_follow"),
        ({"status": "rescheduled"}, "start"),
    ],
)
def test_facts_that_do_not_go_with_the_status_are_refused(make_event, data, field):
    form = form_for(make_event(), **data)
    assert not form.is_valid()
    assert field in form.errors


def test_postponed_with_new_date_to_follow_and_then_rescheduled(client, admin_client, make_event):
    event = post_status(admin_client, make_event(), status="postponed", new_date_to_follow="on")
    assert event.new_date_to_follow
    later = event.start + timedelta(days=30)
    event = post_status(admin_client, event, status="rescheduled", start=admin_datetime(later))
    assert not event.new_date_to_follow
    assert "nieuwe datum volgt" not in page_soup(client, event).get_text().lower()


def test_rescheduling_keeps_an_open_end_open(make_event):
    event = make_event(end=None)
    event = change_event_status(event, status="rescheduled", start=event.start + timedelta(1))
    assert event.end is None


def test_preview_shows_the_move_before_publishing(admin_client, make_event):
    event = make_event()
    later = event.start + timedelta(days=7)
    response = admin_client.post(
        f"/admin/events/{event.pk}/status/",
        {"status": "rescheduled", "headline": "", "start": admin_datetime(later), "preview": "1"},
    )
    preview = BeautifulSoup(response.content, "html.parser").select_one(".cms-events-preview")
    with translation.override("nl"):
        expected = f"Verplaatst van {format_moment(event.start)} naar {format_moment(later)}."
    assert preview.select_one(".status-banner__previous").get_text() == expected
    assert EventPage.objects.get(pk=event.pk).start == event.start


def test_update_times_are_stored_and_shown_without_microseconds(client, admin_client, make_event):
    event = post_status(admin_client, make_event(), status="cancelled", headline="Gaat niet door")
    update = event.updates.get()
    assert update.date.microsecond == 0
    change_event_status(event, status="cancelled", headline="Nog een", date=timezone.now())
    soup = page_soup(client, event)
    values = [time["datetime"] for time in soup.select("time[datetime]")]
    assert values and all(HTML_DATETIME.match(value) for value in values if "T" in value)


def test_an_update_typed_in_the_editor_defaults_to_the_second():
    from cms_events.models import EventUpdate

    assert EventUpdate().date.microsecond == 0
