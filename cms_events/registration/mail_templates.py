"""Which editor's text a mail carries, and the facts its placeholders are filled with.

The mail builder (`emails.build_message`) asks `editor_mail()` once per mail. The event's own
text for the kind of mail wins; else the site's text for the kind, the page's language and the
event's form of address; else None, and the built-in text is sent. A stored text that cannot be
filled (saved before a check, or by a path that skips it) is never sent with a blank: the
built-in text goes instead, and the problem is logged.

The placeholders are filled from the facts the mail shows anyway (`emails.mail_facts()`), so
that the text and the facts block below it always agree.
"""

import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from cms_events.formatting import (
    format_date,
    format_date_range,
    format_open_end,
    format_time_range,
    format_walk_in,
    local_date,
)
from cms_events.models import MailTemplate
from cms_events.registration.placeholders import fill, names_in, one_line
from cms_events.templatetags.event_formatting import time_range

logger = logging.getLogger(__name__)

# A site text being edited, shown by the editor's live preview (`mail_samples.previewing`).
previewed = ContextVar("cms_events_previewed_mail_text", default=None)


class Source:
    """Where a mail's text comes from, as the admin preview names it."""

    EVENT = "event"
    SITE = "site"
    BUILT_IN = "built_in"


@dataclass(frozen=True)
class EditorMail:
    """The editor's words for one mail, filled in: subject ("" for the built-in one) and text."""

    subject: str
    body: str
    source: str
    names_sessions: bool
    # Whether the text gives the thank-you mail's link itself ({link}); else it follows.
    names_link: bool = False


def event_text(event, kind):
    """Return the event's own text for `kind`, or None."""
    return next((text for text in event.mail_texts.all() if text.kind == kind), None)


def site_text(event, kind, form_of_address):
    """Return the site's text for `kind` in the page's language and form of address, or None."""
    return MailTemplate.objects.filter(
        kind=kind, form_of_address=form_of_address, locale_id=event.locale_id
    ).first()


def texts_for(event, kind, form_of_address):
    """Return (subject text, body text, source) as stored, or None for the built-in text."""
    editing = previewed.get()
    if editing is not None and editing.kind == kind:
        return (editing.subject, editing.body, Source.SITE)
    own = event_text(event, kind)
    site = site_text(event, kind, form_of_address)
    if own is not None:
        return (own.subject or (site.subject if site else ""), own.body, Source.EVENT)
    if site is not None:
        return (site.subject, site.body, Source.SITE)
    return None


def when_values(event):
    """Return {datum, tijd}: the date in words and the time, with the walk-in time."""
    start, end = event.start, event.end
    if event.all_day:
        return {"datum": format_date_range(start, end or start), "tijd": gettext("All day")}
    if end is None:
        day, time = format_date(start), format_open_end(start)
    elif local_date(start) == local_date(end):
        day, time = format_date(start), format_time_range(start, end)
    else:
        day, time = format_date_range(start, end), format_time_range(start, end)
    if event.walk_in_time:
        time = f"{time} ({format_walk_in(event.walk_in_time)})"
    return {"datum": day, "tijd": time}


def place_value(facts):
    """Return where, on one line: the place, the online link, or what is said about it."""
    place = ", ".join(facts.get("place") or [])
    online = facts.get("online_url") or facts.get("online_note") or ""
    if place and facts.get("online_url"):
        return f"{place} ({gettext('Online')}: {online})"
    return place or online or gettext("Location to follow")


def sessions_value(context):
    """Return the registrant's sessions, one per line: the schedule, else the preferences."""
    schedule = context.get("session_schedule") or []
    if schedule and context["registration"].status == "confirmed":
        return "\n".join(
            f"- {item['round'].title} ({time_range(item['round'].start, item['round'].end)}):"
            f" {item['title']}"
            for item in schedule
        )
    preferences = context.get("session_preferences") or []
    return "\n".join(f"- {title}: {', '.join(titles)}" for title, titles in preferences)


def placeholder_values(context):
    """Return {placeholder: text} for a mail's context (see `emails.build_message`)."""
    facts, event = context["facts"], context["event"]
    return {
        "naam": context["registration"].name,
        "titel": facts.get("title", ""),
        **when_values(event),
        "plaats": place_value(facts),
        "pagina": facts.get("page_url", ""),
        "zelfservice": facts["manage_url"],
        "sessies": sessions_value(context),
        "link": context.get("thank_you_url", ""),
    }


def editor_mail(kind, context, form_of_address):
    """Return the `EditorMail` for a mail, or None to send the built-in text."""
    event = context["event"]
    texts = texts_for(event, kind, form_of_address) if event is not None else None
    if texts is None:
        return None
    subject, body, source = texts
    values = placeholder_values(context)
    try:
        filled_subject = one_line(fill(subject, values, kind)) if subject else ""
        filled_body = fill(body, values, kind)
    except ValidationError as error:
        logger.warning("Mail text of %s (%s) not used: %s", kind, source, error.messages)
        return None
    names = names_in(subject) | names_in(body)
    if "link" in names and not values["link"]:
        # A translation whose link was emptied: no blank where the link should be.
        logger.warning("Mail text of %s (%s) not used: the event has no link", kind, source)
        return None
    return EditorMail(
        filled_subject, filled_body, source, "sessies" in names_in(body), "link" in names_in(body)
    )
