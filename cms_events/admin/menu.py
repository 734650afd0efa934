"""The “Events” item of the admin menu: a shortcut to the explorer of the events index."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.models import Locale

from cms_events.models import EventIndexPage


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
