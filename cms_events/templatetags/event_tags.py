"""Template tags for event pages: structured data and sharing metadata."""

import hashlib
import json

from django import template
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.html import _json_script_escapes, format_html, format_html_join
from django.utils.safestring import mark_safe

from cms_events.calendar.links import google_calendar_url, outlook_calendar_url
from cms_events.locales import is_informal
from cms_events.publishing.tree_version import tree_version
from cms_events.sharing.jsonld import build_event_jsonld, build_series_jsonld, with_series
from cms_events.sharing.shortlinks import shared_date, sharing_paths, short_url

register = template.Library()


def _page_url(context, page):
    request = context.get("request")
    return page.get_full_url(request=request) or ""


@register.simple_tag(takes_context=True)
def listing_url(context, item):
    """Return the address a listed event links to: the page, or for one date of a series the
    page with that date (“?datum=2026-01-07”)."""
    return item.get_url(request=context.get("request")) or ""


@register.simple_tag(takes_context=True)
def event_jsonld(context, page):
    """Render the schema.org `Event` of `page` as a JSON-LD script element: for a series an
    `EventSeries` with its next dates, for one date of a series its `Event` in the series."""
    occurrence = getattr(page, "occurrence", None)
    if occurrence is not None and occurrence.in_series:
        series_url = _page_url(context, page.page)
        data = with_series(build_event_jsonld(page, _page_url(context, page)), page, series_url)
    elif getattr(page, "is_series", False):
        dates = [page.on_date(entry) for entry in context.get("upcoming_dates") or ()]
        data = build_series_jsonld(page, _page_url(context, page), dates)
    else:
        data = build_event_jsonld(page, _page_url(context, page))
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_json_script_escapes)),
    )


@register.simple_tag(takes_context=True)
def event_open_graph(context, page):
    """Render OpenGraph tags for sharing `page`."""
    description = page.search_description or page.intro
    language = page.locale.language_code
    tags = [
        ("og:type", "website"),
        ("og:title", page.seo_title or page.title),
        ("og:url", _page_url(context, page)),
        ("og:locale", {"nl": "nl_NL", "en": "en_GB"}.get(language, language)),
    ]
    if description:
        tags.append(("og:description", description))
    return format_html_join("\n", '<meta property="{}" content="{}">', tags)


@register.simple_tag(takes_context=True)
def calendar_links(context, event):
    """Return the .ics download, Google Calendar and Outlook.com links of `event`."""
    url = _page_url(context, event)
    # One date of a series: that date alone (“?datum=2026-01-07”).
    query = getattr(event, "query_string", "")
    date_query = f"?{query}" if query else ""
    return {
        "ics": reverse("cms_events:event_ics", args=[event.pk]) + date_query,
        "google": google_calendar_url(event, url),
        "outlook": outlook_calendar_url(event, url),
    }


@register.simple_tag(takes_context=True)
def feed_links(context, index, selection=None):
    """Return the feed's https and webcal:// URLs for an events index, of the visitor's
    selection (an `EventFilter`) when given."""
    request = context.get("request")
    path = reverse("cms_events:feed", args=[index.pk])
    # Without a selection (the archive) the template passes an empty string.
    query = selection.query_string() if selection else ""
    if query:
        path = f"{path}?{query}"
    url = request.build_absolute_uri(path) if request else path
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[-1]}


@register.simple_tag(takes_context=True)
def short_link(context, event, shown=None):
    """Return the short URL of a live event and its QR code and invitation paths, or None for
    drafts. `shown` is what the page shows (the event on one date, “?datum=”): a date of a
    series that takes registrations has links of its own; a date called off, postponed or
    over links to the series, whose form offers the dates still open."""
    if not event.live or not event.pk:
        return None
    day = shared_date(shown) if shown else None
    if day is not None and not shown.presentation.registration_open:
        day = None
    return {
        "url": short_url(event, context.get("request"), day),
        **sharing_paths(event, day),
    }


# Seconds the HTML of a published revision's StreamFields is kept, at most.
KEPT_HTML_SECONDS = 60 * 60


def kept_html_key(context, name, page):
    """Return the cache key of `name` rendered for `page`, or None when it is not kept: in a
    preview (a draft). Elsewhere `page` is loaded from the database, which holds what is
    published."""
    request = context.get("request")
    if getattr(request, "is_preview", False) or not page.pk or not page.live_revision_id:
        return None
    site = getattr(request, "_wagtail_site", None)
    parts = [
        name,
        page.pk,
        page.live_revision_id,
        page.last_published_at,
        translation.get_language(),
        is_informal(),
        site.pk if site else None,
        # Links to other pages in the text: their URLs change with the page tree.
        tree_version(),
        # The program shows the places left per session, which registrations change: each
        # state of them is kept apart (the availability is computed for the page anyway).
        repr(context.get("session_availability")),
    ]
    text = ":".join(str(part) for part in parts)
    return "cms_events:html:" + hashlib.sha256(text.encode()).hexdigest()


@register.simple_tag(takes_context=True)
def kept_include(context, name, page):
    """Render the template `name` with `event` (and `page`) set to `page`, and keep its HTML
    in the cache per published revision, language and version of the page tree: the program
    and the body of an event are the same for every visitor of that revision."""
    key = kept_html_key(context, name, page)
    html = cache.get(key) if key else None
    if html is None:
        template_ = context.template.engine.get_template(name)
        with context.push(event=page, page=page):
            html = template_.render(context)
        if key:
            cache.set(key, html, KEPT_HTML_SECONDS)
    return mark_safe(html)
