"""Models of cms_events, one module per kind of thing."""

from cms_events.models.check_in import CheckInRequest
from cms_events.models.event import (
    CALENDAR_FIELDS,
    EventPageMixin,
    ended_filter,
    not_ended_filter,
)
from cms_events.models.mail_templates import EventMailText, MailTemplate
from cms_events.models.pages import EventIndexPage, EventPage, EventUpdate
from cms_events.models.places import (
    ACCESSIBILITY_FACTS,
    Audience,
    Fact,
    Organiser,
    Place,
    Theme,
    Venue,
)
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
from cms_events.models.series import EventSeriesMixin, Occurrence, SeriesDateChange
from cms_events.models.site_settings import EventSiteSettings, site_form_of_address

__all__ = [
    "ACCESSIBILITY_FACTS",
    "CALENDAR_FIELDS",
    "Audience",
    "ChangeNotification",
    "CheckInRequest",
    "DataSubjectRequestLog",
    "EventCapacity",
    "EventIndexPage",
    "EventMailText",
    "EventPage",
    "EventPageMixin",
    "EventRegistrationMixin",
    "EventSeriesMixin",
    "EventSiteSettings",
    "EventUpdate",
    "Fact",
    "MailLog",
    "MailTemplate",
    "Occurrence",
    "Organiser",
    "PendingNotification",
    "Place",
    "Registration",
    "RegistrationFormField",
    "SeriesDateChange",
    "SessionPlacement",
    "ShortLink",
    "Theme",
    "Venue",
    "ended_filter",
    "not_ended_filter",
    "site_form_of_address",
]
