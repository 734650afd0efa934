"""An editor moves an event online with a new date in one status change; a visitor finds the new
date, the previous date and the link on the page, in the .ics (strict RFC 5545 parser) and in
the JSON-LD."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from ical.calendar_stream import IcsCalendarStream

from cms_events.formatting import format_event_when, format_moment
from cms_events.models import EventPage
from home.demo_events import local
from tests.jsonld_checks import assert_valid_event

from .admin_helpers import check_public_pages, fill_datetime, log_in, open_status_form

TITLE = "Algemene ledenvergadering"
LINK = "https://meet.example.org/alv-2031"


@pytest.fixture
def server(make_event, live_server, admin_user):
    day = timezone.localdate() + timedelta(days=30)
    event = make_event(title=TITLE, start=local(day, 14), end=local(day, 16), cost="free")
    return live_server, event


def test_editor_moves_an_event_online_with_a_new_date_in_one_status_change(page, server):
    server, event = server
    old_start = event.start
    new_start = local(timezone.localdate(old_start) + timedelta(days=7), 19, 30)
    index = event.get_parent()

    log_in(page, server.url)
    open_status_form(page, server.url, index, TITLE)
    page.get_by_label("Nieuwe status").select_option(label="Online")
    page.get_by_label("Kop van de update").fill("De ledenvergadering wordt online gehouden")
    fill_datetime(page, "start", timezone.localtime(new_start).strftime("%Y-%m-%d %H:%M"))
    page.get_by_label("Online link").fill(LINK)
    page.get_by_role("button", name="Status publiceren").click()
    page.wait_for_url(f"{server.url}/admin/pages/{index.pk}/")
    event = EventPage.objects.get(pk=event.pk)
    assert (event.status, event.start, event.online_url) == ("moved_online", new_start, LINK)
    check_public_pages(page, server.url + event.url, server.url + index.url)

    with translation.override("nl"):
        old, new = format_moment(old_start), format_moment(new_start)
        new_when = format_event_when(new_start, new_start + timedelta(hours=2))
    visitor = page.context.browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    public = visitor.new_page()
    public.goto(server.url + event.url)
    article = public.locator("article")
    banner = article.locator(".status-banner").first
    assert banner.locator(".status-banner__previous").inner_text() == (
        f"Verplaatst van {old} naar {new}."
    )
    assert banner.locator(".status-banner__previous del").inner_text() == old
    when = article.locator(".event-facts__item").first
    assert when.locator(".event-facts__date").inner_text() == new_when
    assert when.locator(".event-facts__previous del").inner_text() == old
    join = article.locator(".event-facts__online").get_by_role("link", name="Online deelnemen")
    assert join.get_attribute("href") == LINK

    update = article.get_by_role("link", name="Agenda bijwerken (.ics)")
    assert article.get_by_role("link", name="Google Agenda").count() == 0
    ics = visitor.request.get(server.url + update.get_attribute("href"))
    assert ics.ok
    (vevent,) = IcsCalendarStream.calendar_from_ics(ics.text()).events
    assert vevent.dtstart == timezone.localtime(new_start)
    assert vevent.dtend == timezone.localtime(new_start + timedelta(hours=2))
    assert vevent.location == LINK
    assert vevent.sequence >= 1
    assert vevent.status == "CONFIRMED"

    data = json.loads(public.locator("script[type='application/ld+json']").text_content())
    assert_valid_event(data)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["startDate"] == timezone.localtime(new_start).isoformat()
    assert data["previousStartDate"] == timezone.localtime(old_start).isoformat()
    assert data["location"] == {"@type": "VirtualLocation", "url": LINK}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    visitor.close()
