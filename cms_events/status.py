"""The status vocabulary of an event and what each status means everywhere.

Every place that behaves differently per status (the banner and where it stands, the date in
the facts box, the add-to-calendar links, the page title, listings, iCalendar, schema.org,
registration, notifications, reminders) asks this module; nothing else hard-codes it.
`present()` adds the one thing a status alone cannot know: whether the event is over.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    MOVED_ONLINE = "moved_online", _("Moved online")


class CalendarLinks:
    """What the page offers to put the event in a calendar."""

    ADD = "add"  # .ics, Google Calendar and Outlook.com: a new entry
    UPDATE = "update"  # the .ics only: same UID, higher SEQUENCE, replaces the earlier entry
    NONE = ""


@dataclass(frozen=True)
class StatusBehaviour:
    """What one status means for each output of an event."""

    # The banner's visible signal word; empty for a normal, scheduled event.
    signal_word: str
    # The banner's headline when the editor wrote no update; it says something the signal word
    # does not (the banner shows both, one above the other).
    default_headline: str
    # iCalendar STATUS (RFC 5545 §3.8.1.11).
    ical_status: str
    # schema.org eventStatus.
    schema_status: str
    registration_open: bool
    notify_registrants: bool
    # Whether the browser tab's title starts with the signal word.
    in_page_title: bool
    # Whether the banner stands right under the title, before the facts box.
    banner_first: bool = True
    # Whether the planned date no longer holds: struck through (<del>), with the signal word.
    date_struck: bool = False
    # Add-to-calendar links, see `CalendarLinks`.
    calendar_links: str = CalendarLinks.ADD
    # Whether a moved date shows as “moved from … to …” (and schema.org previousStartDate).
    shows_previous_start: bool = False
    # Whether the event takes place online only: the venue no longer holds.
    online_only: bool = False
    # Whether listings show the status's default headline instead of the inviting intro.
    headline_in_listings: bool = False
    # Whether confirmed registrants get a reminder before the event (registration/reminders.py).
    sends_reminders: bool = True


SCHEMA = "https://schema.org/"

BEHAVIOURS = {
    EventStatus.SCHEDULED: StatusBehaviour(
        signal_word="",
        default_headline="",
        ical_status="CONFIRMED",
        schema_status=SCHEMA + "EventScheduled",
        registration_open=True,
        notify_registrants=False,
        in_page_title=False,
        banner_first=False,
    ),
    EventStatus.CANCELLED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Cancelled"),
        default_headline=_("The organisers have called this event off."),
        ical_status="CANCELLED",
        schema_status=SCHEMA + "EventCancelled",
        registration_open=False,
        notify_registrants=True,
        in_page_title=True,
        date_struck=True,
        calendar_links=CalendarLinks.NONE,
        headline_in_listings=True,
        sends_reminders=False,
    ),
    EventStatus.POSTPONED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Postponed"),
        # Not “a new date will follow”: that is only said when the editor says so
        # (`new_date_to_follow`).
        default_headline=_("This event will not take place on the planned date."),
        ical_status="TENTATIVE",
        schema_status=SCHEMA + "EventPostponed",
        registration_open=False,
        notify_registrants=True,
        in_page_title=True,
        date_struck=True,
        calendar_links=CalendarLinks.NONE,
        headline_in_listings=True,
        sends_reminders=False,
    ),
    EventStatus.RESCHEDULED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Rescheduled"),
        default_headline=_("This event has a new date."),
        ical_status="CONFIRMED",
        schema_status=SCHEMA + "EventRescheduled",
        registration_open=True,
        notify_registrants=True,
        in_page_title=False,
        calendar_links=CalendarLinks.UPDATE,
        shows_previous_start=True,
    ),
    EventStatus.MOVED_ONLINE: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Online"),
        default_headline=_("Taking part is now over the internet; there is no venue any more."),
        ical_status="CONFIRMED",
        schema_status=SCHEMA + "EventMovedOnline",
        registration_open=True,
        notify_registrants=True,
        in_page_title=False,
        calendar_links=CalendarLinks.UPDATE,
        shows_previous_start=True,
        online_only=True,
    ),
}


def behaviour_of(status):
    """Return the `StatusBehaviour` of a status value (a member or its string)."""
    return BEHAVIOURS[EventStatus(status)]


@dataclass(frozen=True)
class Presentation:
    """How an event presents itself now: its status's behaviour, corrected for a past event.

    A past event that took place (not cancelled or postponed) says so, and neither invites to
    register nor offers calendar links.
    """

    behaviour: StatusBehaviour
    is_past: bool
    # Words next to the struck date, such as “Gaat niet door” or “Uitgesteld”.
    date_note: str
    # The earlier start to show as “moved from … to …”, or None.
    previous_start: datetime | None
    # Whether a new date is announced to follow (a postponed event).
    new_date_to_follow: bool

    @property
    def banner_first(self):
        return self.behaviour.banner_first

    @property
    def date_struck(self):
        return self.behaviour.date_struck

    @property
    def took_place(self):
        """Return whether the event is over and was held (the page says “voorbij”)."""
        return self.is_past and not self.behaviour.date_struck

    @property
    def calendar_links(self):
        return CalendarLinks.NONE if self.is_past else self.behaviour.calendar_links

    @property
    def registration_open(self):
        return self.behaviour.registration_open and not self.is_past

    @property
    def badge(self):
        """Return the signal word for listings: the status's, or “Voorbij” for a held event."""
        if self.took_place:
            return pgettext_lazy("status signal word", "Past")
        return self.behaviour.signal_word

    @property
    def listing_text_is_headline(self):
        return self.behaviour.headline_in_listings


def present(event, now=None):
    """Return the `Presentation` of `event` at `now` (default: now)."""
    behaviour = behaviour_of(event.status)
    previous = event.previous_start
    shows_previous = behaviour.shows_previous_start and previous and previous != event.start
    new_date_to_follow = event.status == EventStatus.POSTPONED and event.new_date_to_follow
    date_note = behaviour.signal_word if behaviour.date_struck else ""
    if new_date_to_follow:
        # Translators: next to the struck date of a postponed event, “Uitgesteld, nieuwe datum
        # volgt” in Dutch.
        date_note = pgettext("date note", "%(status)s, a new date will follow") % {
            "status": date_note
        }
    return Presentation(
        behaviour=behaviour,
        is_past=event.ends_before(now or timezone.now()),
        date_note=date_note,
        previous_start=previous if shows_previous else None,
        new_date_to_follow=new_date_to_follow,
    )
