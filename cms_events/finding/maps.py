"""A venue's map, shown only when the visitor asks for it.

A page that mentions a venue with coordinates (the event page, the venue page) loads nothing
from another host: it offers a link "Show on the map" to the venue's map page on this site, and
a link to a route planner. The map itself lives in documents of its own, because a response's
Content Security Policy cannot change once the page has loaded:

- `/locaties/<slug>/kaart/`: the map page, a whole page (address, route planner, the map);
  what the link opens without JavaScript, or in a new tab;
- `/locaties/<slug>/kaart/ingebed/`: the map alone, which a small script on the page that
  asked loads in a same-origin iframe in place of the link when the visitor clicks it.

Only these two responses carry a policy that allows the tile host (`img-src` gains exactly the
host of CMS_EVENTS_MAP_TILES, nothing else changes); the embedded one may be framed by this
site alone. Leaflet and its images are served from this site (`static/cms_events/vendor/`).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from cms_events.conf import get_setting


@dataclass(frozen=True)
class TileSource:
    """Where the map's tiles come from, and whom the map credits."""

    url: str
    attribution: str
    attribution_url: str
    max_zoom: int

    @property
    def origin(self):
        """Return the scheme and host of the tiles (`https://service.pdok.nl`)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


def tile_source():
    """Return the `TileSource` of CMS_EVENTS_MAP_TILES."""
    tiles = get_setting("MAP_TILES")
    return TileSource(
        url=tiles["url"],
        attribution=tiles.get("attribution", ""),
        attribution_url=tiles.get("attribution_url", ""),
        max_zoom=int(tiles.get("max_zoom", 18)),
    )


def tile_source_problems(tiles):
    """Return what is wrong with a CMS_EVENTS_MAP_TILES value, as a list of sentences."""
    if not isinstance(tiles, dict) or not isinstance(tiles.get("url"), str):
        return ["it must be a dict with a 'url' (a URL template with {z}, {x} and {y})."]
    parts = urlsplit(tiles["url"])
    problems = []
    if parts.scheme != "https" or not parts.netloc:
        problems.append("its 'url' must start with https:// and a host.")
    if "{" in parts.netloc:
        problems.append("its 'url' must name one fixed host (no {s} subdomains).")
    if not all(part in tiles["url"] for part in ("{z}", "{x}", "{y}")):
        problems.append("its 'url' must contain {z}, {x} and {y}.")
    if not tiles.get("attribution"):
        problems.append("it must name the 'attribution' the tiles require.")
    return problems


def coordinates(venue):
    """Return (latitude, longitude) of `venue` as text with a decimal point."""
    return f"{venue.latitude:f}", f"{venue.longitude:f}"


def route_planner_url(venue):
    """Return the route planner's URL to `venue`, or "" when it has no coordinates."""
    if venue is None or not venue.has_coordinates:
        return ""
    lat, lng = coordinates(venue)
    return get_setting("ROUTE_PLANNER_URL").format(lat=lat, lng=lng)


def map_urls(venue):
    """Return {"page", "embed"}: the URLs of the venue's map, or None when it has no map (no
    coordinates, or a site without `cms_events.finding.urls`)."""
    if venue is None or not venue.slug or not venue.has_coordinates:
        return None
    try:
        return {
            "page": reverse("cms_events_finding:venue_map", args=[venue.slug]),
            "embed": reverse("cms_events_finding:venue_map_embed", args=[venue.slug]),
        }
    except NoReverseMatch:
        return None


def require_coordinates(venue):
    """Raise Http404 for a venue that has no place on a map."""
    if not venue.has_coordinates:
        raise Http404


def allow_tiles(response, framed=False):
    """Let `response` load images from the tile host, and nothing else from another host;
    `framed`: let this site (only) show it in a frame.

    django-csp reads these attributes, as its `csp_update` and `csp_replace` decorators set
    them; the host is a setting read per request, so no decorator with a fixed value.
    """
    response._csp_update = {"img-src": [tile_source().origin]}
    if framed:
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
