"""Keeping an event's translations in step with it.

wagtail-localize copies the synchronised fields (`SYNCHRONISED_FIELDS`: times, place, status,
calendar version, registration settings) when a translator publishes a translation. Status and
times must not wait for that: when any language version of an event is published, the others
get the new values at once, as a new revision, published if they are live. The calendar
version is copied exactly, so a calendar file from either language updates the same entry.
"""

from contextvars import ContextVar

from django.dispatch import receiver
from wagtail.signals import page_published

from cms_events.models import EventPage
from cms_events.models.pages import SYNCHRONISED_FIELDS

# Chosen from the default language's vocabulary, the same on every language version.
SYNCHRONISED_RELATIONS = ("themes", "audiences")


def synchronised_values(page):
    values = {name: getattr(page, name) for name in SYNCHRONISED_FIELDS}
    for name in SYNCHRONISED_RELATIONS:
        values[name] = sorted(getattr(page, name).values_list("pk", flat=True))
    return values


def push_to_translations(page):
    """Give every other language version of `page` its synchronised values; return those changed."""
    values = synchronised_values(page)
    changed = []
    translations = EventPage.objects.filter(translation_key=page.translation_key).exclude(
        pk=page.pk
    )
    for translation in translations:
        if synchronised_values(translation) == values:
            continue
        draft = translation.get_latest_revision_as_object()
        for name, value in values.items():
            setattr(draft, name, value)
        revision = draft.save_revision(log_action=True)
        if translation.live:
            revision.publish()
        # Saving counts its own calendar changes; the source's count is the one that holds.
        EventPage.objects.filter(pk=translation.pk).update(
            sequence=page.sequence, previous_start=page.previous_start
        )
        changed.append(translation)
    return changed


# Set while pushing, so that publishing a translation does not push back to the source.
_pushing = ContextVar("cms_events_pushing_translations", default=False)


@receiver(page_published)
def keep_translations_in_step(sender, instance, **kwargs):
    if not isinstance(instance, EventPage) or _pushing.get():
        return
    token = _pushing.set(True)
    try:
        push_to_translations(EventPage.objects.get(pk=instance.pk))
    finally:
        _pushing.reset(token)
