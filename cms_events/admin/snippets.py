"""The snippets editors manage: venues, organisers, themes and audiences.

Wagtail's snippet views with its model permissions (add, change, delete per kind); with
wagtail-localize installed, each gets “Translate” in every language. They are grouped in the
admin menu as “Places and topics”.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms_events.models import Audience, Organiser, Theme, Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    list_display = ["name", "city"]
    list_filter = ["city"]
    search_fields = ["name", "city"]


class OrganiserViewSet(SnippetViewSet):
    model = Organiser
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]


class PlacesAndTopicsViewSetGroup(SnippetViewSetGroup):
    items = (VenueViewSet, OrganiserViewSet, ThemeViewSet, AudienceViewSet)
    menu_icon = "site"
    menu_label = _("Places and topics")
    menu_name = "cms-events-places-and-topics"
    menu_order = 160
