"""What the admin views of one event share: loading it, checking permission, breadcrumbs.

A refused user gets Wagtail's answer, never Django's login redirect (which follows
`LOGIN_URL`, a page a Wagtail site may not have): `PermissionDenied` is turned by Wagtail's
admin into its “no permission” message on the dashboard, and a visitor who is not logged in
is sent to Wagtail's login.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms_events.models import EventPage

# Seeing registrants (names, addresses, answers) and acting on them (changing a registration,
# mailing registrants) are separate permissions, given per group in Wagtail's settings.
VIEW_REGISTRATIONS = "cms_events.view_registration"
CHANGE_REGISTRATIONS = "cms_events.change_registration"
# At the door: names, sessions and status only (cms_events/admin/check_in.py).
CHECK_IN_REGISTRATIONS = "cms_events.check_in_registration"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def may_see_registrants(user):
    return user.has_perm(VIEW_REGISTRATIONS)


def may_mail_registrants(user):
    return user.has_perms([VIEW_REGISTRATIONS, CHANGE_REGISTRATIONS])


class EventAdminViewMixin(WagtailAdminTemplateMixin):
    """An admin view about one event: `self.event`, with breadcrumbs Home › event › view.

    `required_permission` is “edit” or “publish”, as in the page's permission tester. A view
    that shows registrants sets `view_permission` (needed to open it) and `action_permission`
    (needed for every POST); they are checked here, before the view reads anything.
    """

    required_permission = "edit"
    view_permission = None
    action_permission = None

    def dispatch(self, request, page_id):
        self.event = get_object_or_404(EventPage, pk=page_id)
        if not self.has_page_permission(request.user) or not self.has_permission(request):
            raise PermissionDenied
        self.setup_event(request)
        return super().dispatch(request, page_id)

    def has_page_permission(self, user):
        permissions = self.event.permissions_for_user(user)
        if self.required_permission == "publish":
            return permissions.can_publish()
        return permissions.can_edit()

    def has_permission(self, request):
        """Return whether the user may see this view and, for a POST, act in it."""
        needed = [self.view_permission]
        if request.method not in SAFE_METHODS:
            needed.append(self.action_permission)
        return request.user.has_perms([name for name in needed if name])

    def setup_event(self, request):
        """Load what the view needs about `self.event`; called after the permission check."""

    def get_page_subtitle(self):
        return self.event.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]
