"""Endpoints of cms_events that live outside the page tree."""

from django.urls import path, re_path

from cms_events.calendar import views as calendar_views
from cms_events.registration import views as registration_views
from cms_events.sharing import views as sharing_views

app_name = "cms_events"

urlpatterns = [
    path("aanmelding/<str:token>/", registration_views.registration_detail, name="registration"),
    path("evenement/<int:page_id>/agenda.ics", calendar_views.event_ics, name="event_ics"),
    path("agenda-feed/<int:index_id>.ics", calendar_views.index_feed, name="feed"),
    path("e/<str:code>/", sharing_views.short_link, name="short_link"),
    re_path(
        r"^e/(?P<code>[a-z0-9]+)/qr\.(?P<image_format>svg|png)$",
        sharing_views.short_link_qr,
        name="short_link_qr",
    ),
    path("e/<str:code>/uitnodiging/", sharing_views.printable_invitation, name="invitation"),
]
