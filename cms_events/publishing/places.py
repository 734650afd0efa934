"""What follows a saved venue, organiser, theme or audience.

Such an entry is shown by every event that chose it: on its page, in its .ics file and the
feeds, in its JSON-LD and in mails. When one is saved:

- its translations get its synchronised fields (name, address, coordinates, accessibility
  facts, contact), so every language shows the same place;
- when a venue's name or address changed, every published event at it raises its iCalendar
  SEQUENCE (the stored counter `EventPageMixin.track_calendar_changes` keeps), so calendars
  that hold the event take the new LOCATION;
- the page tree gets a new version (`tree_version`), so routed pages and kept HTML that hold
  the old entry are not used again, and the front-end caches (the page cache among them)
  purge every URL that shows one of those events, and the entry's own page and feed.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save

from cms_events.publishing.frontend_cache import (
    entry_urls,
    event_purge_batch,
    frontend_cache_configured,
)
from cms_events.publishing.tree_version import new_tree_version

# The field of an event that points to each kind of entry.
EVENT_FIELDS = {
    "Venue": "venue",
    "Organiser": "organised_by",
    "Theme": "themes",
    "Audience": "audiences",
}


def events_showing(entry):
    """Return the events (any language, drafts too) that chose `entry` or a translation of it."""
    from cms_events.models import EventPage

    field = EVENT_FIELDS[type(entry).__name__]
    return EventPage.objects.filter(**{f"{field}__translation_key": entry.translation_key})


def keep_translations_in_step(entry):
    """Give the other translations of `entry` its synchronised fields."""
    values = {name: getattr(entry, name) for name in entry.SYNCHRONISED}
    others = type(entry).objects.filter(translation_key=entry.translation_key)
    others.exclude(pk=entry.pk).update(**values)


def location_of(venue):
    return tuple(getattr(venue, name) for name in venue.LOCATION)


def remember_stored_location(sender, instance, raw=False, **kwargs):
    """Keep the stored name and address of a venue about to be saved, to compare after."""
    if raw or instance.pk is None:
        instance._stored_location = None
        return
    stored = type(instance).objects.filter(pk=instance.pk).values(*instance.LOCATION).first()
    instance._stored_location = tuple(stored.values()) if stored else None


def raise_sequence_of_events_at(venue):
    """Raise the SEQUENCE of every published event at `venue` (every language alike)."""
    events = events_showing(venue).filter(first_published_at__isnull=False)
    events.update(sequence=F("sequence") + 1)


def purge_batch(entry):
    """Return a `PurgeBatch` of every URL that shows `entry` or one of its events: the
    entry's own pages on every site, whether it has events or not."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Site

    batch = PurgeBatch()
    seen = set()
    events = events_showing(entry).live().defer_streamfields()
    for event in events:
        if event.translation_key in seen:
            continue
        seen.add(event.translation_key)
        batch.urls.update(event_purge_batch(event).urls)
    for site in Site.objects.all():
        batch.urls.update(entry_urls(entry, site.root_url))
    batch.urls.discard(None)
    return batch


def entry_saved(sender, instance, created=False, raw=False, **kwargs):
    """Keep translations, calendars and caches in step with a saved entry."""
    if raw:
        return
    keep_translations_in_step(instance)
    stored = getattr(instance, "_stored_location", None)
    if hasattr(instance, "LOCATION") and stored is not None and stored != location_of(instance):
        raise_sequence_of_events_at(instance)
    new_tree_version()
    if not created and frontend_cache_configured():
        batch = purge_batch(instance)
        transaction.on_commit(batch.purge)


def register_signal_handlers():
    from cms_events.models import Audience, Organiser, Theme, Venue

    pre_save.connect(remember_stored_location, sender=Venue)
    for model in (Venue, Organiser, Theme, Audience):
        post_save.connect(entry_saved, sender=model)
        # Routing keeps an event with its themes and audiences (`get_common_children`): a
        # deleted entry must not stay on it.
        post_delete.connect(new_tree_version, sender=model)
