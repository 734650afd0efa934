"""iCalendar output: one builder, parsed back with icalendar and the strict `ical` parser."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from wagtail.models import Locale

from cms_events.calendar.ical import build_event_calendar, build_feed
from cms_events.models import EventPage
from cms_events.publishing.status_change import change_event_status
from home.demo_events import local

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parse_both(calendar):
    """Parse with icalendar and with the strict RFC 5545 parser; return the icalendar one."""
    text = calendar.to_ical().decode()
    IcsCalendarStream.calendar_from_ics(text)
    return Calendar.from_ical(text)


def vevent(calendar):
    return calendar.walk("VEVENT")[0]


def test_download_has_no_method_and_the_facts(make_event):
    event = make_event(title="Café", organiser="Divosa", meeting_point="hal")
    parsed = parse_both(build_event_calendar(event, url="https://example.org/cafe/"))
    assert "METHOD" not in parsed
    assert "X-WR-CALNAME" not in parsed
    entry = vevent(parsed)
    assert str(entry["SUMMARY"]) == "Café"
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert int(entry["SEQUENCE"]) == 0
    assert str(entry["LOCATION"]) == "Stadskantoor, Stadsplateau 1, 3521 AZ Utrecht (hal)"
    assert str(entry["URL"]) == "https://example.org/cafe/"
    assert "https://example.org/cafe/" in str(entry["DESCRIPTION"])
    assert entry["DTSTAMP"].dt.tzinfo is not None
    assert entry["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert entry["ORGANIZER"].params["CN"] == "Divosa"


def test_uid_is_shared_by_translations_and_independent_of_the_host(make_event):
    event = make_event()
    english = event.copy_for_translation(
        Locale.objects.get_or_create(language_code="en")[0], copy_parents=True
    )
    uids = {
        str(vevent(parse_both(build_event_calendar(page, url=url)))["UID"])
        for page, url in ((event, "https://a.example/x/"), (english, "https://b.example/en/x/"))
    }
    assert len(uids) == 1
    assert "example" not in uids.pop()


def test_cancelled_event_has_cancelled_status_and_higher_sequence(make_event):
    event = make_event()
    before = vevent(parse_both(build_event_calendar(event, url="https://x/")))
    event = change_event_status(event, status="cancelled")
    after = vevent(parse_both(build_event_calendar(event, url="https://x/")))
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["UID"] == before["UID"]


def test_cancel_method_for_mail(make_event):
    event = make_event()
    parsed = parse_both(
        build_event_calendar(
            event, url="https://x/", method="CANCEL", attendee=("a@example.org", "A")
        )
    )
    assert str(parsed["METHOD"]) == "CANCEL"
    assert str(vevent(parsed)["STATUS"]) == "CANCELLED"
    assert str(vevent(parsed)["ATTENDEE"]) == "mailto:a@example.org"


def test_all_day_event_has_dates_with_exclusive_end(make_event):
    day = timezone.localdate() + timedelta(days=10)
    event = make_event(start=local(day, 0), end=local(day + timedelta(days=2), 0), all_day=True)
    entry = vevent(parse_both(build_event_calendar(event, url="https://x/")))
    assert entry["DTSTART"].dt == day
    assert entry["DTEND"].dt == day + timedelta(days=3)


def test_multi_day_event_with_times(make_event):
    day = timezone.localdate() + timedelta(days=10)
    event = make_event(start=local(day, 9, 30), end=local(day + timedelta(days=1), 16, 30))
    entry = vevent(parse_both(build_event_calendar(event, url="https://x/")))
    assert entry["DTSTART"].dt == local(day, 9, 30)
    assert entry["DTEND"].dt == local(day + timedelta(days=1), 16, 30)


def test_online_event_location_is_the_link(make_event):
    event = make_event(venue_name="", street="", postcode="", city="", online_url="https://x.nl/w")
    entry = vevent(parse_both(build_event_calendar(event, url="https://x/")))
    assert str(entry["LOCATION"]) == "https://x.nl/w"


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2030])
@pytest.mark.parametrize(
    ("month", "day_of_month_rule", "local_times"),
    [
        # Spring: 02:00 does not exist; 01:59 is CET, 03:00 is CEST.
        (3, "last-sunday", [(1, 59), (3, 0), (3, 1)]),
        # Autumn: 03:00 CEST becomes 02:00 CET; 01:59 is CEST, 03:00 CET.
        (10, "last-sunday", [(1, 59), (3, 0), (4, 0)]),
    ],
)
def test_vtimezone_matches_zoneinfo_at_dst_changes(
    make_event, year, month, day_of_month_rule, local_times
):
    last = datetime(year, month + 1, 1) - timedelta(days=1)
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)
    for hour, minute in local_times:
        wall = datetime(sunday.year, sunday.month, sunday.day, hour, minute)
        expected = wall.replace(tzinfo=AMSTERDAM).astimezone(UTC)
        start = expected
        event = make_event(
            start=start,
            end=start + timedelta(hours=1),
            program=[],
            slug=f"dst-{year}-{month}-{hour}-{minute}",
        )
        text = build_event_calendar(event, url="https://x/").to_ical().decode()
        strict = IcsCalendarStream.calendar_from_ics(text).events[0]
        assert strict.dtstart.astimezone(UTC) == expected, (year, month, hour, minute)
        loose = vevent(Calendar.from_ical(text))["DTSTART"].dt
        assert loose.astimezone(UTC) == expected, (year, month, hour, minute)


def vtimezone_offset(vtimezone, instant):
    """Return the UTC offset the VTIMEZONE's own rules give at a UTC instant.

    Evaluated here from DTSTART, RRULE and TZOFFSETTO, not by the parsers, which may look the
    TZID up by name and so never read the rules we wrote.
    """
    transitions = []
    for rule in vtimezone.walk():
        if rule.name not in ("STANDARD", "DAYLIGHT"):
            continue
        offset_from = rule["TZOFFSETFROM"].td
        offset_to = rule["TZOFFSETTO"].td
        first = rule["DTSTART"].dt
        recurrence = rrulestr(rule["RRULE"].to_ical().decode(), dtstart=first)
        for wall in recurrence.between(first, datetime(2100, 1, 1), inc=True):
            transitions.append(((wall - offset_from).replace(tzinfo=UTC), offset_to))
    naive = instant.astimezone(UTC)
    return max((t for t in transitions if t[0] <= naive), key=lambda t: t[0])[1]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2030, 2045])
def test_written_vtimezone_rules_match_zoneinfo_around_every_change(make_event, year):
    event = make_event()
    calendar = Calendar.from_ical(build_event_calendar(event, url="https://x/").to_ical())
    vtimezone = calendar.walk("VTIMEZONE")[0]
    for month in (3, 10):
        last = datetime(year, month + 1, 1) - timedelta(days=1)
        sunday = last - timedelta(days=(last.weekday() + 1) % 7)
        change = datetime(sunday.year, sunday.month, sunday.day, 1, tzinfo=UTC)
        for minutes in (-61, -1, 0, 1, 59, 61):
            instant = change + timedelta(minutes=minutes)
            expected = instant.astimezone(AMSTERDAM).utcoffset()
            assert vtimezone_offset(vtimezone, instant) == expected, (instant, expected)


def test_feed_has_name_refresh_and_keeps_cancelled_events(make_event):
    first = make_event(title="Eerste")
    second = make_event(title="Tweede")
    change_event_status(second, status="cancelled")
    second.refresh_from_db()
    feed = parse_both(build_feed([first, second], name="Agenda", url_for=lambda e: "https://x/"))
    assert str(feed["X-WR-CALNAME"]) == "Agenda"
    assert "REFRESH-INTERVAL" in feed
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
    assert statuses == {"Eerste": "CONFIRMED", "Tweede": "CANCELLED"}
    assert len(feed.walk("VTIMEZONE")) == 1


def test_no_personal_data_in_a_download(make_event):
    from cms_events.registration.services import register

    event = make_event(registration_mode="form")
    register(event, name="Geheim Persoon", email="geheim@example.org")
    text = build_event_calendar(event, url="https://x/").to_ical().decode()
    assert "geheim" not in text.lower()


def test_the_feeds_writer_writes_exactly_what_icalendar_writes(make_event):
    """`write_vevent` (the feed) against icalendar's own serialiser, on every kind of event:
    long and non-ASCII lines, text to escape, all-day, open end, statuses, online, an
    organiser whose name must be quoted, and a series with its rule, holidays, left-out and
    extra dates and a changed date."""
    from datetime import date

    from cms_events.calendar.ical import component, vevents_properties, write_vevent
    from cms_events.models import SeriesDateChange

    long_dutch = "Een lange inleiding met accenten: café, één, ‘aanhalingstekens’ – " * 6
    local = timezone.get_current_timezone()
    first = datetime(2027, 3, 1, 10, tzinfo=local)
    events = [
        make_event(title="Kort"),
        make_event(title="Lang " * 30, intro=long_dutch, meeting_point="hal " * 40),
        make_event(title="Hele dag", all_day=True, organiser="Gemeente Utrecht"),
        make_event(
            title="Tekens; komma's, \\ en 🎉",
            intro='Regel één;\nregel twee, met "aanhalingstekens"',
            organiser='Stichting \'t "Huis", Utrecht; Noord',
            end=None,
        ),
        make_event(title="Afgelast", status="cancelled", city="Zwolle"),
        make_event(title="Online", status="moved_online", online_url="https://meet.example.org/x"),
        make_event(
            title="Elke maandag",
            start=first,
            end=first + timedelta(hours=1, minutes=30),
            repeat="weekly",
            repeat_weekdays="0",
            repeat_until=date(2027, 6, 28),
            skip_public_holidays=True,
        ),
        make_event(
            title="Elke eerste dinsdag, hele dag",
            start=datetime(2027, 3, 2, tzinfo=local),
            end=None,
            all_day=True,
            repeat="monthly_by_weekday",
            repeat_week_of_month=1,
            repeat_count=8,
        ),
    ]
    series = events[6]
    for fields in (
        {"date": date(2027, 3, 8), "kind": SeriesDateChange.LEFT_OUT},
        {"date": date(2027, 7, 5), "kind": SeriesDateChange.EXTRA},
        {"date": date(2027, 4, 12), "status": "cancelled", "text": "Dicht."},
        {"date": date(2027, 4, 19), "subtitle": "Democratie, voor iedereen", "speaker": "An"},
    ):
        series.date_changes.add(SeriesDateChange(locale=series.locale, **fields))
    series.save_revision().publish()
    events[6] = EventPage.objects.get(pk=series.pk)

    names = set()
    for event in events:
        url = "https://example.org/agenda/" + "x" * 90 + "/"
        for properties in vevents_properties(event, url=url):
            text = write_vevent(properties)
            assert text == component(properties).to_ical()
            names |= {name.upper() for name, _value, _parameters in properties}
            assert all(len(line) <= 75 for line in text.split(b"\r\n"))
    # Every property the builder writes was compared.
    assert names >= {
        "UID", "DTSTAMP", "SEQUENCE", "STATUS", "SUMMARY", "DESCRIPTION", "DTSTART", "DTEND",
        "LOCATION", "URL", "ORGANIZER", "LAST-MODIFIED", "RRULE", "EXDATE", "RDATE",
        "RECURRENCE-ID",
    }  # fmt: skip


def test_the_feeds_folding_cuts_where_icalendar_cuts():
    """Lines of every length around the limits, with an escape character (\\ or ^) at each
    place a cut can fall, and non-ASCII lines (which icalendar folds)."""
    from icalendar.parser import Contentline

    from cms_events.calendar.ical import fold

    lines = []
    for length in (*range(70, 80), *range(145, 155), 300):
        base = "DESCRIPTION:" + "abcdefghij" * 40
        lines.append(base[:length])
        for place in range(60, length):
            for escape in ("\\n", "\\,", "^^"):
                lines.append((base[:place] + escape + base)[:length])
        lines.append(("DESCRIPTION:café " * 40)[:length])
    for line in lines:
        assert fold(line) == Contentline(line).to_ical(), line
