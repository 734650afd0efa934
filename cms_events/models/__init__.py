"""Models of cms_events, one module per kind of thing."""

from .event import CALENDAR_FIELDS, EventPageMixin
from .pages import EventIndexPage, EventPage, EventUpdate
from .registration import (
    ChangeNotification,
    EventCapacity,
    MailLog,
    Registration,
    RegistrationFormField,
    SessionPlacement,
    ShortLink,
)
from .registration_settings import EventRegistrationMixin

__all__ = [
    "CALENDAR_FIELDS",
    "ChangeNotification",
    "EventCapacity",
    "EventIndexPage",
    "EventPage",
    "EventPageMixin",
    "EventRegistrationMixin",
    "EventUpdate",
    "MailLog",
    "Registration",
    "RegistrationFormField",
    "SessionPlacement",
    "ShortLink",
]
