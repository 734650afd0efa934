"""Endpoints of cms_events that live outside the page tree."""

from django.urls import path

from . import views

app_name = "cms_events"

urlpatterns = [
    path("aanmelding/<str:token>/", views.registration_detail, name="registration"),
]
