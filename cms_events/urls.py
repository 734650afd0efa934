"""Endpoints of cms_events that live outside the page tree."""

from django.urls import path

from . import views

app_name = "cms_events"

urlpatterns = [
    path("aanmelding/<str:token>/", views.registration_detail, name="registration"),
    path("evenement/<int:page_id>/agenda.ics", views.event_ics, name="event_ics"),
    path("agenda-feed/<int:index_id>.ics", views.index_feed, name="feed"),
]
