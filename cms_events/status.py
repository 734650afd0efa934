"""The status vocabulary of an event and what each status means everywhere.

Every place that behaves differently per status (the banner, the page title, listings, iCalendar,
schema.org, registration, notifications) asks this module; nothing else hard-codes it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    MOVED_ONLINE = "moved_online", _("Moved online")


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
    ),
    EventStatus.CANCELLED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Cancelled"),
        default_headline=_("The organisers have called this event off."),
        ical_status="CANCELLED",
        schema_status=SCHEMA + "EventCancelled",
        registration_open=False,
        notify_registrants=True,
        in_page_title=True,
    ),
    EventStatus.POSTPONED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Postponed"),
        default_headline=_("A new date will be announced here."),
        ical_status="TENTATIVE",
        schema_status=SCHEMA + "EventPostponed",
        registration_open=False,
        notify_registrants=True,
        in_page_title=True,
    ),
    EventStatus.RESCHEDULED: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Rescheduled"),
        default_headline=_("This event has a new date."),
        ical_status="CONFIRMED",
        schema_status=SCHEMA + "EventRescheduled",
        registration_open=True,
        notify_registrants=True,
        in_page_title=False,
    ),
    EventStatus.MOVED_ONLINE: StatusBehaviour(
        signal_word=pgettext_lazy("status signal word", "Online"),
        default_headline=_("Taking part is now over the internet; there is no venue any more."),
        ical_status="CONFIRMED",
        schema_status=SCHEMA + "EventMovedOnline",
        registration_open=True,
        notify_registrants=True,
        in_page_title=False,
    ),
}


def behaviour_of(status):
    """Return the `StatusBehaviour` of a status value (a member or its string)."""
    return BEHAVIOURS[EventStatus(status)]
