"""Endpoints of cms_events that live outside the page tree.

Tokens and short codes are matched by their alphabet, so nothing else in those places of a URL
reaches a view or the database.
"""

from datetime import date

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


class DateConverter:
    """A date as “2027-04-19”. A date that does not exist (2027-13-01) matches nothing: the
    `ValueError` of `to_python` makes Django try the next pattern, and so a 404."""

    regex = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        return date.fromisoformat(value)

    def to_url(self, value):
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(TokenConverter, "cms_events_token")
register_converter(ShortCodeConverter, "cms_events_code")
register_converter(ImageFormatConverter, "cms_events_image_format")
register_converter(DateConverter, "cms_events_date")

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
    # One date of a series: its own short link, QR code and invitation.
    path(
        "e/<cms_events_code:code>/<cms_events_date:day>/",
        sharing_views.short_link,
        name="date_short_link",
    ),
    path(
        "e/<cms_events_code:code>/<cms_events_date:day>/qr.<cms_events_image_format:image_format>",
        sharing_views.short_link_qr,
        name="date_short_link_qr",
    ),
    path(
        "e/<cms_events_code:code>/<cms_events_date:day>/uitnodiging/",
        sharing_views.printable_invitation,
        name="date_invitation",
    ),
]
