"""Endpoints of cms_events that live outside the page tree."""

app_name = "cms_events"

urlpatterns = []
