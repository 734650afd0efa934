"""Admin wiring only; behaviour lives in the modules it registers."""

from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_buttons import ChangeStatusButton, QRCodeButton, RegistrationsButton, SessionsButton
from .admin_menu import EventsMenuItem
from .admin_panels import UpcomingRegistrationsPanel
from .admin_views import StatusChangeView
from .models import EventPage
from .notifications_admin import NotifyRegistrantsView, needs_notification
from .page_links import PageLinkHandler
from .registrations_admin import RegistrationsView
from .sessions_admin import SessionsView


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return EventsMenuItem(_("Events"), "#", icon_name="date", order=150, name="events")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "events/<int:page_id>/status/",
            StatusChangeView.as_view(),
            name="cms_events_change_status",
        ),
        path(
            "events/<int:page_id>/notify/",
            NotifyRegistrantsView.as_view(),
            name="cms_events_notify",
        ),
        path(
            "events/<int:page_id>/registrations/",
            RegistrationsView.as_view(),
            name="cms_events_registrations",
        ),
        path(
            "events/<int:page_id>/sessions/",
            SessionsView.as_view(),
            name="cms_events_sessions",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def register_change_status_listing_button(page, user, next_url=None):
    yield ChangeStatusButton(page=page, priority=15)
    yield RegistrationsButton(page=page, priority=16)
    yield QRCodeButton(page=page, priority=17)


@hooks.register("register_page_header_buttons")
def register_change_status_header_button(page, user, view_name, next_url=None):
    yield ChangeStatusButton(page=page, priority=12)
    yield RegistrationsButton(page=page, priority=13)
    yield SessionsButton(page=page, priority=14)
    yield QRCodeButton(page=page, priority=15)


@hooks.register("construct_homepage_panels")
def add_upcoming_registrations_panel(request, panels):
    if request.user.has_perm("cms_events.view_registration"):
        panels.append(UpcomingRegistrationsPanel())


@hooks.register("before_edit_page")
def remember_calendar_version(request, page):
    if isinstance(page, EventPage):
        request.cms_events_sequence = page.sequence


@hooks.register("after_edit_page")
def ask_to_notify_registrants(request, page):
    """After publishing a change of time, place or status, ask whether to notify."""
    before = getattr(request, "cms_events_sequence", None)
    if before is None or not isinstance(page, EventPage):
        return None
    page = EventPage.objects.get(pk=page.pk)
    if needs_notification(page, before):
        return redirect("cms_events_notify", page.pk)
    return None


# After Wagtail's own registration (order 0), so that this handler replaces it.
@hooks.register("register_rich_text_features", order=10)
def register_page_link_handler(features):
    features.register_link_type(PageLinkHandler)
