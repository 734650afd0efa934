"""Front-end cache invalidation for events (`wagtail.contrib.frontend_cache`).

Wagtail purges a page's own URLs when it is published or unpublished. An event also shows on
the pages above it (the index and its archive, a home page with upcoming events), in the
index's calendar feed, in its own .ics file and on its printable invitations (a series' and
those of its coming dates), in every language:
those are purged here, once the change is committed.

A registration that takes or frees a place changes the places left on the event's page: the
page cache forgets the page at once, a cache in front at most once every
REGISTRATION_PURGE_INTERVAL seconds per event (a CDN's purge API is not made for a purge per
registration). The page's s-maxage bounds what a skipped purge leaves standing. The URLs of
an event's pages are kept in the cache for those purges, and forgotten when a page is
published, unpublished or moved.

The pages of an event's venue and organiser list it: they are purged with it, and so are
those of the venue and organiser it had before it was saved, which list it no longer.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.signals import page_published, page_unpublished, post_page_move

REGISTRATION_PURGE_INTERVAL = 10
# Seconds the URLs of an event's pages (every language) are kept for the purges that follow
# registrations; forgotten on publish, unpublish and move.
EVENT_URLS_SECONDS = 60 * 60


def site_url(page, path):
    """Return the absolute URL of `path` on the site of `page`, or None if it has no site."""
    url_parts = page.get_url_parts()
    if url_parts is None:
        return None
    _site_id, root_url, _page_path = url_parts
    return root_url + path


def add_event_urls(batch, event):
    """Add the URLs that show `event` (one language) to the `PurgeBatch`."""
    from cms_events.models import EventIndexPage

    batch.add_page(event)
    batch.add_url(site_url(event, reverse("cms_events:event_ics", args=[event.pk])))
    for ancestor in event.get_ancestors().filter(depth__gt=1).specific():
        batch.add_page(ancestor)
        if isinstance(ancestor, EventIndexPage):
            batch.add_url(site_url(ancestor, reverse("cms_events:feed", args=[ancestor.pk])))


# The public pages of each kind of entry that has them (`cms_events.finding.urls`).
ENTRY_URL_NAMES = {
    "Venue": ("venue", "venue_feed", "venue_map", "venue_map_embed"),
    "Organiser": ("organiser", "organiser_feed"),
}


def entry_urls(entry, root_url):
    """Return the URLs of the public pages of `entry` (a venue or organiser) in every
    language, on `root_url`; none when the site does not include them."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in ENTRY_URL_NAMES.get(type(entry).__name__, ()):
                try:
                    urls.append(root_url + reverse(f"cms_events_finding:{name}", args=[entry.slug]))
                except NoReverseMatch:
                    continue
    return urls


def entries_of(events, stored=None):
    """Return the venues and organisers chosen by `events`, and those in `stored` (the
    (venue id, organiser id) an event had before it was saved)."""
    from cms_events.models import Organiser, Venue

    pairs = [(event.venue_id, event.organised_by_id) for event in events]
    pairs += [stored] if stored else []
    venue_ids = {venue_id for venue_id, _organiser_id in pairs if venue_id}
    organiser_ids = {organiser_id for _venue_id, organiser_id in pairs if organiser_id}
    venues = Venue.objects.filter(pk__in=venue_ids) if venue_ids else []
    organisers = Organiser.objects.filter(pk__in=organiser_ids) if organiser_ids else []
    return [*venues, *organisers]


def event_purge_batch(event):
    """Return a `PurgeBatch` with every URL that shows `event`, in every language."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from cms_events.models import ShortLink

    batch = PurgeBatch()
    translations = list(event.get_translations(inclusive=True).specific())
    for translated in translations:
        add_event_urls(batch, translated)
    links = {
        link.locale_id: link
        for link in ShortLink.objects.filter(translation_key=event.translation_key)
    }
    for link in links.values():
        batch.add_url(site_url(event, reverse("cms_events:invitation", args=[link.code])))
    for translated in translations:
        link = links.get(translated.locale_id)
        if link is not None and translated.is_series:
            # The invitations of the dates editors print (admin/qr_codes.py).
            for occurrence in translated.shown_upcoming_dates():
                path = reverse("cms_events:date_invitation", args=[link.code, occurrence.date])
                batch.add_url(site_url(event, path))
    root_url = site_url(event, "")
    if root_url is not None:
        for entry in entries_of(translations, getattr(event, "_stored_entries", None)):
            batch.urls.update(entry_urls(entry, root_url))
    batch.urls.discard(None)
    return batch


def remember_stored_entries(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep the venue and organiser an event had before a full save (publishing one), so
    that their pages, which list it, are purged too."""
    if raw or instance.pk is None or update_fields is not None:
        return
    stored = type(instance).objects.filter(pk=instance.pk)
    instance._stored_entries = stored.values_list("venue_id", "organised_by_id").first()


def frontend_cache_configured():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return bool(get_backends())


def caches_in_front():
    """Return the names of the front-end cache backends other than the page cache."""
    from wagtail.contrib.frontend_cache.utils import get_backends

    from cms_events.publishing.page_cache import PageCacheBackend

    backends = get_backends().items()
    return [name for name, backend in backends if not isinstance(backend, PageCacheBackend)]


def purge_event_from_cache(event):
    """Purge every URL that shows `event` from the front-end caches, after the commit."""
    forget_event_urls(None, event)
    if not frontend_cache_configured():
        return
    batch = event_purge_batch(event)
    transaction.on_commit(batch.purge)


def purge_event_on_change(sender, instance, **kwargs):
    purge_event_from_cache(instance)


def event_urls_key(translation_key):
    return f"cms_events:event-urls:{translation_key}"


def forget_event_urls(sender, instance, **kwargs):
    """An event's URLs may change when a page is published, unpublished or moved."""
    translation_key = getattr(instance, "translation_key", None)
    if translation_key is not None:
        cache.delete(event_urls_key(translation_key))


def purge_event_pages(translation_key):
    """Purge the pages of an event (every language) after a registration changed its places."""
    from urllib.parse import urlsplit

    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from cms_events.models import EventPage
    from cms_events.publishing.page_cache import purge_paths

    urls_key = event_urls_key(translation_key)
    urls = cache.get(urls_key)
    if urls is None:
        pages = EventPage.objects.live().filter(translation_key=translation_key)
        urls = [url for url in (page.get_full_url() for page in pages.defer_streamfields()) if url]
        cache.set(urls_key, urls, EVENT_URLS_SECONDS)
    purge_paths(urlsplit(url).path for url in urls)
    backends = caches_in_front()
    throttle_key = f"cms_events:registration-purge:{translation_key}"
    if backends and cache.add(throttle_key, True, timeout=REGISTRATION_PURGE_INTERVAL):
        PurgeBatch(urls).purge(backends=backends)


def purge_on_registration(sender, instance, created, update_fields=None, **kwargs):
    """After a registration takes or frees a place, purge its event's pages (on commit)."""
    if created and instance.status != instance.Status.CONFIRMED:
        return  # on the waiting list: the page shows the same
    if update_fields is not None and "status" not in update_fields:
        return
    translation_key = instance.event.translation_key
    transaction.on_commit(lambda: purge_event_pages(translation_key))


def site_purge_batch(site):
    """Return a `PurgeBatch` with every live page of `site`, in every language."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    for root in site.root_page.get_translations(inclusive=True):
        pages = Page.objects.descendant_of(root, inclusive=True).live().defer_streamfields()
        batch.add_pages(pages)
    return batch


def purge_on_site_settings(sender, instance, **kwargs):
    """After the site's form of address changed, purge its pages: their fixed texts changed."""
    if not frontend_cache_configured():
        return
    site = instance.site
    transaction.on_commit(lambda: site_purge_batch(site).purge())


def register_signal_handlers():
    """Purge an event's listings, feeds, calendar files and the pages of its venue and
    organiser on publish and unpublish, its
    pages when a registration changes the places left, and a site's pages when its form of
    address changes."""
    from cms_events.models import EventPage, EventSiteSettings, Registration

    pre_save.connect(remember_stored_entries, sender=EventPage)
    page_published.connect(purge_event_on_change, sender=EventPage)
    page_unpublished.connect(purge_event_on_change, sender=EventPage)
    page_published.connect(forget_event_urls)
    page_unpublished.connect(forget_event_urls)
    post_page_move.connect(forget_event_urls)
    post_save.connect(purge_on_registration, sender=Registration)
    post_save.connect(purge_on_site_settings, sender=EventSiteSettings)
