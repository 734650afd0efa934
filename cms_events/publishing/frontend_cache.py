"""Front-end cache invalidation for events (`wagtail.contrib.frontend_cache`).

Wagtail purges a page's own URLs when it is published or unpublished. An event also shows on
the pages above it (the index and its archive, a home page with upcoming events), in the
index's calendar feed, in its own .ics file and on its printable invitation, in every language:
those are purged here, once the change is committed.
"""

from django.db import transaction
from django.urls import reverse
from wagtail.signals import page_published, page_unpublished


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


def event_purge_batch(event):
    """Return a `PurgeBatch` with every URL that shows `event`, in every language."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from cms_events.models import ShortLink

    batch = PurgeBatch()
    for translation in event.get_translations(inclusive=True).specific():
        add_event_urls(batch, translation)
    link = ShortLink.objects.filter(translation_key=event.translation_key).first()
    if link is not None:
        batch.add_url(site_url(event, reverse("cms_events:invitation", args=[link.code])))
    batch.urls.discard(None)
    return batch


def frontend_cache_configured():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return bool(get_backends())


def purge_event_from_cache(event):
    """Purge every URL that shows `event` from the front-end caches, after the commit."""
    if not frontend_cache_configured():
        return
    batch = event_purge_batch(event)
    transaction.on_commit(batch.purge)


def purge_event_on_change(sender, instance, **kwargs):
    purge_event_from_cache(instance)


def register_signal_handlers():
    """Purge an event's listings, feeds and calendar files on publish and unpublish."""
    from cms_events.models import EventPage

    page_published.connect(purge_event_on_change, sender=EventPage)
    page_unpublished.connect(purge_event_on_change, sender=EventPage)
