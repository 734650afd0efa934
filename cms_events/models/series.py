"""Series: one page whose event repeats, the dates it gives, and the dates that differ.

The editor sets the rule on the page (`EventSeriesMixin`); the page's own start and end are the
first date and its times. A date can be left out, added, or given its own status, times, venue,
subtitle and text (`SeriesDateChange`, translated with the page). The dates themselves are
stored (`Occurrence`, one row per date and language version, a single event included) so that
every list of the site reads them in date order, in a fixed number of queries; they are renewed
when the page is saved and, for an open series, by the task worker's daily job.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, Panel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms_events.calendar import recurrence
from cms_events.models.event import (
    RULE_FIELDS,
    ended_filter,
    not_ended_filter,
    start_of_next_day,
)
from cms_events.models.places import Place
from cms_events.status import EventStatus, behaviour_of, present

# The page fields the stored dates are made of.
DATE_FIELDS = ("start", "end", "all_day", "status", *RULE_FIELDS)

# How many of the next and of the past dates a series page lists.
SHOWN_DATES = 12

# How far ahead the dates of an open series are stored; the worker moves the window daily.
WINDOW_AHEAD = timedelta(days=400)


class WeekdaysFormField(forms.TypedMultipleChoiceField):
    """Check boxes for the days of the week, stored as “0,2” (Monday, Wednesday)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.pop("empty_value", None)
        kwargs["choices"] = [(str(day), WEEKDAYS[day]) for day in range(7)]
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str):
            return [part for part in value.split(",") if part]
        return value

    def to_python(self, value):
        return super().to_python(self.prepare_value(value))

    def clean(self, value):
        days = super().clean(value)
        return ",".join(sorted({str(day) for day in days}))


class WeekdaysField(models.CharField):
    """The days of the week of a weekly series, “0,2”: 0 is Monday (`date.weekday()`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": WeekdaysFormField, "choices_form_class": None, **kwargs}
        )


class SeriesPreviewPanel(Panel):
    """The rule in a sentence and the next dates it gives (`EventSeriesMixin.series_preview`).

    Rendered with the page, it shows the version in the editor (a draft included); its script
    (js/series-preview.js) then asks the admin for the same fragment of the form's unsaved
    fields each time the editor changes one (cms_events/admin/series_preview.py)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms_events/admin/series_preview.html"

        class Media:
            js = ["cms_events/js/series-preview.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(self.instance.series_preview())
            context["live_url"] = self.live_url()
            return context

        def live_url(self):
            """Return the URL that renders the preview of the unsaved form."""
            if self.instance.pk:
                return reverse("cms_events_series_preview", args=[self.instance.pk])
            parent = getattr(self.form, "parent_page", None)
            if parent is None:
                return ""
            return reverse("cms_events_series_preview_new", args=[parent.pk])


class EventSeriesMixin(models.Model):
    """The rule of a page whose event repeats; empty `repeat` for a single event."""

    class Repeat(models.TextChoices):
        WEEKLY = recurrence.WEEKLY, _("Every week (or every few weeks) on set days")
        MONTHLY_BY_DATE = recurrence.MONTHLY_BY_DATE, _("Every month on the date of the first")
        MONTHLY_BY_WEEKDAY = (
            recurrence.MONTHLY_BY_WEEKDAY,
            _("Every month on a weekday, such as “the first Wednesday”"),
        )

    class WeekOfMonth(models.IntegerChoices):
        FIRST = 1, pgettext_lazy("week of the month", "first")
        SECOND = 2, pgettext_lazy("week of the month", "second")
        THIRD = 3, pgettext_lazy("week of the month", "third")
        FOURTH = 4, pgettext_lazy("week of the month", "fourth")
        LAST = -1, pgettext_lazy("week of the month", "last")

    repeat = models.CharField(
        verbose_name=_("repeats"),
        max_length=24,
        choices=Repeat.choices,
        blank=True,
        help_text=_(
            "Leave empty for a single event. The start and end above are the first date and "
            "the times of every date."
        ),
    )
    repeat_interval = models.PositiveSmallIntegerField(
        verbose_name=_("every how many weeks or months"),
        default=1,
        help_text=_("1: every week (or month), 2: every other week, and so on."),
    )
    repeat_weekdays = WeekdaysField(verbose_name=_("on these days"))
    repeat_week_of_month = models.SmallIntegerField(
        verbose_name=_("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("For “every month on a weekday”: the weekday of the first date."),
    )
    repeat_until = models.DateField(
        verbose_name=_("until"),
        null=True,
        blank=True,
        help_text=_("The last possible date. Leave both ends empty for an open series."),
    )
    repeat_count = models.PositiveSmallIntegerField(
        verbose_name=_("number of times"),
        null=True,
        blank=True,
        help_text=_("Or: how many times it takes place (dates left out do not count)."),
    )
    skip_public_holidays = models.BooleanField(
        verbose_name=_("not on public holidays"),
        default=False,
        help_text=_("Leave out the Dutch public holidays, such as Koningsdag and Tweede paasdag."),
    )

    series_panels = [
        SeriesPreviewPanel(heading=_("The series in words")),
        FieldPanel("repeat"),
        FieldRowPanel([FieldPanel("repeat_interval"), FieldPanel("repeat_week_of_month")]),
        FieldPanel("repeat_weekdays"),
        FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
        FieldPanel("skip_public_holidays"),
    ]

    @property
    def is_series(self):
        return bool(self.repeat)

    @property
    def is_whole_series(self):
        """Whether this is a series as a whole (not one of its dates: `EventOnDate`)."""
        return self.is_series

    def date_changes_of(self, kind=None):
        changes = list(self.date_changes.all())
        if kind is None:
            return changes
        return [change for change in changes if change.kind == kind]

    def get_recurrence(self):
        """Return the page's `Recurrence` (raises `RuleError`), or None for a single event."""
        if not self.repeat or self.start is None:
            return None
        local_start = timezone.localtime(self.start)
        local_end = timezone.localtime(self.end) if self.end else None
        weekdays = tuple(int(day) for day in (self.repeat_weekdays or "").split(",") if day)
        return recurrence.Recurrence(
            frequency=self.repeat,
            first=local_start.date(),
            start_time=None if self.all_day else local_start.time(),
            end_time=None if self.all_day or local_end is None else local_end.time(),
            interval=self.repeat_interval or 1,
            weekdays=weekdays or (local_start.weekday(),),
            week_of_month=self.repeat_week_of_month,
            until=self.repeat_until,
            count=self.repeat_count,
            skip_public_holidays=self.skip_public_holidays,
            exceptions=frozenset(c.date for c in self.date_changes_of(SeriesDateChange.LEFT_OUT)),
            extra_dates=frozenset(c.date for c in self.date_changes_of(SeriesDateChange.EXTRA)),
        )

    def series_preview(self, today=None):
        """Return what the editor's preview of the series shows: the rule in a `sentence` and
        its next `SHOWN_DATES` `dates` from `today` on (each {"entry": `SeriesDate`, skipped
        ones with their reason, "change": its `SeriesDateChange` or None}), or the `error` of
        a rule that gives no dates yet. A single event shows neither."""
        preview = {"sentence": "", "dates": [], "error": ""}
        if not self.repeat:
            return preview
        if self.start is None:
            preview["error"] = _("Enter the start: the date and times of the first date.")
            return preview
        errors = self.validate_series()
        if errors:
            preview["error"] = str(next(iter(errors.values())))
            return preview
        rule = self.get_recurrence()
        today = today or timezone.localdate()
        changes = {c.date: c for c in self.date_changes_of(SeriesDateChange.CHANGED)}
        through = max(today, rule.first) + recurrence.OPEN_HORIZON
        entries = recurrence.series_dates(rule, through=through, include_skipped=True)
        upcoming = [entry for entry in entries if entry.day >= today][:SHOWN_DATES]
        preview["sentence"] = recurrence.describe(rule)
        preview["dates"] = [{"entry": e, "change": changes.get(e.day)} for e in upcoming]
        return preview

    def describe_series(self):
        """Return the rule in a sentence in the active language, or "" for a single event."""
        try:
            rule = self.get_recurrence()
        except recurrence.RuleError:
            return ""
        return recurrence.describe(rule) if rule else ""

    def validate_series(self):
        """Return {field: error} for a rule that gives no sensible dates."""
        if not self.repeat:
            return {}
        if self.is_multi_day:
            return {"repeat": _("A series repeats an event of one day; shorten the end.")}
        try:
            rule = self.get_recurrence()
        except recurrence.RuleError as error:
            field = {
                "frequency": "repeat",
                "interval": "repeat_interval",
                "weekdays": "repeat_weekdays",
                "week_of_month": "repeat_week_of_month",
                "until": "repeat_until",
                "count": "repeat_count",
                "first": "start",
                "start_time": "start",
                "end_time": "end",
                "extra_dates": "repeat",
            }.get(error.field, "repeat")
            return {field: str(error)}
        if not recurrence.series_dates(rule):
            return {"repeat": _("This rule gives no dates; change the days or the end.")}
        return {}

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field, message in self.validate_series().items():
            errors.setdefault(field, []).append(message)
        rounds = any(block.block_type == "session_round" for block in self.program or [])
        if rounds and self.is_series and getattr(self, "registration_per_date", False):
            # Sessions are allocated once, over everyone registered for the event: per date
            # that would mix the preferences of people who never meet.
            errors.setdefault("registration_per_date", []).append(
                _(
                    "Work sessions with preferences are allocated for one meeting: a series "
                    "with registration per date cannot have rounds of work sessions. "
                    "Untick this, or take the rounds out of the program."
                )
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(DATE_FIELDS):
            changed = sync_occurrences(self)
            # Only a date that differs changed (not the page's own fields): raise it here.
            raised = getattr(self, "sequence_raised", False)
            if changed and self.is_series and not raised and self.live and self.first_published_at:
                # A date of the series changed or went: calendars must take the new version.
                type(self).objects.filter(pk=self.pk).update(sequence=models.F("sequence") + 1)
                self.sequence += 1

    @cached_property
    def series_end(self):
        """Return when the last date of a series ends, or None for an open series (or a rule
        that gives no dates)."""
        try:
            rule = self.get_recurrence()
        except recurrence.RuleError:
            return None
        if rule is None or (rule.until is None and rule.count is None):
            return None
        dates = self.planned_dates()
        return dates[-1].effective_end if dates else None

    def ends_before(self, moment):
        """A series is over when its last date is; an open series never is."""
        if not self.is_series:
            return super().ends_before(moment)
        end = self.series_end
        return end is not None and end < moment

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["event"] = event = self.event_on_date(request)
        # The registration form (built after this) preselects the date the page shows.
        self.chosen_date = event.date if event is not self else None
        if self.is_series:
            now = timezone.now()
            context["upcoming_dates"] = self.shown_upcoming_dates(now)
            dates = self.occurrences.select_related("venue")
            context["past_dates"] = list(
                dates.filter(ended_filter(now)).order_by("-start")[:SHOWN_DATES]
            )
        return context

    def shown_upcoming_dates(self, now=None):
        """Return the stored dates the page lists as coming (`Occurrence`): the next
        SHOWN_DATES that have not ended, their venues loaded."""
        dates = self.occurrences.select_related("venue").filter(
            not_ended_filter(now or timezone.now())
        )
        return list(dates.order_by("start")[:SHOWN_DATES])

    @cached_property
    def listing_entry(self):
        """Return what a list of pages (search results) shows of this event: the event, or for
        a series its next date (else its last)."""
        if not self.is_series:
            return self
        dates = self.occurrences.select_related("venue")
        upcoming = dates.filter(not_ended_filter(timezone.now())).order_by("start").first()
        entry = upcoming or dates.order_by("-start").first() or self
        if entry is not self:
            entry.page = self
        return entry

    def on_stored_date(self, day):
        """Return this event on its stored date `day` (`EventOnDate`), or None when the series
        has no such date (any more)."""
        occurrence = self.occurrences.filter(date=day).select_related("venue").first()
        if occurrence is None:
            return None
        occurrence.page = self
        return EventOnDate(self, occurrence)

    def on_date(self, occurrence):
        """Return this event on one of its dates (`EventOnDate`)."""
        return EventOnDate(self, occurrence)

    def event_on_date(self, request):
        """Return the event on the date asked for (“?datum=2026-01-07”): an `EventOnDate`, or
        the page itself when no date is asked; raise Http404 for a date it does not have."""
        asked = request.GET.get("datum")
        if asked is None:
            return self
        try:
            day = date.fromisoformat(asked) if len(asked) == 10 else None
        except ValueError:
            day = None
        occurrence = None
        if day is not None and not getattr(request, "is_preview", False):
            occurrence = self.occurrences.filter(date=day).select_related("venue").first()
        elif day is not None:
            occurrence = next((o for o in self.planned_dates() if o.date == day), None)
        if occurrence is None:
            raise Http404
        occurrence.page = self
        return EventOnDate(self, occurrence)

    def window_end(self, today, ahead):
        """Return up to which day the dates of an open series are read (`ahead` from today, or
        from its first date when that is later); None for a series that ends (read whole)."""
        rule = self.get_recurrence() if self.is_series else None
        if rule is None or rule.until is not None or rule.count is not None:
            return None
        return max(today, rule.first) + ahead

    def planned_dates(self, *, through=None):
        """Return the `Occurrence`s (unsaved) the page gives: one for a single event, else the
        series' dates up to `through` (for an open series), each with its own changes."""
        if not self.is_series:
            return [
                Occurrence(
                    page=self,
                    date=timezone.localtime(self.start).date(),
                    start=self.start,
                    end=self.end,
                    all_day=self.all_day,
                    status=self.status,
                )
            ]
        rule = self.get_recurrence()
        changes = {
            change.date: change
            for change in self.date_changes_of()
            if change.kind in (SeriesDateChange.CHANGED, SeriesDateChange.EXTRA)
        }
        dates = []
        zone = timezone.get_default_timezone()
        for entry in recurrence.series_dates(rule, through=through):
            change = changes.get(entry.day)
            start_time = (change and change.start_time) or rule.start_time
            end_time = rule.end_time
            if change and (change.start_time or change.end_time):
                end_time = change.end_time
            if rule.start_time is None:
                start = timezone.make_aware(datetime.combine(entry.day, datetime.min.time()), zone)
                end = None
            else:
                start = timezone.make_aware(datetime.combine(entry.day, start_time), zone)
                end = (
                    timezone.make_aware(datetime.combine(entry.day, end_time), zone)
                    if end_time
                    else None
                )
            status = self.status
            if change and self.status == EventStatus.SCHEDULED:
                status = change.status
            dates.append(
                Occurrence(
                    page=self,
                    date=entry.day,
                    start=start,
                    end=end,
                    all_day=rule.start_time is None,
                    status=status,
                    subtitle=change.subtitle if change else "",
                    venue=change.venue if change else None,
                    in_series=True,
                )
            )
        return dates

    class Meta:
        abstract = True


class SeriesDateChange(TranslatableMixin, Orderable):
    """One date of a series that differs: left out, added, or with its own facts."""

    CHANGED = "changed"
    LEFT_OUT = "left_out"
    EXTRA = "extra"
    KINDS = (
        (CHANGED, _("This date differs")),
        (LEFT_OUT, _("Left out: no event on this date")),
        (EXTRA, _("An extra date")),
    )

    page = ParentalKey(
        "cms_events.EventPage", on_delete=models.CASCADE, related_name="date_changes"
    )
    date = models.DateField(verbose_name=_("date"))
    kind = models.CharField(verbose_name=_("what"), max_length=16, choices=KINDS, default=CHANGED)
    status = models.CharField(
        verbose_name=_("status of this date"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text=_("A cancelled or postponed date stays listed, with its status."),
    )
    start_time = models.TimeField(verbose_name=_("own start time"), null=True, blank=True)
    end_time = models.TimeField(verbose_name=_("own end time"), null=True, blank=True)
    venue = models.ForeignKey(
        "cms_events.Venue",
        verbose_name=_("own venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subtitle = models.CharField(
        verbose_name=_("theme of this date"),
        max_length=255,
        blank=True,
        help_text=_("For example “Democratie voor iedereen”."),
    )
    speaker = models.CharField(verbose_name=_("speaker"), max_length=255, blank=True)
    text = models.TextField(
        verbose_name=_("text"),
        blank=True,
        help_text=_("What is special about this date, or why it changed."),
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("venue"),
        FieldPanel("subtitle"),
        FieldPanel("speaker"),
        FieldPanel("text"),
    ]

    translatable_fields = [
        SynchronizedField("date"),
        SynchronizedField("kind"),
        SynchronizedField("status"),
        SynchronizedField("start_time"),
        SynchronizedField("end_time"),
        SynchronizedField("venue"),
        TranslatableField("subtitle"),
        SynchronizedField("speaker"),
        TranslatableField("text"),
    ]

    def clean(self):
        super().clean()
        if self.end_time and not self.start_time:
            raise ValidationError({"end_time": _("An own end time needs an own start time.")})
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def __str__(self):
        return f"{self.date}: {self.subtitle or self.get_kind_display()}"

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("date of the series")
        verbose_name_plural = _("dates of the series")


class Occurrence(models.Model):
    """One date of an event, stored for lists: a single event has one, a series one per date.

    `date` is the date's identity in the series (iCalendar's RECURRENCE-ID); `start`, `end`,
    `status`, `subtitle` and `venue` are what holds on that date. The rows are derived from the
    page (`sync_occurrences`); nothing else writes them.
    """

    page = models.ForeignKey(
        "cms_events.EventPage", on_delete=models.CASCADE, related_name="occurrences"
    )
    date = models.DateField(verbose_name=_("date"))
    start = models.DateTimeField(verbose_name=_("start"), db_index=True)
    end = models.DateTimeField(verbose_name=_("end"), null=True, blank=True)
    all_day = models.BooleanField(verbose_name=_("all day"), default=False)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    subtitle = models.CharField(verbose_name=_("theme of this date"), max_length=255, blank=True)
    venue = models.ForeignKey(
        "cms_events.Venue",
        verbose_name=_("own venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    in_series = models.BooleanField(default=False)

    # What `sync_occurrences` compares to tell a changed date from an unchanged one.
    COMPARED = ("start", "end", "all_day", "status", "subtitle", "venue_id", "in_series")

    class Meta:
        verbose_name = _("date of an event")
        verbose_name_plural = _("dates of events")
        ordering = ["start", "page_id"]
        constraints = [
            models.UniqueConstraint(fields=["page", "date"], name="one_occurrence_per_date")
        ]

    def __str__(self):
        return f"{self.page_id} {self.date}"

    # What a listing asks of an event, answered for this date.

    @property
    def title(self):
        return self.page.title

    @property
    def intro(self):
        return self.page.intro

    @property
    def previous_start(self):
        return None if self.in_series else self.page.previous_start

    @property
    def new_date_to_follow(self):
        return self.page.new_date_to_follow if self.status == EventStatus.POSTPONED else False

    @property
    def effective_end(self):
        return self.end or start_of_next_day(self.start)

    def ends_before(self, moment):
        return self.effective_end < moment

    @property
    def status_behaviour(self):
        return behaviour_of(self.status)

    @property
    def presentation(self):
        return present(self)

    @property
    def place(self):
        if self.venue_id:
            venue = self.venue
            # The series' meeting point belongs to its own venue, not to this one.
            return Place(venue.name, venue.street, venue.postcode, venue.city, "", venue)
        return self.page.place

    @property
    def has_address(self):
        return self.place.has_address

    @property
    def is_online(self):
        return self.page.is_online

    @property
    def query_string(self):
        """Return “datum=2026-01-07” for a date of a series, else ""."""
        return f"datum={self.date.isoformat()}" if self.in_series else ""

    def get_url(self, request=None):
        url = self.page.get_url(request)
        return f"{url}?{self.query_string}" if self.query_string and url else url


def sync_occurrences(page, *, today=None):
    """Store the dates `page` gives now (`EventSeriesMixin.planned_dates`): add the new ones,
    change the changed ones, remove the ones that no longer hold. Return the dates whose facts
    changed or that were removed, for notifications."""
    today = today or timezone.localdate()
    try:
        planned = page.planned_dates(through=page.window_end(today, WINDOW_AHEAD))
    except recurrence.RuleError:
        # A rule that no longer gives dates (the page's checks refuse one on save): the first
        # date stands, as for a single event, until the editor mends it.
        planned = [
            Occurrence(
                page=page,
                date=timezone.localtime(page.start).date(),
                start=page.start,
                end=page.end,
                all_day=page.all_day,
                status=page.status,
            )
        ]
    wanted = {occurrence.date: occurrence for occurrence in planned}
    stored = {occurrence.date: occurrence for occurrence in Occurrence.objects.filter(page=page)}
    gone = [occurrence for day, occurrence in stored.items() if day not in wanted]
    changed = []
    for day, occurrence in wanted.items():
        old = stored.get(day)
        if old is None:
            continue
        if any(getattr(old, name) != getattr(occurrence, name) for name in Occurrence.COMPARED):
            for name in Occurrence.COMPARED:
                setattr(old, name, getattr(occurrence, name))
            changed.append(old)
    if gone:
        Occurrence.objects.filter(pk__in=[occurrence.pk for occurrence in gone]).delete()
    Occurrence.objects.bulk_create([o for day, o in wanted.items() if day not in stored])
    if changed:
        Occurrence.objects.bulk_update(changed, Occurrence.COMPARED)
    return sorted({o.date for o in changed} | {o.date for o in gone})


def dates_of(pages):
    """Return the stored dates of the event pages `pages` (a queryset), with each date's page
    and venues loaded along (no query per listed date)."""
    return Occurrence.objects.filter(page__in=pages.order_by().values("pk")).select_related(
        "page", "page__venue", "venue"
    )


class EventOnDate:
    """An event page seen on one of its dates: the page's facts, with the date's own start,
    end, status, venue, theme and text. Everything that reads an event (the facts box, the
    banner, the add-to-calendar links, JSON-LD, the .ics, mails) can read this instead."""

    def __init__(self, page, occurrence):
        self.page = page
        self.occurrence = occurrence
        self.change = next(
            (
                c
                for c in page.date_changes_of()
                if c.date == occurrence.date and c.kind != SeriesDateChange.LEFT_OUT
            ),
            None,
        )

    def __getattr__(self, name):
        return getattr(self.page, name)

    # One date, never the series as a whole.
    is_whole_series = False

    @property
    def date(self):
        return self.occurrence.date

    @property
    def start(self):
        return self.occurrence.start

    @property
    def end(self):
        return self.occurrence.end

    @property
    def all_day(self):
        return self.occurrence.all_day

    @property
    def status(self):
        return self.occurrence.status

    @property
    def subtitle(self):
        return self.occurrence.subtitle

    @property
    def speaker(self):
        return self.change.speaker if self.change else ""

    @property
    def date_text(self):
        return self.change.text if self.change else ""

    @property
    def previous_start(self):
        return self.occurrence.previous_start

    @property
    def new_date_to_follow(self):
        return self.occurrence.new_date_to_follow

    @property
    def effective_end(self):
        return self.occurrence.effective_end

    def ends_before(self, moment):
        return self.occurrence.ends_before(moment)

    @property
    def is_past(self):
        return self.ends_before(timezone.now())

    @property
    def is_multi_day(self):
        return False

    @property
    def status_behaviour(self):
        return behaviour_of(self.status)

    @property
    def presentation(self):
        return present(self)

    @property
    def place(self):
        return self.occurrence.place

    @property
    def has_address(self):
        return self.place.has_address

    def get_venue_details(self):
        if self.occurrence.venue_id:
            from cms_events.models.places import localized_entries

            return localized_entries([self.occurrence.venue], self.page.locale_id)[0]
        return self.page.get_venue_details()

    @property
    def query_string(self):
        return self.occurrence.query_string

    def get_url(self, request=None):
        return self.occurrence.get_url(request)

    def get_full_url(self, request=None):
        url = self.page.get_full_url(request)
        return f"{url}?{self.query_string}" if url and self.query_string else url

    def get_status_banner(self):
        """Return the banner of this date: the series' own (when the whole series changed),
        else the date's status with the date's text."""
        if self.page.status != EventStatus.SCHEDULED or self.status == EventStatus.SCHEDULED:
            return self.page.get_status_banner()
        behaviour = self.status_behaviour
        presentation = self.presentation
        return {
            "status": self.status,
            "signal_word": behaviour.signal_word,
            "headline": behaviour.default_headline,
            "body": self.date_text,
            "date": None,
            "previous_start": presentation.previous_start,
            "new_date_to_follow": presentation.new_date_to_follow,
            "event": self,
            "earlier_updates": [],
        }


def first_date_each(dates):
    """Return the first of `dates` (a queryset of `Occurrence`) of each event."""
    first = dates.filter(page=models.OuterRef("page")).order_by("start", "pk").values("pk")[:1]
    return dates.filter(pk=models.Subquery(first))


def renew_open_series(today=None):
    """Move the stored dates of every open series (no end date, no number of times) on to
    `WINDOW_AHEAD` from `today`; return how many pages had dates added or changed."""
    from cms_events.models.pages import EventPage

    renewed = 0
    open_series = EventPage.objects.exclude(repeat="").filter(
        repeat_until__isnull=True, repeat_count__isnull=True
    )
    for page in open_series.prefetch_related("date_changes").iterator(chunk_size=100):
        before = page.occurrences.count()
        changed = sync_occurrences(page, today=today)
        if changed or page.occurrences.count() != before:
            renewed += 1
    return renewed
