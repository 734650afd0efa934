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


def shared_date(event):
    """Return the date of a series that `event` is seen on (an `EventOnDate`), which has short
    links of its own, or None for a whole series or a single event."""
    occurrence = getattr(event, "occurrence", None)
    return occurrence.date if occurrence is not None and occurrence.in_series else None


def short_path(event, day=None):
    """Return the short path of `event`, or of its date `day` of a series
    (“/e/k7m2p9q/2027-04-19/”)."""
    code = short_link_for(event).code
    if day is not None:
        return reverse("cms_events:date_short_link", args=[code, day])
    return reverse("cms_events:short_link", args=[code])


def short_url(event, request=None, day=None):
    """Return the absolute short URL of `event`, or of its date `day` (the QR code's content)."""
    path = short_path(event, day)
    if request is not None:
        return request.build_absolute_uri(path)
    return event.get_site().root_url + path


def sharing_paths(event, day=None):
    """Return the paths of the QR codes (SVG, PNG) and the printable invitation of `event`, or
    of its date `day`."""
    code = short_link_for(event).code
    if day is None:
        args, prefix = [code], ""
    else:
        args, prefix = [code, day], "date_"
    return {
        "qr_svg": reverse(f"cms_events:{prefix}short_link_qr", args=[*args, "svg"]),
        "qr_png": reverse(f"cms_events:{prefix}short_link_qr", args=[*args, "png"]),
        "invitation": reverse(f"cms_events:{prefix}invitation", args=args),
    }


def event_for_code(code):
    """Return the live, public event in the short link's language (else in another), or None."""
    link = ShortLink.objects.filter(code=code).first()
    if link is None:
        return None
    events = public(EventPage.objects.live()).filter(translation_key=link.translation_key)
    return events.filter(locale_id=link.locale_id).first() or events.order_by("pk").first()


def event_on_shared_date(event, day):
    """Return `event` (a series) on its stored date `day` (`EventOnDate`), or None when it is
    not a series or has no such date: a single event has no dated links."""
    if not getattr(event, "is_series", False):
        return None
    on_date = event.on_stored_date(day)
    return on_date if on_date is not None and shared_date(on_date) == day else None
