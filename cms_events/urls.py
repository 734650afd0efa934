"""Endpoints of cms_events that live outside the page tree.

Tokens and short codes are matched by their alphabet, so nothing else in those places of a URL
reaches a view or the database.
"""

from django.urls import path, register_converter

from cms_events.calendar import views as calendar_views
from cms_events.registration import views as registration_views
from cms_events.sharing import views as sharing_views


class TokenConverter:
    """A self-service token (`secrets.token_urlsafe`)."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ShortCodeConverter(TokenConverter):
    """The code of a short link (`ShortLink.code`)."""

    regex = "[a-z0-9]{1,16}"


class ImageFormatConverter(TokenConverter):
    regex = "svg|png"


register_converter(TokenConverter, "cms_events_token")
register_converter(ShortCodeConverter, "cms_events_code")
register_converter(ImageFormatConverter, "cms_events_image_format")

app_name = "cms_events"

urlpatterns = [
    path(
        "aanmelding/<cms_events_token:token>/",
        registration_views.registration_detail,
        name="registration",
    ),
    path("evenement/<int:page_id>/agenda.ics", calendar_views.event_ics, name="event_ics"),
    path("agenda-feed/<int:index_id>.ics", calendar_views.index_feed, name="feed"),
    path("e/<cms_events_code:code>/", sharing_views.short_link, name="short_link"),
    path(
        "e/<cms_events_code:code>/qr.<cms_events_image_format:image_format>",
        sharing_views.short_link_qr,
        name="short_link_qr",
    ),
    path(
        "e/<cms_events_code:code>/uitnodiging/",
        sharing_views.printable_invitation,
        name="invitation",
    ),
]
