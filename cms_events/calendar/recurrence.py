"""Series: the dates a recurrence rule gives, and the rule in words (pure: no database, no HTTP).

An editor sets a rule in everyday terms: every week on given days, every N weeks, monthly on a
date or on “the first Wednesday”, from a first date, until a date, a number of times, or open.
`dateutil.rrule` computes the dates (RFC 5545's RRULE, which the .ics of a series carries as
it is); the `holidays` package knows the Dutch public holidays a series may skip. Dates the
editor leaves out and extra dates the editor adds come on top.

A number of times counts the dates that take place: a course of ten mornings that skips Easter
Monday still has ten mornings. Extra dates are not counted; they are extra.
"""

import functools
import itertools
import types
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import holidays
from dateutil import rrule
from django.utils import dateformat
from django.utils.dates import WEEKDAYS
from django.utils.text import get_text_list
from django.utils.translation import gettext, ngettext, pgettext

from cms_events.formatting import format_open_end, format_time_range

WEEKLY = "weekly"
MONTHLY_BY_DATE = "monthly_by_date"
MONTHLY_BY_WEEKDAY = "monthly_by_weekday"
FREQUENCIES = (WEEKLY, MONTHLY_BY_DATE, MONTHLY_BY_WEEKDAY)

# The country whose public holidays a series may skip.
HOLIDAY_COUNTRY = "NL"

# A series never yields more dates than this, whatever its rule: an open series is read in a
# window, a closed one is short enough for people to follow.
MAX_DATES = 1000

# How far ahead an open series is read when no window is asked for.
OPEN_HORIZON = timedelta(days=366)

# A series starts before this date: its dates are read a window ahead of the first (a year and
# more), and Python's dates end with the year 9999.
FIRST_BEFORE = date(3000, 1, 1)

# “the first Wednesday” … “the fourth”, and -1 for “the last”.
WEEKS_OF_MONTH = (1, 2, 3, 4, -1)


class RuleError(ValueError):
    """A rule that gives no sensible dates; `field` names the part the editor should change."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Recurrence:
    """A series' rule. Weekdays are 0 (Monday) to 6 (Sunday), as `date.weekday()` gives them.

    weekly: `weekdays` (one or more), every `interval` weeks, counted from the week of `first`.
    monthly_by_date: on the day of the month of `first`, every `interval` months.
    monthly_by_weekday: on `week_of_month` (1–4, or -1 for the last) of the weekday of `first`.
    """

    frequency: str
    first: date
    start_time: time | None = None
    end_time: time | None = None
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    week_of_month: int | None = None
    until: date | None = None
    count: int | None = None
    skip_public_holidays: bool = False
    exceptions: frozenset[date] = field(default_factory=frozenset)
    extra_dates: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self):
        check(self)


def check(rule):
    """Raise `RuleError` (in the active language) when `rule` cannot give dates."""
    if rule.frequency not in FREQUENCIES:
        raise RuleError(gettext("Choose how often the event repeats."), "frequency")
    if rule.first >= FIRST_BEFORE:
        raise RuleError(
            gettext("A series starts before the year %(year)s.") % {"year": FIRST_BEFORE.year},
            "first",
        )
    if not 1 <= rule.interval <= 52:
        raise RuleError(gettext("Repeat every 1 to 52 weeks or months."), "interval")
    if rule.frequency == WEEKLY:
        if not rule.weekdays:
            raise RuleError(gettext("Choose at least one day of the week."), "weekdays")
        if any(day not in range(7) for day in rule.weekdays):
            raise RuleError(gettext("Choose days of the week from Monday to Sunday."), "weekdays")
    if rule.frequency == MONTHLY_BY_WEEKDAY and rule.week_of_month not in WEEKS_OF_MONTH:
        raise RuleError(
            gettext("Choose the first, second, third, fourth or last week of the month."),
            "week_of_month",
        )
    if rule.frequency == MONTHLY_BY_DATE and rule.first.day > 28:
        # dateutil skips months without that day (no 31 April): a series would quietly jump.
        raise RuleError(
            gettext(
                "A monthly series on a date can start on the 1st to the 28th; for the end of "
                "the month choose “the last” weekday."
            ),
            "first",
        )
    if rule.until is not None and rule.count is not None:
        raise RuleError(gettext("End the series on a date or after a number of times, not both."))
    if rule.until is not None and rule.until < rule.first:
        raise RuleError(gettext("The last date cannot be before the first."), "until")
    if rule.count is not None and not 1 <= rule.count <= MAX_DATES:
        raise RuleError(
            gettext("A series takes place 1 to %(max)s times.") % {"max": MAX_DATES}, "count"
        )
    if rule.end_time is not None and rule.start_time is None:
        raise RuleError(gettext("An end time needs a start time."), "start_time")
    if rule.start_time and rule.end_time and rule.end_time <= rule.start_time:
        raise RuleError(gettext("The end time must be after the start time."), "end_time")
    if any(day < rule.first for day in rule.extra_dates):
        raise RuleError(gettext("An extra date cannot be before the first date."), "extra_dates")
    # Dates near the year 9999 overflow the day after them (an open end, an all-day event).
    if rule.until is not None and rule.until >= FIRST_BEFORE:
        raise RuleError(
            gettext("A series ends before the year %(year)s.") % {"year": FIRST_BEFORE.year},
            "until",
        )
    if any(day >= FIRST_BEFORE for day in rule.extra_dates):
        raise RuleError(
            gettext("A series ends before the year %(year)s.") % {"year": FIRST_BEFORE.year},
            "extra_dates",
        )


def to_rrule(rule):
    """Return the `dateutil.rrule.rrule` of the pattern alone: no end, no holidays, no extras."""
    weekday_of = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
    start = rule.first
    if rule.frequency == WEEKLY:
        return rrule.rrule(
            rrule.WEEKLY,
            dtstart=start,
            interval=rule.interval,
            byweekday=[weekday_of[day] for day in sorted(set(rule.weekdays))],
            wkst=rrule.MO,
        )
    if rule.frequency == MONTHLY_BY_DATE:
        return rrule.rrule(
            rrule.MONTHLY, dtstart=start, interval=rule.interval, bymonthday=start.day
        )
    return rrule.rrule(
        rrule.MONTHLY,
        dtstart=start,
        interval=rule.interval,
        byweekday=weekday_of[start.weekday()](rule.week_of_month),
    )


def public_holidays(years):
    """Return {date: Dutch name} of the public holidays in `years`."""
    names = {}
    for year in years:
        names.update(holidays_of_year(year))
    return names


@functools.lru_cache(maxsize=64)
def holidays_of_year(year):
    # The same for every series (a feed writes fifty): worked out once per year.
    return types.MappingProxyType(
        dict(holidays.country_holidays(HOLIDAY_COUNTRY, years=[year], language="nl"))
    )


def pattern_dates(rule):
    """Yield the dates of the pattern from `first` on, in order, endlessly (as dates)."""
    for moment in to_rrule(rule):
        yield moment.date()


def skipped_reason(rule, day, holiday_names):
    """Return why `day` of the pattern does not take place (“Koningsdag”, or “left out”), or
    None when it does."""
    if day in rule.exceptions:
        return pgettext("series date", "left out")
    if rule.skip_public_holidays and day in holiday_names:
        return holiday_names[day]
    return None


@dataclass(frozen=True)
class SeriesDate:
    """One date of a series: `skipped` says why it does not take place (else None)."""

    day: date
    skipped: str | None = None
    extra: bool = False


def series_dates(rule, *, through=None, include_skipped=False):
    """Return the `SeriesDate`s of `rule` in date order.

    A series that ends (until a date, a number of times) is given whole; an open one up to and
    including `through` (by default a year after its first date). With `include_skipped`, the
    pattern's dates that do not take place are listed too, each with its reason.
    """
    if rule.until is not None:
        last = rule.until
    elif rule.count is not None:
        last = None
    else:
        last = through or rule.first + OPEN_HORIZON
    if through is not None and last is not None:
        last = min(last, through)
    names = {}
    years_known = set()
    found = []
    taking_place = 0
    for day in itertools.islice(pattern_dates(rule), MAX_DATES * 2):
        if last is not None and day > last:
            break
        if rule.count is not None and taking_place >= rule.count:
            break
        if rule.skip_public_holidays and day.year not in years_known:
            years_known.add(day.year)
            names.update(public_holidays([day.year]))
        reason = skipped_reason(rule, day, names)
        if reason is None:
            taking_place += 1
            found.append(SeriesDate(day))
        elif include_skipped:
            found.append(SeriesDate(day, skipped=reason))
        if taking_place >= MAX_DATES:
            break
    # Extra dates take place whatever the pattern skips (the editor added them one by one);
    # an open series shows them within its window.
    window_end = last if rule.until is None and rule.count is None else through
    taking_place_days = {entry.day for entry in found if entry.skipped is None}
    found = [entry for entry in found if entry.day not in rule.extra_dates]
    for day in sorted(rule.extra_dates):
        if window_end is not None and day > window_end:
            continue
        found.append(SeriesDate(day, extra=day not in taking_place_days))
    return sorted(found, key=lambda entry: entry.day)


def next_dates(rule, today, number=10):
    """Return the next `number` dates that take place, from `today` on (for the admin preview
    and the page)."""
    through = max(today, rule.first) + OPEN_HORIZON
    upcoming = [entry.day for entry in series_dates(rule, through=through) if entry.day >= today]
    return upcoming[:number]


# The rule in words


def weekday_name(day):
    """Return the weekday's name in the active language, lower case as in Dutch prose."""
    return str(WEEKDAYS[day])


def plain_date(day, *, with_year=True):
    """Return “7 januari 2026” (or “7 januari”), without the weekday."""
    return dateformat.format(day, "j F Y" if with_year else "j F")


def ordinal_of_month(week):
    """Return “eerste” … “vierde”, “laatste” (for “the first Wednesday of the month”)."""
    words = {
        # Translators: as in “every first Wednesday of the month”.
        1: pgettext("week of the month", "first"),
        2: pgettext("week of the month", "second"),
        3: pgettext("week of the month", "third"),
        4: pgettext("week of the month", "fourth"),
        -1: pgettext("week of the month", "last"),
    }
    return words[week]


def describe_frequency(rule):
    """Return “Elke woensdag”, “Om de 2 weken op maandag en woensdag”, “Elke maand op de 15e”,
    “Elke eerste woensdag van de maand”, …"""
    if rule.frequency == WEEKLY:
        days = str(
            get_text_list(
                [weekday_name(day) for day in sorted(set(rule.weekdays))],
                # Translators: the last separator in a list of weekdays, “maandag en woensdag”.
                pgettext("list of weekdays", "and"),
            )
        )
        if rule.interval == 1:
            # Translators: a weekly series, “Elke woensdag” or “Elke maandag en woensdag”.
            return gettext("Every %(days)s") % {"days": days}
        # Translators: a series every few weeks, “Om de 2 weken op woensdag”.
        return ngettext(
            "Every %(interval)s week on %(days)s",
            "Every %(interval)s weeks on %(days)s",
            rule.interval,
        ) % {"interval": rule.interval, "days": days}
    if rule.frequency == MONTHLY_BY_DATE:
        if rule.interval == 1:
            # Translators: a monthly series on a date, “Elke maand op de 15e”.
            return gettext("Every month on day %(day)s") % {"day": rule.first.day}
        # Translators: “Om de 2 maanden op de 15e”.
        return ngettext(
            "Every %(interval)s month on day %(day)s",
            "Every %(interval)s months on day %(day)s",
            rule.interval,
        ) % {"interval": rule.interval, "day": rule.first.day}
    parts = {
        "ordinal": ordinal_of_month(rule.week_of_month),
        "weekday": weekday_name(rule.first.weekday()),
        "interval": rule.interval,
    }
    if rule.interval == 1:
        # Translators: a monthly series on a weekday, “Elke eerste woensdag van de maand”.
        return gettext("Every %(ordinal)s %(weekday)s of the month") % parts
    # Translators: “Om de 2 maanden op de eerste woensdag”.
    return (
        ngettext(
            "Every %(interval)s month on the %(ordinal)s %(weekday)s",
            "Every %(interval)s months on the %(ordinal)s %(weekday)s",
            rule.interval,
        )
        % parts
    )


def describe_period(rule):
    """Return “van 7 januari tot en met 24 juni 2026”, “vanaf 7 januari 2026, 10 keer” or
    “vanaf 7 januari 2026”."""
    if rule.until is not None:
        same_year = rule.first.year == rule.until.year
        # Translators: the period of a series, last day included: “van 7 januari tot en met
        # 24 juni 2026”.
        return pgettext("series period", "from %(first)s through %(last)s") % {
            "first": plain_date(rule.first, with_year=not same_year),
            "last": plain_date(rule.until),
        }
    if rule.count is not None:
        # Translators: a series that takes place a number of times, “vanaf 7 januari 2026,
        # 10 keer”.
        return ngettext(
            "from %(first)s, %(count)s time",
            "from %(first)s, %(count)s times",
            rule.count,
        ) % {"first": plain_date(rule.first), "count": rule.count}
    # Translators: an open series, “vanaf 7 januari 2026”.
    return pgettext("series period", "from %(first)s") % {"first": plain_date(rule.first)}


def describe(rule):
    """Return the rule in one sentence, as the admin shows it back to the editor:
    “Elke woensdag van 10.00 tot 11.30 uur, van 7 januari tot en met 24 juni 2026, niet op
    feestdagen”."""
    text = describe_frequency(rule)
    if rule.start_time is not None:
        if rule.end_time is None:
            # No end known: “vanaf 19.00 uur”, never an invented one.
            text = f"{text} {format_open_end(rule.start_time)}"
        else:
            text = f"{text} {format_time_range(rule.start_time, rule.end_time)}"
    text = f"{text}, {describe_period(rule)}"
    if rule.skip_public_holidays:
        # Translators: a series that skips the public holidays, “niet op feestdagen”.
        text = f"{text}, {gettext('not on public holidays')}"
    if rule.exceptions:
        days = [plain_date(day) for day in sorted(rule.exceptions)]
        # Translators: dates the editor left out of a series, “niet op 4 februari 2026”.
        left_out = gettext("not on %(dates)s") % {"dates": list_of_dates(days)}
        text = f"{text}, {left_out}"
    if rule.extra_dates:
        days = [plain_date(day) for day in sorted(rule.extra_dates)]
        # Translators: dates the editor added to a series, “ook op 16 mei 2026”.
        added = gettext("also on %(dates)s") % {"dates": list_of_dates(days)}
        text = f"{text}, {added}"
    return text


def list_of_dates(days):
    # Translators: the last separator in a list of dates, “4 februari en 11 maart 2026”.
    return str(get_text_list(days, pgettext("list of dates", "and")))
