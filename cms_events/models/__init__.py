"""Models of cms_events, one module per kind of thing."""

from cms_events.models.event import (
    CALENDAR_FIELDS,
    EventPageMixin,
    ended_filter,
    not_ended_filter,
)
from cms_events.models.mail_templates import EventMailText, MailTemplate
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
from cms_events.models.site_settings import EventSiteSettings, site_form_of_address

__all__ = [
    "CALENDAR_FIELDS",
    "ChangeNotification",
    "DataSubjectRequestLog",
    "EventCapacity",
    "EventIndexPage",
    "EventMailText",
    "EventPage",
    "EventPageMixin",
    "EventRegistrationMixin",
    "EventSiteSettings",
    "EventUpdate",
    "MailLog",
    "MailTemplate",
    "PendingNotification",
    "Registration",
    "RegistrationFormField",
    "SessionPlacement",
    "ShortLink",
    "ended_filter",
    "not_ended_filter",
    "site_form_of_address",
]
