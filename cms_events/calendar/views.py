"""Public calendar endpoints: one event as .ics and the subscribable feed of an index."""

from datetime import timedelta

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from cms_events.calendar import feeds
from cms_events.calendar.ical import build_event_calendar
from cms_events.models import EventIndexPage, EventPage, not_ended_filter
from cms_events.visibility import public_page


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, page_id):
    """Download one event as .ics (no METHOD: a plain calendar file)."""
    page = public_page(request, EventPage, page_id)
    # “?datum=2026-01-07”: that date of a series alone (404 for a date it does not have).
    event = page.event_on_date(request)
    # The URL has no language prefix: the file speaks the language of its page.
    with translation.override(page.locale.language_code):
        calendar = build_event_calendar(event, url=event.get_full_url(request))
    suffix = f"-{event.date.isoformat()}" if event is not page else ""
    return calendar_response(calendar, f"{page.slug}{suffix}.ics")


@require_GET
def index_feed(request, index_id):
    """Subscribable feed of an index: upcoming events and those of the last 90 days."""
    index = public_page(request, EventIndexPage, index_id)
    recent = timezone.now() - timedelta(days=90)
    dates = index.get_dates().filter(not_ended_filter(recent))
    # A selection of the index (its filters in the query string) has a feed of its own: the
    # events with a date in it (a series whole, with its rule).
    selection = index.filter_events(request, dates, shown=False)
    if not selection.is_valid():
        return HttpResponseBadRequest(
            "\n".join(str(error) for errors in selection.errors.values() for error in errors),
            content_type="text/plain; charset=utf-8",
        )
    pages = index.get_events().filter(pk__in=selection.events.order_by().values("page_id"))
    events = feeds.feed_events(pages.order_by("start", "pk"))
    # The URL has no language prefix: the feed speaks the language of its index.
    with translation.override(index.locale.language_code):
        text = feeds.feed_text(
            events,
            name=index.title,
            url_for=lambda event: event.get_full_url(request),
            cache_key=(
                f"{index.pk}:{request.get_host()}:{translation.get_language()}"
                f"{selection.cache_suffix()}"
            ),
        )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{index.slug}.ics"'
    return response
