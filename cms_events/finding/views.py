"""Public pages of venues and organisers: what is known about them and their upcoming events,
with a calendar feed each. Thin views; the queries are in `finding.queries`."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from cms_events.calendar import feeds
from cms_events.conf import get_setting
from cms_events.finding import queries
from cms_events.locales import active_locale
from cms_events.models import Organiser, Venue

# (model, field on the event, template, URL name of the feed)
KINDS = {
    "venue": (Venue, "venue", "cms_events/venue_page.html", "venue_feed"),
    "organiser": (Organiser, "organised_by", "cms_events/organiser_page.html", "organiser_feed"),
}


def entry_page(request, kind, slug):
    model, field, template, feed_name = KINDS[kind]
    locale = active_locale(request)
    entry = queries.find_entry(model, slug, locale)
    events = queries.upcoming_events(request, entry, field, locale)
    page_obj = Paginator(events, get_setting("PAGE_SIZE")).get_page(request.GET.get("pagina"))
    feed_url = request.build_absolute_uri(reverse(f"cms_events_finding:{feed_name}", args=[slug]))
    context = {
        kind: entry,
        "entry": entry,
        "events": page_obj,
        "feed": {"https": feed_url, "webcal": "webcal://" + feed_url.split("://", 1)[-1]},
    }
    return render(request, template, context)


def entry_feed(request, kind, slug):
    model, field, _template, _feed_name = KINDS[kind]
    locale = active_locale(request)
    entry = queries.find_entry(model, slug, locale)
    events = feeds.feed_events(queries.feed_events(request, entry, field, locale))
    text = feeds.feed_text(
        events,
        name=entry.name,
        url_for=lambda event: event.get_full_url(request),
        cache_key=f"{kind}:{entry.pk}:{request.get_host()}:{translation.get_language()}",
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{entry.slug}.ics"'
    return response


@require_GET
def venue_page(request, slug):
    """A venue: address, how to get there, accessibility, and its upcoming events."""
    return entry_page(request, "venue", slug)


@require_GET
def venue_feed(request, slug):
    """The subscribable calendar of a venue's events."""
    return entry_feed(request, "venue", slug)


@require_GET
def organiser_page(request, slug):
    """An organiser: name, website, contact, and its upcoming events."""
    return entry_page(request, "organiser", slug)


@require_GET
def organiser_feed(request, slug):
    """The subscribable calendar of an organiser's events."""
    return entry_feed(request, "organiser", slug)
