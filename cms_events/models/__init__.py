"""Models of cms_events, one module per kind of thing."""

from .event import CALENDAR_FIELDS, EventPageMixin
from .pages import EventIndexPage, EventPage, EventUpdate

__all__ = ["CALENDAR_FIELDS", "EventIndexPage", "EventPage", "EventPageMixin", "EventUpdate"]
