"""The read API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json. Include
these URLs in the site's urlpatterns outside `i18n_patterns`: the language is the `taal`
parameter, so one document describes every language."""

from django.urls import path

from cms_events.api.views import api

urlpatterns = [path("api/v1/", api.urls)]
