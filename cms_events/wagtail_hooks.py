"""Admin wiring only; behaviour lives in the modules it registers."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_menu import EventsMenuItem


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return EventsMenuItem(_("Events"), "#", icon_name="date", order=150, name="events")
