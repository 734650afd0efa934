"""Admin wiring only; behaviour lives in the modules it registers."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from cms_events.admin import mail_templates
from cms_events.admin import urls as admin_urls
from cms_events.admin.buttons import (
    ChangeStatusButton,
    CheckInButton,
    MailsButton,
    QRCodeButton,
    RegistrationsButton,
    SessionsButton,
)
from cms_events.admin.check_in import PERMISSION as CHECK_IN_PERMISSION
from cms_events.admin.data_subject import PERMISSION as DATA_SUBJECT_PERMISSION
from cms_events.admin.menu import EventsMenuItem, EventsSubmenuMenuItem, PermissionMenuItem
from cms_events.admin.notifications import after_publishing
from cms_events.admin.panels import UpcomingRegistrationsPanel
from cms_events.admin.snippets import PlacesAndTopicsViewSetGroup
from cms_events.models import EventPage
from cms_events.page_links import PageLinkHandler
from cms_events.registration.csrf import check_page_request
from cms_events.registration.notifications import date_facts

register_snippet(PlacesAndTopicsViewSetGroup)


@hooks.register("register_admin_menu_item")
def register_events_menu():
    return EventsSubmenuMenuItem(_("Events"), icon_name="date", order=150, name="events")


@hooks.register("register_cms_events_menu_item")
def register_event_pages_menu_item():
    return EventsMenuItem(_("All events"), "#", icon_name="date", order=100, name="event-pages")


@hooks.register("register_cms_events_menu_item")
def register_data_subject_menu_item():
    return PermissionMenuItem(
        _("Data-subject requests"),
        reverse("cms_events_data_subject"),
        permission=DATA_SUBJECT_PERMISSION,
        icon_name="user",
        order=900,
        name="data-subject-requests",
    )


@hooks.register("register_cms_events_menu_item")
def register_check_in_menu_item():
    return PermissionMenuItem(
        _("Check-in"),
        reverse("cms_events_check_in_events"),
        permission=CHECK_IN_PERMISSION,
        icon_name="tick",
        order=200,
        name="check-in",
    )


register_snippet(mail_templates.viewset)


@hooks.register("register_cms_events_menu_item")
def register_mail_texts_menu_item():
    return PermissionMenuItem(
        _("Mail texts"),
        mail_templates.viewset.menu_url,
        permission=mail_templates.PERMISSION,
        icon_name="mail",
        order=800,
        name="mail-texts",
    )


@hooks.register("register_permissions")
def register_data_subject_permission():
    app_label, codename = DATA_SUBJECT_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_permissions")
def register_check_in_permission():
    app_label, codename = CHECK_IN_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return admin_urls.urlpatterns


@hooks.register("register_page_listing_more_buttons")
def register_change_status_listing_button(page, user, next_url=None):
    yield ChangeStatusButton(page=page, priority=15)
    yield RegistrationsButton(page=page, priority=16)
    yield QRCodeButton(page=page, priority=17)
    yield CheckInButton(page=page, priority=18)


@hooks.register("register_page_header_buttons")
def register_change_status_header_button(page, user, view_name, next_url=None):
    yield ChangeStatusButton(page=page, priority=12)
    yield RegistrationsButton(page=page, priority=13)
    yield SessionsButton(page=page, priority=14)
    yield QRCodeButton(page=page, priority=15)
    yield MailsButton(page=page, priority=16)
    yield CheckInButton(page=page, priority=17)


@hooks.register("construct_homepage_panels")
def add_upcoming_registrations_panel(request, panels):
    if request.user.has_perm("cms_events.view_registration"):
        panels.append(UpcomingRegistrationsPanel())


@hooks.register("before_edit_page")
def remember_calendar_version(request, page):
    if isinstance(page, EventPage):
        request.cms_events_sequence = page.sequence
        request.cms_events_dates = date_facts(page)


@hooks.register("after_edit_page")
def ask_to_notify_registrants(request, page):
    """After publishing a change of time, place or status, ask whether to notify."""
    before = getattr(request, "cms_events_sequence", None)
    if before is None or not isinstance(page, EventPage):
        return None
    event = EventPage.objects.get(pk=page.pk)
    return after_publishing(request, event, before, getattr(request, "cms_events_dates", None))


@hooks.register("before_serve_page")
def check_csrf_of_page_posts(page, request, serve_args, serve_kwargs):
    """Django's CSRF check for POSTs to pages, unless the page checks them itself."""
    return check_page_request(page, request)


# After Wagtail's own registration (order 0), so that this handler replaces it.
@hooks.register("register_rich_text_features", order=10)
def register_page_link_handler(features):
    features.register_link_type(PageLinkHandler)
