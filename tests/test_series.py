"""Series on one page: the stored dates, the page per date, lists, .ics, JSON-LD, the admin."""

import json
import re
import uuid
from datetime import date, datetime, time, timedelta
from unittest import mock

import pytest
import recurring_ical_events
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from cms_events.models import EventPage, Occurrence, Registration, SeriesDateChange
from cms_events.models.series import WINDOW_AHEAD, renew_open_series
from cms_events.registration.notifications import (
    create_notification,
    date_facts,
    recipients,
    record_change,
)
from cms_events.registration.services import RegistrationError, cancel_registration, register
from home.demo_events import local
from tests.jsonld_checks import assert_valid_event, assert_valid_series
from tests.registration_helpers import form_data

# Every Monday morning from 1 March to 28 June 2027, not on public holidays: Tweede paasdag
# (29 March) and Tweede pinksterdag (17 May) are left out.
FIRST = date(2027, 3, 1)
HOLIDAYS = {date(2027, 3, 29), date(2027, 5, 17)}
CANCELLED = date(2027, 4, 12)
THEMED = date(2027, 4, 19)


def mondays():
    day, found = FIRST, []
    while day <= date(2027, 6, 28):
        if day not in HOLIDAYS:
            found.append(day)
        day = date.fromordinal(day.toordinal() + 7)
    return found


@pytest.fixture
def series(make_event):
    event = make_event(
        title="Inloopochtend",
        start=local(FIRST, 10),
        end=local(FIRST, 11, 30),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="0",
        repeat_until=date(2027, 6, 28),
        skip_public_holidays=True,
    )
    return event


def change_dates(event, *changes):
    """Add date changes to the live page and publish, as an editor does."""
    for fields in changes:
        event.date_changes.add(SeriesDateChange(locale=event.locale, **fields))
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def changed_series(series):
    return change_dates(
        series,
        {"date": CANCELLED, "status": "cancelled", "text": "De bibliotheek is dicht."},
        {"date": THEMED, "subtitle": "Democratie voor iedereen", "speaker": "Anna de Vries"},
    )


def stored_dates(event):
    return list(Occurrence.objects.filter(page=event).values_list("date", flat=True))


def test_the_series_stores_each_date_it_gives_and_none_on_holidays(series):
    assert stored_dates(series) == mondays()
    assert not HOLIDAYS & set(stored_dates(series))
    first = Occurrence.objects.get(page=series, date=FIRST)
    assert timezone.localtime(first.start).time() == time(10)
    assert timezone.localtime(first.end).time() == time(11, 30)


def test_a_single_event_has_one_stored_date(make_event):
    event = make_event()
    [occurrence] = Occurrence.objects.filter(page=event)
    assert (occurrence.start, occurrence.end, occurrence.in_series) == (
        event.start,
        event.end,
        False,
    )


def test_a_changed_date_keeps_its_status_and_theme_and_raises_the_sequence(series):
    before = series.sequence
    event = change_dates(series, {"date": CANCELLED, "status": "cancelled"})
    assert Occurrence.objects.get(page=event, date=CANCELLED).status == "cancelled"
    assert event.sequence > before
    others = Occurrence.objects.filter(page=event).exclude(date=CANCELLED)
    assert set(others.values_list("status", flat=True)) == {"scheduled"}


def test_a_left_out_and_an_extra_date(series):
    event = change_dates(
        series,
        {"date": date(2027, 3, 8), "kind": SeriesDateChange.LEFT_OUT},
        {"date": date(2027, 7, 5), "kind": SeriesDateChange.EXTRA, "subtitle": "Zomereditie"},
    )
    days = stored_dates(event)
    assert date(2027, 3, 8) not in days
    assert days[-1] == date(2027, 7, 5)
    assert Occurrence.objects.get(page=event, date=date(2027, 7, 5)).subtitle == "Zomereditie"


def test_a_multi_day_series_or_one_with_two_ends_is_refused(series):
    series.end = local(date(2027, 3, 2), 11)
    with pytest.raises(ValidationError) as refused:
        series.full_clean()
    assert "repeat" in refused.value.message_dict
    series.end = local(FIRST, 11)
    series.repeat_count = 3
    with pytest.raises(ValidationError) as refused:
        series.full_clean()
    assert "niet allebei" in str(refused.value.message_dict["repeat"])


def test_the_index_lists_every_date_in_order_with_its_own_badge(client, changed_series):
    html = client.get("/agenda/").content.decode()
    links = re.findall(r'href="/agenda/inloopochtend/\?datum=([\d-]+)"', html)
    assert links[:8] == [day.isoformat() for day in mondays()[:8]]
    cancelled = html.index(f"datum={CANCELLED.isoformat()}")
    assert "Gaat niet door" in html[cancelled : cancelled + 600]
    assert "Inloopochtend: Democratie voor iedereen" in html


def test_the_index_takes_the_same_queries_for_one_series_or_fifty(client, make_event, series):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/agenda/").status_code == 200
        return len(queries)

    count()  # the first visit makes the site's settings
    one = count()
    for number in range(5):
        make_event(
            title=f"Reeks {number}",
            start=local(FIRST, 14),
            end=local(FIRST, 15),
            repeat=EventPage.Repeat.WEEKLY,
            repeat_weekdays="1,3",
        )
    make_event(title="Los")
    count()  # the new page tree is read once, then kept
    assert count() == one


def test_each_date_has_its_own_page(client, changed_series):
    response = client.get(f"/agenda/inloopochtend/?datum={THEMED.isoformat()}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Democratie voor iedereen" in html and "Anna de Vries" in html
    assert "maandag 19 april 2027" in html

    cancelled = client.get(f"/agenda/inloopochtend/?datum={CANCELLED.isoformat()}")
    html = cancelled.content.decode()
    assert "<del" in html and "Gaat niet door" in html
    assert "De bibliotheek is dicht." in html

    whole = client.get("/agenda/inloopochtend/").content.decode()
    assert "Elke maandag van 10.00 tot 11.30 uur" in whole
    assert "niet op feestdagen" in whole
    assert f"?datum={CANCELLED.isoformat()}" in whole


@pytest.mark.parametrize("asked", ["2027-03-29", "2027-03-02", "morgen", "2027-13-01", "9" * 5000])
def test_a_date_the_series_does_not_have_is_not_found(client, series, asked):
    assert client.get("/agenda/inloopochtend/", {"datum": asked}).status_code == 404
    ics = reverse("cms_events:event_ics", args=[series.pk])
    assert client.get(ics, {"datum": asked}).status_code == 404


def expanded(text, first=date(2027, 1, 1), last=date(2028, 1, 1)):
    calendar = Calendar.from_ical(text)
    return recurring_ical_events.of(calendar).between(first, last)


def test_the_series_ics_gives_exactly_the_dates_the_page_lists(client, changed_series):
    text = client.get(reverse("cms_events:event_ics", args=[changed_series.pk])).content.decode()
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert len(strict.events) == 3  # the series and its two dates that differ
    vevents = expanded(text)
    assert [timezone.localtime(v["DTSTART"].dt).date() for v in vevents] == stored_dates(
        changed_series
    )
    by_day = {v["DTSTART"].dt.date(): v for v in vevents}
    assert str(by_day[CANCELLED]["STATUS"]) == "CANCELLED"
    assert str(by_day[THEMED]["SUMMARY"]) == "Inloopochtend: Democratie voor iedereen"
    assert str(by_day[FIRST]["STATUS"]) == "CONFIRMED"
    assert len({str(v["UID"]) for v in vevents}) == 1
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270628T080000Z;BYDAY=MO;WKST=MO" in text.replace("\r\n", "\n")
    assert "EXDATE;TZID=Europe/Amsterdam:20270329T100000" in text


def test_one_dates_ics_carries_that_date_alone(client, changed_series):
    url = reverse("cms_events:event_ics", args=[changed_series.pk])
    text = client.get(url, {"datum": CANCELLED.isoformat()}).content.decode()
    calendar = Calendar.from_ical(text)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["RECURRENCE-ID"].dt == datetime(
        2027, 4, 12, 10, tzinfo=vevent["DTSTART"].dt.tzinfo
    )
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "RRULE" not in vevent
    IcsCalendarStream.calendar_from_ics(text)


def test_the_index_feed_holds_the_series_with_its_rule(client, changed_series, make_event):
    make_event(title="Los")
    text = client.get(reverse("cms_events:feed", args=[changed_series.get_parent().pk]))
    text = text.content.decode()
    IcsCalendarStream.calendar_from_ics(text)
    days = [v["DTSTART"].dt for v in expanded(text) if str(v["SUMMARY"]).startswith("Inloop")]
    assert [timezone.localtime(d).date() for d in days] == stored_dates(changed_series)


def jsonld_of(html):
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def test_structured_data_of_the_series_and_of_one_date(client, changed_series):
    series_data = jsonld_of(client.get("/agenda/inloopochtend/").content.decode())
    assert_valid_series(series_data)
    statuses = {sub["startDate"][:10]: sub["eventStatus"] for sub in series_data["subEvent"]}
    assert statuses[CANCELLED.isoformat()].endswith("EventCancelled")
    assert statuses[FIRST.isoformat()].endswith("EventScheduled")

    html = client.get(f"/agenda/inloopochtend/?datum={CANCELLED.isoformat()}").content.decode()
    one = jsonld_of(html)
    assert_valid_event(one)
    assert one["startDate"].startswith("2027-04-12T10:00")
    assert one["eventStatus"].endswith("EventCancelled")
    assert one["superEvent"]["@type"] == "EventSeries"


def test_the_admin_shows_the_rule_and_the_next_dates_before_publishing(admin_client, series):
    change_dates(series, {"date": THEMED, "subtitle": "Democratie voor iedereen"})
    series.repeat_count = 6
    series.repeat_until = None
    series.save_revision()  # a draft: not published
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk])).content.decode()
    assert "Elke maandag van 10.00 tot 11.30 uur" in html
    assert "6 keer" in html or "6 maal" in html or "zes" in html
    assert "Tweede paasdag" in html
    assert "Democratie voor iedereen" in html
    # The published version still has the old end.
    assert Occurrence.objects.filter(page=series).count() == len(mondays())


# Registration per date


@pytest.fixture
def drop_in(make_event):
    """A weekly drop-in with two places per date, registration per date, waiting list."""
    event = make_event(
        title="Inloopochtend",
        start=local(FIRST, 10),
        end=local(FIRST, 11, 30),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="0",
        repeat_until=date(2027, 6, 28),
        skip_public_holidays=True,
        registration_mode="form",
        registration_per_date=True,
        capacity=2,
    )
    return change_dates(
        event,
        {"date": CANCELLED, "status": "cancelled"},
        {"date": THEMED, "subtitle": "Democratie voor iedereen"},
    )


def offered_dates(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {
        radio["value"]: radio.find_parent("label").get_text(" ", strip=True)
        if radio.find_parent("label")
        else soup.select_one(f"label[for={radio['id']}]").get_text(" ", strip=True)
        for radio in soup.select("input[name=registration_date]")
    }


def test_the_form_offers_the_open_dates_with_their_places(client, drop_in):
    offered = offered_dates(client, drop_in.url)
    assert CANCELLED.isoformat() not in offered
    assert not HOLIDAYS & {date.fromisoformat(day) for day in offered}
    assert "Democratie voor iedereen (2 plaatsen vrij)" in offered[THEMED.isoformat()]
    assert list(offered) == [day.isoformat() for day in mondays() if day != CANCELLED]


def test_registering_for_a_date_fills_that_date_only(client, drop_in, run_on_commit):
    day = THEMED.isoformat()
    url = f"{drop_in.url}?datum={day}"
    with run_on_commit():
        for number in range(3):
            data = form_data(client, drop_in, registration_date=day)
            data["registrant_email"] = f"persoon{number}@example.org"
            assert client.post(url, data).status_code == 302
    registrations = Registration.objects.filter(series_date=THEMED).order_by("pk")
    assert [r.status for r in registrations] == ["confirmed", "confirmed", "waiting_list"]
    offered = offered_dates(client, drop_in.url)
    assert "(vol: wachtlijst)" in offered[day]
    assert "(2 plaatsen vrij)" in offered[FIRST.isoformat()]

    confirmation = mail.outbox[0]
    assert "maandag 19 april 2027" in confirmation.body
    assert f"?datum={day}" in confirmation.body
    [part] = [a for a in confirmation.attachments if calendar_part(a)]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    [vevent] = calendar.walk("VEVENT")
    assert vevent["RECURRENCE-ID"].dt.date() == THEMED
    assert str(vevent["SUMMARY"]) == "Inloopochtend: Democratie voor iedereen"

    # The first withdraws: the waiting person of that date moves up, nobody else.
    with run_on_commit():
        cancel_registration(registrations[0])
    assert Registration.objects.get(pk=registrations[2].pk).status == "confirmed"


def test_a_cancelled_date_takes_no_registration(client, drop_in):
    data = form_data(client, drop_in, registration_date=CANCELLED.isoformat())
    response = client.post(drop_in.url, data)
    assert response.status_code == 200
    assert "Kies een van de datums" in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(RegistrationError):
        register(drop_in, name="X", email="x@example.org", series_date=CANCELLED)
    with pytest.raises(RegistrationError):
        register(drop_in, name="X", email="x@example.org", series_date=date(2027, 3, 29))


def test_one_address_registers_once_per_date(drop_in):
    register(drop_in, name="X", email="x@example.org", series_date=FIRST)
    register(drop_in, name="X", email="x@example.org", series_date=THEMED)
    with pytest.raises(RegistrationError):
        register(drop_in, name="X", email="X@example.org", series_date=FIRST)


def test_cancelling_one_date_tells_only_its_registrants(drop_in, run_on_commit):
    with run_on_commit():
        register(drop_in, name="Op de dag", email="dag@example.org", series_date=THEMED)
        register(drop_in, name="Andere dag", email="ander@example.org", series_date=FIRST)
        register(drop_in, name="Nog een dag", email="nog@example.org", series_date=THEMED)
    mail.outbox.clear()
    facts, sequence = date_facts(drop_in), drop_in.sequence
    # The editor cancels the themed date and publishes.
    change = drop_in.date_changes.get(date=THEMED)
    change.status = "cancelled"
    change.text = "De spreker is ziek."
    drop_in.save_revision().publish()
    drop_in.refresh_from_db()
    assert drop_in.sequence > sequence
    assert record_change(drop_in, sequence, None, facts)
    assert recipients(drop_in).count() == 2
    with run_on_commit():
        create_notification(drop_in, message="De bijeenkomst van 19 april gaat niet door.")
    assert sorted(m.to[0] for m in mail.outbox) == ["dag@example.org", "nog@example.org"]
    message = mail.outbox[0]
    assert "19 april 2027" in message.body and "gaat niet door" in message.body.lower()
    [part] = [a for a in message.attachments if calendar_part(a)]
    assert part.get_param("method") == "CANCEL"
    [vevent] = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert vevent["RECURRENCE-ID"].dt.date() == THEMED
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == drop_in.sequence
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "dag@example.org": "cancelled_organiser",
        "nog@example.org": "cancelled_organiser",
        "ander@example.org": "confirmed",
    }


def test_the_worker_job_moves_the_window_of_an_open_series(make_event):
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    event = make_event(
        start=local(monday, 10),
        end=local(monday, 11),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="0",
    )

    def last():
        return Occurrence.objects.filter(page=event).order_by("-date").first().date

    before = last()
    later = timezone.localdate() + timedelta(days=28)
    assert renew_open_series(today=later) == 1
    assert before < last() <= later + WINDOW_AHEAD
    assert renew_open_series(today=later) == 0


def test_reminders_go_before_each_date_to_its_own_registrants(drop_in):
    from cms_events.registration.reminders import send_due_reminders

    first = register(drop_in, name="Eerste", email="eerste@example.org", series_date=FIRST)
    themed = register(drop_in, name="Thema", email="thema@example.org", series_date=THEMED)
    called_off = register(
        drop_in, name="Afgelast", email="afgelast@example.org", series_date=date(2027, 4, 5)
    )
    Registration.objects.update(created_at=local(date(2027, 2, 1), 9))
    # The date of 5 April is called off after people registered for it.
    change_dates(drop_in, {"date": date(2027, 4, 5), "status": "cancelled"})

    def reminded(day):
        mail.outbox.clear()
        send_due_reminders(local(day, 10) - timedelta(days=2) + timedelta(minutes=5))
        return sorted(address for message in mail.outbox for address in message.to)

    assert reminded(FIRST) == [first.email]
    assert reminded(date(2027, 4, 5)) == []
    assert reminded(THEMED) == [themed.email]
    assert "maandag 19 april 2027" in mail.outbox[0].body
    assert "Democratie voor iedereen" in mail.outbox[0].body
    assert reminded(THEMED) == []  # never twice
    assert called_off.email not in reminded(date(2027, 4, 26))


def test_a_course_reminds_everyone_before_each_date(series):
    from cms_events.registration.reminders import send_due_reminders

    EventPage.objects.filter(pk=series.pk).update(registration_mode="form")
    course = EventPage.objects.get(pk=series.pk)
    person = register(course, name="Cursist", email="cursist@example.org")
    Registration.objects.update(created_at=local(date(2027, 2, 1), 9))
    for day in (FIRST, date(2027, 3, 8)):
        mail.outbox.clear()
        send_due_reminders(local(day, 10) - timedelta(days=2) + timedelta(minutes=5))
        assert [m.to for m in mail.outbox] == [[person.email]]
        assert day.strftime("%-d") + " maart 2027" in mail.outbox[0].body


def test_the_retention_purge_counts_from_each_date(drop_in):
    from cms_events.registration.privacy import purge_expired_registrations

    early = register(drop_in, name="Vroeg", email="vroeg@example.org", series_date=FIRST)
    late = register(drop_in, name="Laat", email="laat@example.org", series_date=THEMED)
    days = 20
    EventPage.objects.filter(pk=drop_in.pk).update(retention_days=days)
    purge_expired_registrations(now=local(FIRST, 12) + timedelta(days=days, hours=13))
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.anonymised_at is not None and early.email.endswith("@invalid")
    assert late.anonymised_at is None and late.email == "laat@example.org"


def test_a_course_keeps_its_registrations_until_its_last_date(series):
    from cms_events.registration.privacy import purge_expired_registrations

    EventPage.objects.filter(pk=series.pk).update(registration_mode="form", retention_days=7)
    course = EventPage.objects.get(pk=series.pk)
    person = register(course, name="Cursist", email="cursist@example.org")
    purge_expired_registrations(now=local(date(2027, 4, 1), 12))
    person.refresh_from_db()
    assert person.anonymised_at is None
    purge_expired_registrations(now=local(date(2027, 7, 6), 12))
    person.refresh_from_db()
    assert person.anonymised_at is not None


@pytest.mark.parametrize("asked", ["", "2027-04-19", "2027-13-01", "gisteren", "9" * 3000])
def test_the_registrations_view_shows_and_selects_the_date(admin_client, drop_in, asked):
    register(drop_in, name="Eerste", email="eerste@example.org", series_date=FIRST)
    register(drop_in, name="Thema", email="thema@example.org", series_date=THEMED)
    url = reverse("cms_events_registrations", args=[drop_in.pk])
    response = admin_client.get(url, {"datum": asked})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<th scope="col">Datum</th>' in html
    assert "thema@example.org" in html
    assert ("eerste@example.org" in html) is (asked != THEMED.isoformat())


def test_thank_you_mails_after_each_date_or_after_the_course(drop_in, series):
    from cms_events.registration.thank_you_mail import send_due_thank_yous

    link = {"send_thank_you_mail": True, "thank_you_mail_url": "https://example.org/verslag"}
    EventPage.objects.filter(pk=drop_in.pk).update(**link)
    drop_in = EventPage.objects.get(pk=drop_in.pk)
    first = register(drop_in, name="Eerste", email="eerste@example.org", series_date=FIRST)
    register(drop_in, name="Later", email="later@example.org", series_date=THEMED)
    EventPage.objects.filter(pk=series.pk).update(registration_mode="form", **link)
    course = EventPage.objects.get(pk=series.pk)
    register(course, name="Cursist", email="cursist@example.org")

    def thanked(moment):
        mail.outbox.clear()
        # The last check before sending reads the clock too.
        with mock.patch("django.utils.timezone.now", return_value=moment):
            send_due_thank_yous(moment)
        return sorted(address for message in mail.outbox for address in message.to)

    assert thanked(local(FIRST, 16)) == [first.email]
    assert thanked(local(THEMED, 16)) == ["later@example.org"]
    assert thanked(local(date(2027, 6, 21), 16)) == []  # a course is thanked at its end
    assert thanked(local(date(2027, 6, 28), 16)) == ["cursist@example.org"]
    assert thanked(local(date(2027, 6, 28), 18)) == []


def test_a_series_years_ahead_stores_and_writes_all_its_dates(make_event, client):
    far = date(2031, 3, 3)
    event = make_event(
        title="Ver weg",
        start=local(far, 10),
        end=local(far, 11),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays="0",
        repeat_until=date(2031, 6, 30),
    )
    assert len(stored_dates(event)) == 18
    text = client.get(reverse("cms_events:event_ics", args=[event.pk])).content.decode()
    assert len(expanded(text, date(2031, 1, 1), date(2032, 1, 1))) == 18
    assert "UNTIL=20310630T080000Z" in text


def calendar_part(attachment):
    """Return whether a mail attachment is its calendar file (the check-in QR code is another)."""
    return getattr(attachment, "get_content_type", lambda: "")() == "text/calendar"


def test_the_door_of_a_series_with_registration_per_date_is_for_today(make_event, admin_user):
    from cms_events.registration.check_in import door_list, find_by_token, register_walk_in

    today = timezone.localdate()
    event = make_event(
        title="Inloop vandaag",
        start=local(today, 0),
        end=local(today, 23, 59),
        repeat=EventPage.Repeat.WEEKLY,
        repeat_weekdays=str(today.weekday()),
        repeat_count=3,
        registration_mode="form",
        registration_per_date=True,
        capacity=1,
    )
    next_week = today + timedelta(days=7)
    # Today's date has begun: the form is closed for it, the door is open.
    today_person = register(
        event, name="Vandaag", email="vandaag@example.org", series_date=today, at_the_door=True
    )
    later = register(event, name="Later", email="later@example.org", series_date=next_week)
    assert [facts["name"] for facts in door_list(event)] == ["Vandaag"]
    assert find_by_token(event, later.check_in_token) is None
    assert find_by_token(event, today_person.check_in_token) == today_person
    outcome = register_walk_in(
        event,
        name="Binnenloper",
        email="binnen@example.org",
        user=admin_user,
        client_id=uuid.uuid4(),
        over_capacity=True,
        reason="Er was nog een stoel vrij.",
    )
    assert outcome.registration.series_date == today
    assert outcome.registration.checked_in_at is not None


def test_the_self_service_page_shows_the_date_registered_for(client, drop_in, series):
    one_date = register(drop_in, name="Thema", email="thema@example.org", series_date=THEMED)
    html = client.get(reverse("cms_events:registration", args=[one_date.token])).content
    html = html.decode()
    assert "maandag 19 april 2027" in html and "Inloopochtend: Democratie voor iedereen" in html
    assert f"?datum={THEMED.isoformat()}" in html
    EventPage.objects.filter(pk=series.pk).update(registration_mode="form")
    course = register(EventPage.objects.get(pk=series.pk), name="C", email="c@example.org")
    html = client.get(reverse("cms_events:registration", args=[course.token])).content.decode()
    assert "Elke maandag van 10.00 tot 11.30 uur" in html


def test_cancelling_the_series_cancels_every_date_in_every_calendar(client, series, run_on_commit):
    from cms_events.publishing.status_change import change_event_status

    EventPage.objects.filter(pk=series.pk).update(registration_mode="form")
    course = EventPage.objects.get(pk=series.pk)
    with run_on_commit():
        register(course, name="Cursist", email="cursist@example.org")
    mail.outbox.clear()
    sequence = course.sequence
    course = change_event_status(course, status="cancelled", headline="De reeks gaat niet door")
    assert course.sequence > sequence
    assert set(Occurrence.objects.filter(page=course).values_list("status", flat=True)) == {
        "cancelled"
    }
    assert record_change(course, sequence)
    with run_on_commit():
        create_notification(course, message="De leesclub stopt.")
    [message] = mail.outbox
    [part] = [a for a in message.attachments if calendar_part(a)]
    assert part.get_param("method") == "CANCEL"
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    vevents = calendar.walk("VEVENT")
    assert "RRULE" in vevents[0] and "RECURRENCE-ID" not in vevents[0]
    assert {str(v["STATUS"]) for v in vevents} == {"CANCELLED"}
    # The feed and the download say so for every date.
    text = client.get(reverse("cms_events:event_ics", args=[course.pk])).content.decode()
    assert {str(v["STATUS"]) for v in expanded(text)} == {"CANCELLED"}
    assert len(expanded(text)) == len(mondays())


def test_a_date_at_its_own_venue_does_not_take_the_series_meeting_point(series):
    from cms_events.calendar.ical import location_text

    from .test_venues import make_venue

    series.meeting_point = "Bij de balie op de eerste verdieping"
    series.save_revision().publish()
    venue = make_venue(name="Wijkcentrum De Boog")
    event = change_dates(series, {"date": THEMED, "venue": venue})
    moved = event.on_stored_date(THEMED)
    assert moved.place.name == "Wijkcentrum De Boog"
    assert moved.place.meeting_point == ""
    assert "balie" not in location_text(moved)
    # The other dates keep the series' venue and its meeting point.
    assert event.on_stored_date(FIRST).place.meeting_point.startswith("Bij de balie")


def test_a_cancelled_next_date_is_struck_in_the_facts_never_offered_as_the_next_meeting(
    series, client
):
    soup = BeautifulSoup(client.get(series.url).content, "html.parser")
    assert soup.select_one(".event-facts__next time")["datetime"].startswith("2027-03-01")
    assert soup.select_one(".event-facts__next del") is None
    event = change_dates(series, {"date": FIRST, "status": "cancelled"})
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    upcoming = soup.select_one(".event-facts__next")
    assert upcoming.select_one("del time")["datetime"].startswith("2027-03-01")
    assert upcoming.select_one(".event-facts__date-note").get_text(strip=True)


def test_a_new_address_for_every_date_tells_the_registrants_of_every_date_to_come(
    drop_in, run_on_commit
):
    with run_on_commit():
        register(drop_in, name="Op de dag", email="dag@example.org", series_date=THEMED)
        register(drop_in, name="Andere dag", email="ander@example.org", series_date=FIRST)
    facts, sequence = date_facts(drop_in), drop_in.sequence
    # The editor moves the whole series to another street and publishes.
    drop_in.street = "Nieuwe Gracht 12"
    drop_in.save_revision().publish()
    drop_in.refresh_from_db()
    assert drop_in.sequence > sequence
    assert record_change(drop_in, sequence, None, facts)
    assert sorted(recipients(drop_in).values_list("email", flat=True)) == [
        "ander@example.org",
        "dag@example.org",
    ]


def test_on_this_date_shows_the_speaker_and_the_text_of_a_date_that_takes_place_only(
    changed_series, client
):
    themed = BeautifulSoup(
        client.get(f"{changed_series.url}?datum={THEMED.isoformat()}").content, "html.parser"
    )
    details = themed.select_one(".event__date-details")
    assert "Spreker: Anna de Vries" in details.get_text(" ", strip=True)
    # The cancelled date's text is in its banner; no heading stands here without content.
    cancelled = BeautifulSoup(
        client.get(f"{changed_series.url}?datum={CANCELLED.isoformat()}").content, "html.parser"
    )
    assert cancelled.select_one(".event__date-details") is None
