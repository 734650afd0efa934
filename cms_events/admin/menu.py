"""The “Events” menu of the admin: the events index in the explorer, and the tools around it.

Other parts of the extension add their items with the `register_cms_events_menu_item` hook;
the menu hides itself when none of its items is shown to the user.
"""

from django.urls import reverse
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.models import Locale

from cms_events.models import EventIndexPage

events_menu = Menu(
    register_hook_name="register_cms_events_menu_item",
    construct_hook_name="construct_cms_events_menu",
)


class EventsSubmenuMenuItem(SubmenuMenuItem):
    """“Events” in the main menu, opening `events_menu`."""

    def __init__(self, label, **kwargs):
        super().__init__(label, events_menu, **kwargs)


class EventsMenuItem(MenuItem):
    """Link to the events index in the explorer; hidden when there is none or no permission."""

    def get_index(self):
        indexes = EventIndexPage.objects.order_by("path")
        return indexes.filter(locale=Locale.get_default()).first() or indexes.first()

    def is_shown(self, request):
        index = self.get_index()
        return bool(index and index.permissions_for_user(request.user).can_edit())

    def render_component(self, request):
        # Menu items are shared between requests: compute the URL, never store it.
        url = reverse("wagtailadmin_explore", args=[self.get_index().pk])
        return LinkMenuItemComponent(
            self.name, self.label, url, icon_name=self.icon_name, attrs=self.attrs
        )


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with `permission`."""

    def __init__(self, label, url, *, permission, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
