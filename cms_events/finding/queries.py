"""The events a venue or an organiser page lists: live and public (`visibility`), on the
requested site, one language version of each event, in one query."""

from datetime import timedelta

from django.db.models import Case, IntegerField, Min, Q, Value, When
from django.http import Http404
from django.utils import timezone
from wagtail.models import Site

from cms_events.models import EventPage, not_ended_filter
from cms_events.models.series import dates_of
from cms_events.visibility import visible

# How far back a venue's or organiser's feed goes, as the feed of an index does.
FEED_DAYS_BACK = 90


def find_entry(model, slug, locale):
    """Return the venue or organiser with `slug`, in `locale` when it is translated, else in
    another language; raise Http404 when there is none."""
    entries = model.objects.filter(slug=slug)
    if locale is not None:
        here = Case(
            When(locale=locale, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        entries = entries.order_by(here, "pk")
    entry = entries.select_related("locale").first()
    if entry is None:
        raise Http404
    return entry


def site_events(request):
    """Return the visible events on the site of `request` (in any of its languages)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    within = Q(pk__in=[])
    for path in site.root_page.get_translations(inclusive=True).values_list("path", flat=True):
        within |= Q(path__startswith=path)
    return visible(EventPage.objects.filter(within))


def one_version_each(events, locale):
    """Return one language version of each event in `events`: the one in `locale`, else the
    first one made."""
    in_locale = events.none() if locale is None else events.filter(locale=locale)
    others = (
        events.exclude(translation_key__in=in_locale.values("translation_key"))
        .order_by()
        .values("translation_key")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return events.filter(Q(pk__in=in_locale.values("pk")) | Q(pk__in=others))


def entry_events(request, entry, field, locale):
    """Return the visible events on this site whose `field` (venue or organised_by) is `entry`
    in any of its languages, one version each."""
    events = site_events(request).filter(**{f"{field}__translation_key": entry.translation_key})
    return one_version_each(events, locale)


def upcoming_events(request, entry, field, locale):
    """Return the dates of the entry's events that have not ended, soonest first."""
    dates = dates_of(entry_events(request, entry, field, locale))
    return dates.filter(not_ended_filter(timezone.now())).order_by("start", "pk")


def feed_events(request, entry, field, locale):
    """Return the entry's events for its feed: upcoming, and those of the last 90 days."""
    recent = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    events = entry_events(request, entry, field, locale)
    dates = dates_of(events).filter(not_ended_filter(recent))
    return events.filter(pk__in=dates.order_by().values("page_id")).order_by("start", "pk")


def upcoming_dates(events, now=None):
    """Return the dates of `events` that have not ended (`Occurrence`: one per single event,
    one per date of a series), soonest first, for the API's lists: its occurrences, and the
    events with a date to come."""
    dates = dates_of(events).filter(not_ended_filter(now or timezone.now()))
    return dates.order_by("start", "page_id")


def used_entries(model, field, events, locale):
    """Return the venues or organisers (`model`) that `events` point at through `field`, one
    language version of each (in `locale` where translated), by name. An entry no visible
    event uses is not listed: its existence is not public."""
    used = model.objects.filter(translation_key__in=events.values(f"{field}__translation_key"))
    return one_version_each(used, locale).order_by("name", "pk")


def listed_events(request, locale):
    """Return the events the API lists: visible on this site, one version each (in `locale`
    where translated)."""
    return one_version_each(site_events(request), locale)
