"""Short links and QR codes to an event's registration section."""

from django.urls import reverse

from cms_events.models import EventPage, ShortLink
from cms_events.visibility import public


def short_link_for(event):
    """Return the `ShortLink` of the event in its language, creating it on first use (kept on
    `event`)."""
    link = getattr(event, "_cms_events_short_link", None)
    if (
        link is None
        or link.translation_key != event.translation_key
        or link.locale_id != event.locale_id
    ):
        # Routing loads the code along with the event (`EventIndexPage.get_common_children`).
        code = getattr(event, "short_link_code", None)
        if code:
            link = ShortLink(
                translation_key=event.translation_key, locale_id=event.locale_id, code=code
            )
        else:
            link, _created = ShortLink.objects.get_or_create(
                translation_key=event.translation_key, locale_id=event.locale_id
            )
        event._cms_events_short_link = link
    return link


def make_short_link_on_publish(sender, instance, **kwargs):
    """Give an event its short link when it is published, before anyone visits it: routing
    keeps the event it found, with the code it had then, until the page tree changes, so a
    code made on the first visit would be asked for again on every visit until then."""
    if isinstance(instance, EventPage):
        short_link_for(instance)


def short_path(event):
    return reverse("cms_events:short_link", args=[short_link_for(event).code])


def short_url(event, request=None):
    """Return the absolute short URL of `event` (the QR code's content)."""
    path = short_path(event)
    if request is not None:
        return request.build_absolute_uri(path)
    return event.get_site().root_url + path


def event_for_code(code):
    """Return the live, public event in the short link's language (else in another), or None."""
    link = ShortLink.objects.filter(code=code).first()
    if link is None:
        return None
    events = public(EventPage.objects.live()).filter(translation_key=link.translation_key)
    return events.filter(locale_id=link.locale_id).first() or events.order_by("pk").first()
