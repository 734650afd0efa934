"""Dates, times and prices of events in Dutch and English words."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from cms_events.formatting import (
    format_clock,
    format_date,
    format_date_range,
    format_event_when,
    format_price,
    format_time,
    format_time_range,
    format_walk_in,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args):
    """Return an aware datetime in Amsterdam wall-clock time."""
    return datetime(*args, tzinfo=AMSTERDAM)


def utc(*args):
    """Return an aware datetime in UTC."""
    return datetime(*args, tzinfo=UTC)


def in_language(language, function, *args):
    """Return what `function` gives for `args` with `language` active."""
    with translation.override(language):
        return function(*args)


# Dates


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "donderdag 21 september 2023"), ("en", "Thursday 21 September 2023")],
)
def test_date_names_weekday_day_month_and_year(language, expected):
    assert in_language(language, format_date, date(2023, 9, 21)) == expected


def test_dutch_date_names_are_lowercase_for_every_month():
    months = [in_language("nl", format_date, date(2025, month, 1)) for month in range(1, 13)]

    assert months == [
        "woensdag 1 januari 2025",
        "zaterdag 1 februari 2025",
        "zaterdag 1 maart 2025",
        "dinsdag 1 april 2025",
        "donderdag 1 mei 2025",
        "zondag 1 juni 2025",
        "dinsdag 1 juli 2025",
        "vrijdag 1 augustus 2025",
        "maandag 1 september 2025",
        "woensdag 1 oktober 2025",
        "zaterdag 1 november 2025",
        "maandag 1 december 2025",
    ]


def test_date_of_aware_datetime_is_the_amsterdam_date():
    assert in_language("nl", format_date, local(2023, 9, 21, 14, 0)) == (
        "donderdag 21 september 2023"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "donderdag 21 september 2023"), ("en", "Thursday 21 September 2023")],
)
def test_utc_datetime_just_before_midnight_prints_the_next_local_day(language, expected):
    # 22.30 UTC on the 20th is 0.30 on the 21st in Amsterdam (summer time).
    assert in_language(language, format_date, utc(2023, 9, 20, 22, 30)) == expected


# Times


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", time(14, 0), "14.00 uur"),
        ("en", time(14, 0), "14:00"),
        ("nl", time(9, 5), "9.05 uur"),
        ("en", time(9, 5), "9:05"),
        ("nl", time(0, 0), "0.00 uur"),
        ("en", time(0, 0), "0:00"),
        ("nl", time(23, 59), "23.59 uur"),
    ],
)
def test_time_has_no_leading_zero_and_dutch_adds_uur(language, value, expected):
    assert in_language(language, format_time, value) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", time(14, 0), "14.00"),
        ("en", time(14, 0), "14:00"),
        ("nl", time(9, 5), "9.05"),
        ("en", time(9, 5), "9:05"),
        ("nl", time(0, 0), "0.00"),
    ],
)
def test_clock_time_has_no_uur(language, value, expected):
    assert in_language(language, format_clock, value) == expected


@pytest.mark.parametrize(("language", "expected"), [("nl", "0.30 uur"), ("en", "0:30")])
def test_time_of_utc_datetime_is_the_amsterdam_wall_clock(language, expected):
    assert in_language(language, format_time, utc(2023, 9, 20, 22, 30)) == expected


def test_naive_time_is_used_as_it_is_whatever_the_current_time_zone():
    with timezone.override(ZoneInfo("America/New_York")):
        assert in_language("nl", format_time, time(14, 0)) == "14.00 uur"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "van 14.00 tot 17.00 uur"), ("en", "from 14:00 to 17:00")],
)
def test_time_range_names_both_ends(language, expected):
    assert in_language(language, format_time_range, time(14, 0), time(17, 0)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "van 9.05 tot 12.30 uur"), ("en", "from 9:05 to 12:30")],
)
def test_time_range_of_aware_datetimes_uses_local_times(language, expected):
    start, end = utc(2023, 9, 21, 7, 5), utc(2023, 9, 21, 10, 30)

    assert in_language(language, format_time_range, start, end) == expected


@pytest.mark.parametrize(("language", "expected"), [("nl", "14.00 uur"), ("en", "14:00")])
def test_time_range_without_end_is_the_start_time(language, expected):
    assert in_language(language, format_time_range, time(14, 0), None) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "inloop vanaf 14.30 uur"), ("en", "walk-in from 14:30")],
)
def test_walk_in_says_from_when_the_doors_open(language, expected):
    assert in_language(language, format_walk_in, time(14, 30)) == expected


# Date ranges


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("nl", date(2025, 10, 3), date(2025, 10, 5), "vrijdag 3 tot en met zondag 5 oktober 2025"),
        ("en", date(2025, 10, 3), date(2025, 10, 5), "Friday 3 to Sunday 5 October 2025"),
        (
            "nl",
            date(2025, 10, 31),
            date(2025, 11, 2),
            "vrijdag 31 oktober tot en met zondag 2 november 2025",
        ),
        (
            "en",
            date(2025, 10, 31),
            date(2025, 11, 2),
            "Friday 31 October to Sunday 2 November 2025",
        ),
        (
            "nl",
            date(2025, 12, 31),
            date(2026, 1, 2),
            "woensdag 31 december 2025 tot en met vrijdag 2 januari 2026",
        ),
        (
            "en",
            date(2025, 12, 31),
            date(2026, 1, 2),
            "Wednesday 31 December 2025 to Friday 2 January 2026",
        ),
        ("nl", date(2025, 10, 4), date(2025, 10, 4), "zaterdag 4 oktober 2025"),
    ],
    ids=[
        "nl-same-month",
        "en-same-month",
        "nl-across-months",
        "en-across-months",
        "nl-across-years",
        "en-across-years",
        "nl-one-day",
    ],
)
def test_date_range_names_a_shared_month_and_year_once(language, start, end, expected):
    assert in_language(language, format_date_range, start, end) == expected


# The complete “when” line


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "donderdag 21 september 2023, van 14.00 tot 17.00 uur"),
        ("en", "Thursday 21 September 2023, from 14:00 to 17:00"),
    ],
)
def test_when_of_a_single_day_gives_date_and_time_range(language, expected):
    start, end = local(2023, 9, 21, 14, 0), local(2023, 9, 21, 17, 0)

    assert in_language(language, format_event_when, start, end) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "donderdag 21 september 2023, vanaf 14.00 uur"),
        ("en", "Thursday 21 September 2023, from 14:00"),
    ],
)
def test_when_without_end_is_an_open_end_from_the_start_time(language, expected):
    assert in_language(language, format_event_when, local(2023, 9, 21, 14, 0), None) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "zaterdag 4 oktober 2025"), ("en", "Saturday 4 October 2025")],
)
def test_when_of_a_single_all_day_event_is_the_date_only(language, expected):
    start, end = local(2025, 10, 4, 0, 0), local(2025, 10, 4, 23, 59)

    assert in_language(language, format_event_when, start, end, True) == expected


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        (
            "nl",
            local(2025, 10, 3, 0, 0),
            local(2025, 10, 5, 0, 0),
            "vrijdag 3 tot en met zondag 5 oktober 2025",
        ),
        (
            "en",
            local(2025, 10, 3, 0, 0),
            local(2025, 10, 5, 0, 0),
            "Friday 3 to Sunday 5 October 2025",
        ),
        (
            "nl",
            local(2025, 10, 31, 0, 0),
            local(2025, 11, 2, 23, 59),
            "vrijdag 31 oktober tot en met zondag 2 november 2025",
        ),
        (
            "en",
            local(2025, 10, 31, 0, 0),
            local(2025, 11, 2, 23, 59),
            "Friday 31 October to Sunday 2 November 2025",
        ),
        (
            "nl",
            local(2025, 12, 31, 0, 0),
            local(2026, 1, 2, 23, 59),
            "woensdag 31 december 2025 tot en met vrijdag 2 januari 2026",
        ),
        (
            "en",
            local(2025, 12, 31, 0, 0),
            local(2026, 1, 2, 23, 59),
            "Wednesday 31 December 2025 to Friday 2 January 2026",
        ),
    ],
    ids=[
        "nl-same-month",
        "en-same-month",
        "nl-across-months",
        "en-across-months",
        "nl-across-years",
        "en-across-years",
    ],
)
def test_when_of_a_multi_day_all_day_event_includes_the_last_day(language, start, end, expected):
    assert in_language(language, format_event_when, start, end, True) == expected


def test_when_of_an_all_day_event_takes_the_last_day_in_amsterdam():
    # 23.00 UTC on 4 October is 1.00 on 5 October in Amsterdam: the 5th is the last day.
    start, end = utc(2025, 10, 2, 22, 0), utc(2025, 10, 4, 23, 0)

    assert in_language("nl", format_event_when, start, end, True) == (
        "vrijdag 3 tot en met zondag 5 oktober 2025"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "vrijdag 3 oktober 2025, 10.00 uur tot en met zondag 5 oktober 2025, 16.00 uur"),
        ("en", "Friday 3 October 2025, 10:00 to Sunday 5 October 2025, 16:00"),
    ],
)
def test_when_of_a_multi_day_event_with_times_gives_both_moments(language, expected):
    start, end = local(2025, 10, 3, 10, 0), local(2025, 10, 5, 16, 0)

    assert in_language(language, format_event_when, start, end) == expected


# Daylight saving time: the clocks change on the last Sundays of March and October.


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "zondag 30 maart 2025, van 10.00 tot 16.00 uur"),
        ("en", "Sunday 30 March 2025, from 10:00 to 16:00"),
    ],
)
def test_when_on_the_spring_clock_change_prints_amsterdam_summer_time(language, expected):
    # Summer time (UTC+2) starts at 2.00 local: 10.00 local is 8.00 UTC.
    start, end = utc(2025, 3, 30, 8, 0), utc(2025, 3, 30, 14, 0)

    assert in_language(language, format_event_when, start, end) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "zondag 26 oktober 2025, van 10.00 tot 16.00 uur"),
        ("en", "Sunday 26 October 2025, from 10:00 to 16:00"),
    ],
)
def test_when_on_the_autumn_clock_change_prints_amsterdam_winter_time(language, expected):
    # Winter time (UTC+1) starts at 3.00 local: 10.00 local is 9.00 UTC.
    start, end = utc(2025, 10, 26, 9, 0), utc(2025, 10, 26, 15, 0)

    assert in_language(language, format_event_when, start, end) == expected


def test_when_spanning_the_spring_clock_change_uses_each_days_own_offset():
    start, end = utc(2025, 3, 29, 9, 0), utc(2025, 3, 30, 14, 0)

    assert in_language("nl", format_event_when, start, end) == (
        "zaterdag 29 maart 2025, 10.00 uur tot en met zondag 30 maart 2025, 16.00 uur"
    )


def test_when_starting_just_after_midnight_utc_minus_offset_is_on_the_next_local_day():
    # 22.15 UTC on Saturday 25 October is 0.15 on Sunday in Amsterdam (still summer time).
    start, end = utc(2025, 10, 25, 22, 15), utc(2025, 10, 26, 1, 30)

    assert in_language("nl", format_event_when, start, end) == (
        "zondag 26 oktober 2025, van 0.15 tot 2.30 uur"
    )


# Prices


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("nl", Decimal("25"), "€ 25,00"),
        ("en", Decimal("25"), "€25.00"),
        ("nl", Decimal("1250.5"), "€ 1.250,50"),
        ("en", Decimal("1250.5"), "€1,250.50"),
    ],
)
def test_price_is_in_euros_with_cents(language, value, expected):
    assert in_language(language, format_price, value) == expected


# Template library


def render(language, source, **context):
    """Render `source` after loading the library, with `language` active."""
    with translation.override(language):
        return Template("{% load event_formatting %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "donderdag 21 september 2023|14.00 uur|14.00|inloop vanaf 13.30 uur|€ 25,00"),
        ("en", "Thursday 21 September 2023|14:00|14:00|walk-in from 13:30|€25.00"),
    ],
)
def test_template_filters_call_the_formatting_functions(language, expected):
    source = "{{ start|event_date }}|{{ start|event_time }}|{{ start|event_clock }}|"
    source += "{{ doors|walk_in }}|{{ amount|price }}"
    context = {"start": utc(2023, 9, 21, 12, 0), "doors": time(13, 30), "amount": Decimal(25)}

    assert render(language, source, **context) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "van 14.00 tot 17.00 uur|donderdag 21 september 2023, van 14.00 tot 17.00 uur"),
        ("en", "from 14:00 to 17:00|Thursday 21 September 2023, from 14:00 to 17:00"),
    ],
)
def test_template_tags_give_time_range_and_when_line(language, expected):
    source = "{% time_range start end %}|{% event_when start end all_day %}"
    context = {"start": local(2023, 9, 21, 14, 0), "end": local(2023, 9, 21, 17, 0)}

    assert render(language, source, all_day=False, **context) == expected


def test_template_event_when_tag_honours_all_day():
    source = "{% event_when start end all_day %}"
    context = {"start": local(2025, 10, 3, 0, 0), "end": local(2025, 10, 5, 0, 0)}

    assert render("nl", source, all_day=True, **context) == (
        "vrijdag 3 tot en met zondag 5 oktober 2025"
    )


def test_template_filters_give_nothing_for_missing_values():
    source = "[{{ missing|event_date }}{{ missing|event_time }}{{ missing|walk_in }}"
    source += "{{ missing|price }}{{ none|event_clock }}]"

    assert render("nl", source, none=None) == "[]"
