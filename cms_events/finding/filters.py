"""The filters of an event index: a plain GET form (django-filter) whose URL is the selection.

Every filter narrows the index's own query in SQL, so a filtered page takes as many queries as
an unfiltered one, and the feed of a selection (`?` the same parameters on the index's feed)
lists exactly what the page lists. The parameter names are Dutch and the same in every
language, so a shared link keeps working: `wanneer` (a period in words), `van` and `tot`
(dates, both included), `vorm` (online or on site), `gratis`, `thema` and `doelgroep` (the
slugs of the vocabulary, the same in every language), `plaats` (a city) and `toegankelijk`
(accessibility facts of the venue, each “yes”; more than one means all of them).

A period holds every event that takes place in it, also in part: a congress from Friday to
Sunday is on “this weekend”, an open-ended event lasts until the end of its day.
"""

import hashlib
from datetime import datetime, time, timedelta

import django_filters as filters
from django import forms
from django.conf import settings
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.coreutils import get_supported_content_language_variant

from cms_events.locales import active_locale
from cms_events.models.event import EventPageMixin
from cms_events.models.places import (
    ACCESSIBILITY_FACTS,
    Audience,
    Fact,
    Theme,
    in_default_language,
)
from cms_events.models.series import Occurrence
from cms_events.status import EventStatus

TODAY = "vandaag"
TOMORROW = "morgen"
WEEKEND = "weekend"
WEEK = "deze-week"
MONTH = "deze-maand"

PERIODS = [
    (TODAY, _("Today")),
    (TOMORROW, _("Tomorrow")),
    (WEEKEND, _("This weekend")),
    (WEEK, _("This week")),
    (MONTH, _("This month")),
]

ONLINE = "online"
ON_SITE = "op-locatie"

# The parameters of the filters; nothing else in a query string changes the list.
PARAMETERS = (
    "wanneer",
    "van",
    "tot",
    "vorm",
    "gratis",
    "thema",
    "doelgroep",
    "plaats",
    "toegankelijk",
)

# Accessibility in the query string: Dutch words for the venue's facts. “rolstoel” is the
# question people ask (“can I get in and use the toilet in a wheelchair?”): both facts.
WHEELCHAIR = "rolstoel"
ACCESSIBILITY = {
    WHEELCHAIR: ("step_free_entrance", "accessible_toilet"),
    "drempelvrij": ("step_free_entrance",),
    "toilet": ("accessible_toilet",),
    "ringleiding": ("hearing_loop",),
    "gebarentolk": ("sign_language",),
    "stilteruimte": ("quiet_room",),
    "zitplaatsen": ("seating",),
}

# The range of dates a visitor may ask for: beyond it no event is planned, and the database
# need not be asked about the year 9999.
EARLIEST = datetime(2000, 1, 1).date()
LATEST_YEARS_AHEAD = 10


def midnight(day):
    """Return the local midnight that starts `day`, aware."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def period_days(period, today):
    """Return (first day, day after the last day) of a period in words, from `today` on."""
    if period == TODAY:
        return today, today + timedelta(days=1)
    if period == TOMORROW:
        return today + timedelta(days=1), today + timedelta(days=2)
    if period == WEEKEND:
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:  # Sunday: the weekend is today
            saturday = today - timedelta(days=1)
        return max(saturday, today), saturday + timedelta(days=2)
    if period == WEEK:
        return today, today + timedelta(days=7 - today.weekday())
    if period == MONTH:
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return today, next_month
    raise ValueError(period)


def overlapping(first_day, after_last_day):
    """Return a filter for the events that take place, at least in part, on the days from
    `first_day` up to (not including) `after_last_day`."""
    start, end = midnight(first_day), midnight(after_last_day)
    still_on = (
        Q(end__isnull=True, start__gte=start)
        | Q(all_day=True, end__gte=start)
        | Q(all_day=False, end__gt=start)
    )
    return Q(start__lt=end) & still_on


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        first, last = data.get("van"), data.get("tot")
        for name in ("van", "tot"):
            day = data.get(name)
            if day and not EARLIEST <= day <= self.latest():
                self.add_error(name, _("Choose a date between 2000 and ten years from now."))
        if first and last and last < first:
            self.add_error("tot", _("The last day cannot be before the first day."))
        return data

    @staticmethod
    def latest():
        today = timezone.localdate()
        return today.replace(year=today.year + LATEST_YEARS_AHEAD)


class EventFilter(filters.FilterSet):
    """Filters an index's events; `now` (for tests) is the moment the periods start from."""

    wanneer = filters.ChoiceFilter(
        label=_("Period"),
        choices=PERIODS,
        empty_label=pgettext_lazy("period", "Any time"),
        method="filter_period",
        widget=forms.RadioSelect,
    )
    van = filters.DateFilter(label=_("From"), method="filter_from", widget=DateInput())
    tot = filters.DateFilter(label=_("Up to and including"), method="filter_to", widget=DateInput())
    vorm = filters.ChoiceFilter(
        label=_("How"),
        choices=[(ONLINE, _("Online")), (ON_SITE, _("On site"))],
        empty_label=_("Online or on site"),
        method="filter_form",
        widget=forms.RadioSelect,
    )
    gratis = filters.BooleanFilter(
        label=_("Free only"), method="filter_free", widget=forms.CheckboxInput
    )
    thema = filters.ChoiceFilter(
        label=_("Theme"), empty_label=_("All themes"), method="filter_theme"
    )
    doelgroep = filters.ChoiceFilter(
        label=_("For whom"), empty_label=_("Everyone"), method="filter_audience"
    )
    plaats = filters.ChoiceFilter(
        label=_("City"), empty_label=_("All cities"), method="filter_city"
    )
    toegankelijk = filters.MultipleChoiceFilter(
        label=_("Accessibility"),
        method="filter_accessibility",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        form = EventFilterForm
        fields = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        now=None,
        cities=tuple,
        shown=True,
        locale_id=None,
        **kwargs,
    ):
        """`cities` returns the cities to offer; `locale_id` is the language of the labels
        (the index's; by default the active language's). With `shown` false (the feed: no form
        is shown), the choices of a list are read only when its parameter is given."""
        self.now = now or timezone.now()
        super().__init__(data, queryset, **kwargs)
        # A list of dates (`Occurrence`) carries its dates and status itself, the rest on
        # its page; a list of pages carries everything.
        self.page_prefix = "page__" if self.queryset.model is Occurrence else ""
        fields = self.form.fields
        asked = self.data if data is not None else {}
        # django-filter's field puts the empty choice (“Alle thema's”) first by itself.
        if shown or asked.get("thema"):
            fields["thema"].choices = vocabulary_choices(Theme, locale_id)
        if shown or asked.get("doelgroep"):
            fields["doelgroep"].choices = vocabulary_choices(Audience, locale_id)
        if shown or asked.get("plaats"):
            fields["plaats"].choices = [(city, city) for city in cities()]
        fields["toegankelijk"].choices = accessibility_choices()

    @property
    def today(self):
        return timezone.localtime(self.now).date()

    def filter_period(self, queryset, name, value):
        return queryset.filter(overlapping(*period_days(value, self.today)))

    def filter_from(self, queryset, name, value):
        return queryset.filter(overlapping(value, midnight_far_ahead()))

    def filter_to(self, queryset, name, value):
        return queryset.filter(start__lt=midnight(value + timedelta(days=1)))

    def on_page(self, **lookups):
        """Return a Q of lookups on the event page, whether the list holds pages or dates."""
        return Q(**{self.page_prefix + name: value for name, value in lookups.items()})

    def filter_form(self, queryset, name, value):
        # The status is the date's own (one date of a series can move online).
        online = (
            Q(status=EventStatus.MOVED_ONLINE)
            | ~self.on_page(online_url="")
            | self.on_page(online_link_by_mail=True)
        )
        if value == ONLINE:
            return queryset.filter(online)
        on_site = (
            self.on_page(venue__isnull=False)
            | ~self.on_page(venue_name="")
            | ~self.on_page(street="")
            | ~self.on_page(city="")
            | self.on_page(location_to_follow=True)
        ) & ~Q(status=EventStatus.MOVED_ONLINE)
        return queryset.filter(on_site)

    def filter_theme(self, queryset, name, value):
        # Every language version of an event points at the default language's entries.
        return queryset.filter(self.on_page(themes__slug=value))

    def filter_audience(self, queryset, name, value):
        return queryset.filter(self.on_page(audiences__slug=value))

    def filter_city(self, queryset, name, value):
        return queryset.filter(
            self.on_page(venue__city__iexact=value)
            | self.on_page(venue__isnull=True, city__iexact=value)
        )

    def filter_accessibility(self, queryset, name, values):
        wanted = {fact for value in values for fact in ACCESSIBILITY[value]}
        return queryset.filter(self.on_page(**{f"venue__{fact}": Fact.YES for fact in wanted}))

    def filter_free(self, queryset, name, value):
        # Only what the editor said is free: “not stated” is never taken for free.
        return queryset.filter(self.on_page(cost=EventPageMixin.Cost.FREE)) if value else queryset

    @property
    def active(self):
        """Return whether the visitor asked for any filter."""
        return any(self.data.get(name) for name in PARAMETERS)

    @property
    def active_count(self):
        """Return how many filters the visitor asked for (each accessibility fact counts)."""
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name)])
        return sum(1 for name in PARAMETERS for value in getlist(name) if value)

    @property
    def events(self):
        """Return the filtered events, or none when the form has errors (it says which)."""
        return self.qs if self.is_valid() else self.queryset.none()

    def query_string(self):
        """Return the filters asked for as a query string (“wanneer=weekend&gratis=on”), for
        the feed of this selection; empty without filters or with errors."""
        if not self.active or not self.is_valid():
            return ""
        selected = self.data.copy()
        for name in list(selected):
            if name not in PARAMETERS or not selected.get(name):
                del selected[name]
        return selected.urlencode()

    @property
    def date_fields(self):
        """Return [(bound field, value to show)] of the date filters: the value as typed when
        it is a date, else empty (a date input can hold nothing else)."""
        shown = []
        for name in ("van", "tot"):
            field = self.form[name]
            value = self.data.get(name, "")
            try:
                datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                value = ""
            shown.append((field, value))
        return shown

    def cache_suffix(self):
        """Return what tells this selection's kept feed apart from the whole index's."""
        query = self.query_string()
        if not query:
            return ""
        return ":" + hashlib.sha256(query.encode()).hexdigest()[:32]


def vocabulary_choices(model, locale_id=None):
    """Return the choices of a vocabulary (themes, audiences): the default language's slugs,
    labelled in the language of `locale_id` (else the active one) where a translation exists
    (one query)."""
    if locale_id is None:
        locale = active_locale()
        locale_id = locale.pk if locale else None
    wanted = in_default_language() | Q(locale_id=locale_id) if locale_id else in_default_language()
    rows = list(model.objects.filter(wanted).select_related("locale"))
    translated = {
        row.translation_key: row.name for row in rows if locale_id and row.locale_id == locale_id
    }
    pairs = [
        (row.slug, translated.get(row.translation_key, row.name)) for row in rows if is_default(row)
    ]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def is_default(entry):
    """Return whether a vocabulary entry is in the default language (what events point at)."""
    return entry.locale.language_code == get_supported_content_language_variant(
        settings.LANGUAGE_CODE
    )


def accessibility_choices():
    labels = {fact.name: fact.label for fact in ACCESSIBILITY_FACTS}
    return [
        (WHEELCHAIR, _("Wheelchair accessible (step-free entrance and accessible toilet)")),
        *(
            (value, capfirst(labels[facts[0]]))
            for value, facts in ACCESSIBILITY.items()
            if value != WHEELCHAIR
        ),
    ]


def cities_of(events):
    """Return the cities `events` take place in (the venue's, else the typed one), sorted."""
    found = events.annotate(place_city=Coalesce(NullIf("venue__city", Value("")), "city"))
    names = {
        name.strip()
        for name in found.order_by().values_list("place_city", flat=True).distinct()
        if name and name.strip()
    }
    return sorted(names, key=str.casefold)


def midnight_far_ahead():
    return EventFilterForm.latest() + timedelta(days=1)
