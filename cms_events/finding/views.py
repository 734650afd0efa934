"""Public pages of venues and organisers: what is known about them and their upcoming events,
with a calendar feed each, and a venue's map on request (`finding.maps`). Thin views; the
queries are in `finding.queries`.

The pages are the same for every anonymous visitor (`shared_page`): the page cache keeps them
until a purge (`publishing/places.py`, `publishing/frontend_cache.py`). Their context has
`language_versions`, the page in each language ([{code, name, url, full_url, current}]), for
the site's language switcher.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from cms_events.calendar import feeds
from cms_events.conf import get_setting
from cms_events.finding import maps, queries
from cms_events.locales import active_locale
from cms_events.models import Organiser, Venue
from cms_events.publishing.page_cache import shared_page

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
        "language_versions": language_versions(request, f"cms_events_finding:{kind}", slug),
    }
    return render(request, template, context)


def language_versions(request, url_name, slug):
    """Return the page `url_name` of `slug` in each of the site's languages, for the switcher.

    A venue or organiser page exists in every language (an entry not translated yet is shown
    in the language it has), so each language is listed, as `language_versions` lists a
    page's translations; query parameters (a page number) are left behind."""
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                url = reverse(url_name, args=[slug])
            except NoReverseMatch:
                continue
        versions.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "full_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return versions


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


@shared_page
@require_GET
def venue_page(request, slug):
    """A venue: address, how to get there, accessibility, and its upcoming events."""
    return entry_page(request, "venue", slug)


@require_GET
def venue_feed(request, slug):
    """The subscribable calendar of a venue's events."""
    return entry_feed(request, "venue", slug)


@shared_page
@require_GET
def organiser_page(request, slug):
    """An organiser: name, website, contact, and its upcoming events."""
    return entry_page(request, "organiser", slug)


@require_GET
def organiser_feed(request, slug):
    """The subscribable calendar of an organiser's events."""
    return entry_feed(request, "organiser", slug)


def map_context(request, slug):
    """Return the context of a venue's map; raise Http404 when the venue has no place on it."""
    venue = queries.find_entry(Venue, slug, active_locale(request))
    maps.require_coordinates(venue)
    return {
        "venue": venue,
        "tiles": maps.tile_source(),
        "coordinates": maps.coordinates(venue),
        "route_planner_url": maps.route_planner_url(venue),
    }


@shared_page
@require_GET
def venue_map(request, slug):
    """A venue's map on a page of its own: what "Show on the map" opens without JavaScript."""
    context = map_context(request, slug)
    context["language_versions"] = language_versions(request, "cms_events_finding:venue_map", slug)
    return maps.allow_tiles(render(request, "cms_events/venue_map.html", context))


@shared_page
@require_GET
def venue_map_embed(request, slug):
    """A venue's map alone, for the frame the venue and event pages open on request."""
    context = map_context(request, slug)
    response = render(request, "cms_events/venue_map_embed.html", context)
    return maps.allow_tiles(response, framed=True)
