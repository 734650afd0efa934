"""The dashboard panel: upcoming events with their registration counts, and the changes that
their registrants have not been told about yet (shown only to who may see registrants)."""

from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from cms_events.models import (
    EventCapacity,
    EventPage,
    PendingNotification,
    Registration,
    not_ended_filter,
)


class UpcomingRegistrationsPanel(Component):
    name = "cms_events_upcoming_registrations"
    template_name = "cms_events/admin/dashboard_panel.html"
    order = 110

    def __init__(self, limit=10):
        self.limit = limit

    def get_events(self):
        events = EventPage.objects.filter(
            not_ended_filter(timezone.now()),
            registration_mode=EventPage.Mode.FORM,
            locale=Locale.get_default(),
        ).order_by("start")[: self.limit]
        return list(events)

    def get_counts(self, events):
        """Return {translation_key: (confirmed, waiting)} in one query."""
        rows = EventCapacity.objects.filter(
            translation_key__in=[event.translation_key for event in events]
        ).annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING_LIST)
            ),
        )
        return {row.translation_key: (row.confirmed, row.waiting) for row in rows}

    def get_pending_changes(self):
        """Return the published changes that registrants have not been told about yet."""
        pending = PendingNotification.objects.filter(page__isnull=False)
        return list(pending.select_related("page").order_by("changed_at"))

    def get_context_data(self, parent_context):
        events = self.get_events()
        counts = self.get_counts(events)
        return {
            "rows": [(event, *counts.get(event.translation_key, (0, 0))) for event in events],
            "pending": self.get_pending_changes(),
        }
