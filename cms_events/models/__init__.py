"""Models of cms_events, one module per kind of thing."""

from cms_events.models.event import (
    CALENDAR_FIELDS,
    EventPageMixin,
    ended_filter,
    not_ended_filter,
)
from cms_events.models.pages import EventIndexPage, EventPage, EventUpdate
from cms_events.models.privacy import DataSubjectRequestLog
from cms_events.models.registration import (
    ChangeNotification,
    EventCapacity,
    MailLog,
    PendingNotification,
    Registration,
    RegistrationFormField,
    SessionPlacement,
    ShortLink,
)
from cms_events.models.registration_settings import EventRegistrationMixin

__all__ = [
    "CALENDAR_FIELDS",
    "ChangeNotification",
    "DataSubjectRequestLog",
    "EventCapacity",
    "EventIndexPage",
    "EventPage",
    "EventPageMixin",
    "EventRegistrationMixin",
    "EventUpdate",
    "MailLog",
    "PendingNotification",
    "Registration",
    "RegistrationFormField",
    "SessionPlacement",
    "ShortLink",
    "ended_filter",
    "not_ended_filter",
]
