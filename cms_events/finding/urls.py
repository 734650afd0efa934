"""Public pages of venues and organisers, one per language: include these URLs in the site's
`i18n_patterns` (the demo: Dutch without a prefix, English under /en/).

The path words are Dutch in every language, as the rest of the extension's URLs are
(/aanmelding/, /agenda-feed/): /locaties/<slug>/ and /en/locaties/<slug>/. A venue's map:
/locaties/<slug>/kaart/, and /locaties/<slug>/kaart/ingebed/ for a frame (`finding.maps`).
"""

from django.urls import path, register_converter

from cms_events.finding import views


class SlugConverter:
    """The slug of a venue or organiser (`SluggedSnippet.slug`: ASCII, at most 80)."""

    regex = "[-a-zA-Z0-9_]{1,80}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SlugConverter, "cms_events_slug")

app_name = "cms_events_finding"

urlpatterns = [
    path("locaties/<cms_events_slug:slug>/", views.venue_page, name="venue"),
    path("locaties/<cms_events_slug:slug>/agenda.ics", views.venue_feed, name="venue_feed"),
    path("locaties/<cms_events_slug:slug>/kaart/", views.venue_map, name="venue_map"),
    path(
        "locaties/<cms_events_slug:slug>/kaart/ingebed/",
        views.venue_map_embed,
        name="venue_map_embed",
    ),
    path("organisatoren/<cms_events_slug:slug>/", views.organiser_page, name="organiser"),
    path(
        "organisatoren/<cms_events_slug:slug>/agenda.ics",
        views.organiser_feed,
        name="organiser_feed",
    ),
]
