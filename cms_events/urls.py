"""Endpoints of cms_events that live outside the page tree."""

from django.urls import path, re_path

from . import views

app_name = "cms_events"

urlpatterns = [
    path("aanmelding/<str:token>/", views.registration_detail, name="registration"),
    path("evenement/<int:page_id>/agenda.ics", views.event_ics, name="event_ics"),
    path("agenda-feed/<int:index_id>.ics", views.index_feed, name="feed"),
    path("e/<str:code>/", views.short_link, name="short_link"),
    re_path(
        r"^e/(?P<code>[a-z0-9]+)/qr\.(?P<image_format>svg|png)$",
        views.short_link_qr,
        name="short_link_qr",
    ),
    path("e/<str:code>/uitnodiging/", views.printable_invitation, name="invitation"),
]
