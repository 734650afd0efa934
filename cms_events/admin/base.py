"""What the admin views of one event share: loading it, checking permission, breadcrumbs."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms_events.models import EventPage


class EventAdminViewMixin(WagtailAdminTemplateMixin):
    """An admin view about one event: `self.event`, with breadcrumbs Home › event › view.

    `required_permission` is “edit” or “publish”, as in the page's permission tester.
    """

    required_permission = "edit"

    def dispatch(self, request, page_id):
        self.event = get_object_or_404(EventPage, pk=page_id)
        permissions = self.event.permissions_for_user(request.user)
        allowed = (
            permissions.can_publish()
            if self.required_permission == "publish"
            else permissions.can_edit()
        )
        if not allowed:
            raise PermissionDenied
        self.setup_event(request)
        return super().dispatch(request, page_id)

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
