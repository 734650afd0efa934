"""Series rules: the dates they give (dateutil's rrule, the Dutch public holidays, the editor's
exceptions and extra dates) and the rule in one Dutch or English sentence."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from cms_events.calendar.recurrence import (
    MAX_DATES,
    MONTHLY_BY_DATE,
    MONTHLY_BY_WEEKDAY,
    WEEKLY,
    Recurrence,
    RuleError,
    describe,
    next_dates,
    public_holidays,
    series_dates,
)


def days_of(rule, **kwargs):
    return [entry.day for entry in series_dates(rule, **kwargs) if entry.skipped is None]


@pytest.fixture
def drop_in():
    """The library's drop-in: every Wednesday morning in the first half of 2026."""
    return Recurrence(
        WEEKLY,
        date(2026, 1, 7),
        time(10),
        time(11, 30),
        weekdays=(2,),
        until=date(2026, 6, 24),
        skip_public_holidays=True,
    )


def test_the_rule_reads_back_as_the_editor_would_say_it(drop_in):
    with translation.override("nl"):
        assert describe(drop_in) == (
            "Elke woensdag van 10.00 tot 11.30 uur, van 7 januari tot en met 24 juni 2026, "
            "niet op feestdagen"
        )
    with translation.override("en"):
        assert describe(drop_in) == (
            "Every Wednesday from 10:00 to 11:30, from 7 January through 24 June 2026, "
            "not on public holidays"
        )


def test_every_wednesday_gives_every_wednesday_of_the_period(drop_in):
    days = days_of(drop_in)
    assert days[0] == date(2026, 1, 7) and days[-1] == date(2026, 6, 24)
    assert len(days) == 25
    assert all(day.weekday() == 2 for day in days)
    assert all(later - earlier == timedelta(weeks=1) for earlier, later in pairwise(days))


def test_mondays_leave_out_easter_kings_day_and_whit_monday_with_their_dutch_names():
    rule = Recurrence(
        WEEKLY,
        date(2026, 3, 30),
        time(19),
        time(21),
        weekdays=(0,),
        until=date(2026, 6, 1),
        skip_public_holidays=True,
    )
    skipped = {
        entry.day: entry.skipped
        for entry in series_dates(rule, include_skipped=True)
        if entry.skipped
    }
    assert skipped == {
        date(2026, 4, 6): "Tweede paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 25): "Tweede pinksterdag",
    }
    assert not set(days_of(rule)) & set(skipped)
    with_holidays = Recurrence(WEEKLY, date(2026, 3, 30), weekdays=(0,), until=date(2026, 6, 1))
    assert set(days_of(with_holidays)) - set(days_of(rule)) == set(skipped)


def test_a_number_of_times_counts_the_dates_that_take_place():
    rule = Recurrence(WEEKLY, date(2026, 3, 30), weekdays=(0,), count=10, skip_public_holidays=True)
    days = days_of(rule)
    assert len(days) == 10
    assert date(2026, 4, 6) not in days
    # Ten Mondays from 30 March, with Easter Monday, King's Day and Whit Monday skipped.
    assert days[-1] == date(2026, 6, 22)
    with translation.override("nl"):
        assert describe(rule) == "Elke maandag, vanaf 30 maart 2026, 10 keer, niet op feestdagen"


def test_every_two_weeks_on_two_days_counts_weeks_from_the_first():
    rule = Recurrence(WEEKLY, date(2026, 1, 5), interval=2, weekdays=(2, 0), count=6)
    assert days_of(rule) == [
        date(2026, 1, 5),
        date(2026, 1, 7),
        date(2026, 1, 19),
        date(2026, 1, 21),
        date(2026, 2, 2),
        date(2026, 2, 4),
    ]
    with translation.override("nl"):
        assert describe(rule).startswith("Om de 2 weken op maandag en woensdag, vanaf 5 januari")


def test_monthly_on_a_date_and_on_the_first_or_last_weekday():
    on_the_15th = Recurrence(MONTHLY_BY_DATE, date(2026, 1, 15), count=3)
    assert days_of(on_the_15th) == [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)]
    first_wednesday = Recurrence(MONTHLY_BY_WEEKDAY, date(2026, 1, 7), week_of_month=1, count=3)
    assert days_of(first_wednesday) == [date(2026, 1, 7), date(2026, 2, 4), date(2026, 3, 4)]
    last_friday = Recurrence(
        MONTHLY_BY_WEEKDAY, date(2026, 1, 30), week_of_month=-1, interval=2, count=3
    )
    assert days_of(last_friday) == [date(2026, 1, 30), date(2026, 3, 27), date(2026, 5, 29)]
    with translation.override("nl"):
        assert describe(on_the_15th).startswith("Elke maand op de 15e, vanaf 15 januari 2026")
        assert describe(first_wednesday).startswith("Elke eerste woensdag van de maand,")
        assert describe(last_friday).startswith("Om de 2 maanden op de laatste vrijdag,")
    with translation.override("en"):
        assert describe(first_wednesday).startswith("Every first Wednesday of the month,")


def test_left_out_and_extra_dates(drop_in):
    rule = Recurrence(
        WEEKLY,
        date(2026, 1, 7),
        time(10),
        time(11, 30),
        weekdays=(2,),
        until=date(2026, 2, 25),
        exceptions=frozenset({date(2026, 2, 4)}),
        extra_dates=frozenset({date(2026, 2, 6), date(2026, 3, 4)}),
    )
    entries = series_dates(rule, include_skipped=True)
    assert [(e.day, e.skipped, e.extra) for e in entries if e.skipped or e.extra] == [
        (date(2026, 2, 4), "vervalt", False),
        (date(2026, 2, 6), None, True),
        (date(2026, 3, 4), None, True),
    ]
    assert date(2026, 2, 4) not in days_of(rule)
    with translation.override("nl"):
        assert describe(rule).endswith(
            ", niet op 4 februari 2026, ook op 6 februari 2026 en 4 maart 2026"
        )


def test_a_holiday_the_editor_adds_back_takes_place():
    rule = Recurrence(
        WEEKLY,
        date(2026, 4, 20),
        weekdays=(0,),
        until=date(2026, 5, 4),
        skip_public_holidays=True,
        extra_dates=frozenset({date(2026, 4, 27)}),
    )
    assert days_of(rule) == [date(2026, 4, 20), date(2026, 4, 27), date(2026, 5, 4)]


def test_an_open_series_is_read_in_a_window_and_has_no_invented_end():
    rule = Recurrence(WEEKLY, date(2026, 1, 7), time(10), None, weekdays=(2,))
    assert days_of(rule, through=date(2026, 1, 31)) == [
        date(2026, 1, 7),
        date(2026, 1, 14),
        date(2026, 1, 21),
        date(2026, 1, 28),
    ]
    assert next_dates(rule, date(2026, 11, 27), number=3) == [
        date(2026, 12, 2),
        date(2026, 12, 9),
        date(2026, 12, 16),
    ]
    with translation.override("nl"):
        assert describe(rule) == "Elke woensdag vanaf 10.00 uur, vanaf 7 januari 2026"


def test_no_rule_gives_more_than_the_maximum():
    rule = Recurrence(WEEKLY, date(2026, 1, 5), weekdays=tuple(range(7)))
    assert len(days_of(rule, through=date(2040, 1, 1))) == MAX_DATES


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"frequency": "daily"}, "frequency"),
        ({"weekdays": ()}, "weekdays"),
        ({"weekdays": (7,)}, "weekdays"),
        ({"interval": 0}, "interval"),
        ({"until": date(2025, 12, 31)}, "until"),
        ({"count": 0}, "count"),
        ({"count": MAX_DATES + 1}, "count"),
        ({"until": date(2026, 6, 1), "count": 3}, None),
        ({"start_time": time(12), "end_time": time(11)}, "end_time"),
        ({"end_time": time(11)}, "start_time"),
        ({"extra_dates": frozenset({date(2026, 1, 1)})}, "extra_dates"),
        ({"frequency": MONTHLY_BY_WEEKDAY, "week_of_month": 5}, "week_of_month"),
        ({"frequency": MONTHLY_BY_DATE, "first": date(2026, 1, 31)}, "first"),
        # Its window would pass the last date Python knows (an OverflowError, not a message).
        ({"first": date(9999, 12, 29)}, "first"),
        # So would the day after a last or an extra date there.
        ({"until": date(9999, 12, 31)}, "until"),
        ({"count": 3, "extra_dates": frozenset({date(9999, 12, 31)})}, "extra_dates"),
    ],
)
def test_rules_that_give_no_sensible_dates_are_refused_in_dutch(changes, field):
    arguments = {"frequency": WEEKLY, "first": date(2026, 1, 7), "weekdays": (2,), **changes}
    with translation.override("nl"), pytest.raises(RuleError) as refused:
        Recurrence(**arguments)
    assert refused.value.field == field
    assert str(refused.value)[0].isupper() and str(refused.value).endswith(".")


rules = st.builds(
    lambda frequency, first, interval, weekdays, week, end, skip, exceptions, extras: Recurrence(
        frequency,
        first,
        interval=interval,
        weekdays=weekdays,
        week_of_month=week,
        until=first + timedelta(days=end) if end and end > 0 else None,
        count=-end if end and end < 0 else None,
        skip_public_holidays=skip,
        exceptions=frozenset(first + timedelta(days=n) for n in exceptions),
        extra_dates=frozenset(first + timedelta(days=n) for n in extras),
    ),
    st.sampled_from([WEEKLY, MONTHLY_BY_DATE, MONTHLY_BY_WEEKDAY]),
    st.dates(date(2025, 1, 1), date(2030, 12, 28)).filter(lambda day: day.day <= 28),
    st.integers(1, 4),
    st.sets(st.integers(0, 6), min_size=1, max_size=7).map(tuple),
    st.sampled_from([1, 2, 3, 4, -1]),
    st.one_of(st.none(), st.integers(-60, 800)),
    st.booleans(),
    st.lists(st.integers(0, 400), max_size=5),
    st.lists(st.integers(0, 400), max_size=5),
)


@settings(max_examples=150, deadline=None)
@given(rules)
def test_the_dates_of_any_rule_keep_its_promises(rule):
    entries = series_dates(rule, include_skipped=True)
    days = [entry.day for entry in entries if entry.skipped is None]
    assert days == sorted(set(days))
    assert all(day >= rule.first for day in days)
    regular = [entry.day for entry in entries if entry.skipped is None and not entry.extra]
    if rule.count is not None:
        assert len(regular) <= rule.count
    if rule.until is not None:
        assert all(day <= rule.until for day in regular)
    holidays = public_holidays(sorted({day.year for day in days} | {rule.first.year}))
    for day in regular:
        assert day not in rule.exceptions or day in rule.extra_dates
        if rule.skip_public_holidays:
            assert day not in holidays or day in rule.extra_dates
    for entry in entries:
        if entry.skipped is not None:
            assert entry.day not in rule.extra_dates


# The rule in iCalendar, read back by two independent readers


def series_calendar(rule, *, through=None, length=timedelta(hours=1, minutes=30)):
    """Return the .ics text of one VEVENT carrying `rule`."""
    from icalendar import Event

    from cms_events.calendar.ical import (
        TZID,
        new_calendar,
        recurrence_properties,
        series_moment,
    )

    calendar = new_calendar()
    vevent = Event()
    vevent.add("uid", "reeks@cms-events")
    vevent.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
    vevent.add("summary", "Inloopochtend")
    start = series_moment(rule, rule.first)
    if rule.start_time is None:
        vevent.add("dtstart", start)
    else:
        vevent.add("dtstart", start, parameters={"TZID": TZID})
        vevent.add("dtend", start + length, parameters={"TZID": TZID})
    for name, value, parameters in recurrence_properties(rule, through=through):
        vevent.add(name, value, parameters=parameters)
    calendar.add_component(vevent)
    return calendar.to_ical().decode()


def expanded_by_recurring_ical_events(text, last):
    import recurring_ical_events
    from icalendar import Calendar

    occurrences = recurring_ical_events.of(Calendar.from_ical(text)).between(
        date(2020, 1, 1), last + timedelta(days=1)
    )
    return sorted(
        (o["DTSTART"].dt.date() if hasattr(o["DTSTART"].dt, "date") else o["DTSTART"].dt)
        for o in occurrences
    )


def expanded_by_the_strict_parser(text, last):
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(text)
    days = []
    for event in calendar.timeline_tz(ZoneInfo("Europe/Amsterdam")):
        day = (
            event.start
            if isinstance(event.start, date) and not isinstance(event.start, datetime)
            else event.start.date()
        )
        if day > last:
            break
        days.append(day)
    return days


SERIES = {
    "weekly, holidays skipped, until": Recurrence(
        WEEKLY,
        date(2026, 3, 30),
        time(19),
        time(21),
        weekdays=(0,),
        until=date(2026, 6, 29),
        skip_public_holidays=True,
    ),
    "weekly, counted, a date left out and one added": Recurrence(
        WEEKLY,
        date(2026, 3, 23),
        time(10),
        time(11, 30),
        weekdays=(0, 3),
        count=12,
        skip_public_holidays=True,
        exceptions=frozenset({date(2026, 4, 2)}),
        extra_dates=frozenset({date(2026, 4, 11)}),
    ),
    "every first Wednesday, across the change to summer time": Recurrence(
        MONTHLY_BY_WEEKDAY, date(2026, 1, 7), time(20), time(22), week_of_month=1, count=6
    ),
    "every last Friday, every two months, open": Recurrence(
        MONTHLY_BY_WEEKDAY, date(2026, 1, 30), time(16), time(17), week_of_month=-1, interval=2
    ),
    "monthly on the 15th, all day": Recurrence(MONTHLY_BY_DATE, date(2026, 1, 15), count=5),
}


@pytest.mark.parametrize("name", SERIES)
def test_two_independent_readers_expand_the_ics_to_exactly_the_dates_of_the_rule(name):
    rule = SERIES[name]
    through = date(2027, 1, 31)
    expected = days_of(rule, through=through)
    text = series_calendar(rule, through=through)
    assert "COUNT=" not in text
    assert expanded_by_recurring_ical_events(text, expected[-1]) == expected
    assert expanded_by_the_strict_parser(text, expected[-1]) == expected
    if rule.start_time is not None:
        # Every date at its local time, summer or winter.
        import recurring_ical_events
        from icalendar import Calendar

        for occurrence in recurring_ical_events.of(Calendar.from_ical(text)).between(
            date(2026, 1, 1), through
        ):
            start = occurrence["DTSTART"].dt.astimezone(ZoneInfo("Europe/Amsterdam"))
            assert start.time() == rule.start_time
