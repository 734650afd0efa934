"""A visitor asks for a venue's map: before the click nothing is requested from another host;
after it the tiles come from the tile host alone (served here by Playwright from a local PNG,
so the test needs no internet), the map's document allows exactly that host and the page's
own policy still forbids it. axe and the Nu checker stay clean before and after, in both
languages."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from PIL import Image

from tests.quality import assert_no_axe_violations, assert_valid_html

TILE_HOST = "service.pdok.nl"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SAMPLE = "/agenda/voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht/"
VENUE = "/locaties/stadskantoor-utrecht/"
EMBED = "/locaties/stadskantoor-utrecht/kaart/ingebed/"

LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


def tile_png():
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (214, 228, 206)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def demo_server(transactional_db, live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


class Visit:
    """A browser context that records every request, serves the tile host from a local PNG
    and records CSP violations in every document."""

    def __init__(self, browser, locale):
        self.context = browser.new_context(
            locale=locale, timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900}
        )
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(LISTEN_FOR_VIOLATIONS)
        self.requests = []
        self.responses = {}
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("response", self.keep_response)
        png = tile_png()
        self.context.route(
            f"https://{TILE_HOST}/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=png),
        )
        self.page = self.context.new_page()

    def keep_response(self, response):
        self.responses[response.url] = response

    def policy_of(self, url):
        return self.responses[url].header_value("content-security-policy")


@pytest.fixture
def visit(browser):
    visits = []

    def start(locale="nl-NL"):
        visits.append(Visit(browser, locale))
        return visits[-1]

    yield start
    for each in visits:
        each.context.close()


def host(url):
    return urlsplit(url).hostname


def img_src(policy):
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["img-src"]


def map_frame(page):
    frame = page.locator("iframe.venue-map__frame").element_handle().content_frame()
    frame.wait_for_url("**/kaart/ingebed/")
    frame.wait_for_load_state("load")
    return frame


def open_map_with_the_keyboard(page):
    """Tab to "Show on the map" and press Enter; return the map's frame once tiles show."""
    link = page.locator("a.venue-map__show")
    for _ in range(120):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the map link")
    page.keyboard.press("Enter")
    frame = map_frame(page)
    frame.locator(".leaflet-tile-loaded").first.wait_for()
    return frame


def test_the_map_loads_only_after_the_click_and_only_from_the_tile_host(visit, demo_server):
    visitor = visit()
    page = visitor.page
    page.goto(demo_server.url + SAMPLE)
    page.wait_for_load_state("networkidle")
    before = list(visitor.requests)
    assert len(before) >= 3  # the page, its styles and scripts
    assert {host(url) for url in before} <= LOCAL_HOSTS, before
    assert not [url for url in before if "leaflet" in url or "/kaart/" in url]
    parent_policy = visitor.policy_of(demo_server.url + SAMPLE)
    assert img_src(parent_policy) == "'self'"

    frame = open_map_with_the_keyboard(page)
    assert page.locator("iframe.venue-map__frame").get_attribute("title") == (
        "Kaart van Stadskantoor Utrecht"
    )
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert not page.locator("a.venue-map__show").is_visible()
    assert page.locator("a.venue-map__route").is_visible()  # the route planner stays
    after = visitor.requests[len(before) :]
    elsewhere = [url for url in after if host(url) not in LOCAL_HOSTS]
    assert elsewhere, "no tile was asked for"
    assert {host(url) for url in elsewhere} == {TILE_HOST}
    assert all(url.endswith(".png") for url in elsewhere)
    assert any("/vendor/leaflet/leaflet.js" in url for url in after)
    # Only the map's document allows the tile host, and nothing else from elsewhere.
    assert img_src(visitor.policy_of(demo_server.url + EMBED)) == f"'self' https://{TILE_HOST}"
    assert visitor.policy_of(demo_server.url + SAMPLE) == parent_policy
    assert frame.evaluate("window.cspViolations") == []
    assert page.evaluate("window.cspViolations") == []
    # The page itself still may not load from the tile host.
    page.evaluate(
        "src => { const img = new Image(); img.src = src; document.body.append(img); }",
        f"https://{TILE_HOST}/probe.png",
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.cspViolations") == [
        f"img-src blocked https://{TILE_HOST}/probe.png"
    ]
    assert frame.locator(".venue-map__attribution").inner_text().startswith("Kaart: Kadaster")


def test_the_map_zooms_with_the_keyboard(visit, demo_server):
    visitor = visit()
    page = visitor.page
    page.goto(demo_server.url + VENUE)
    page.wait_for_load_state("networkidle")
    assert {host(url) for url in visitor.requests} <= LOCAL_HOSTS
    frame = open_map_with_the_keyboard(page)
    zoom_in = frame.locator(".leaflet-control-zoom-in")
    assert zoom_in.get_attribute("aria-label") == "Inzoomen"
    for _ in range(10):
        page.keyboard.press("Tab")
        if zoom_in.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the zoom button in the map")
    asked = len(visitor.requests)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # Leaflet's zoom animation; then the tiles of level 18
    frame.locator(".leaflet-tile-loaded").first.wait_for()
    assert any(f"{TILE_HOST}/" in url and "/18/" in url for url in visitor.requests[asked:])


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_pages_with_a_map_pass_axe_and_the_nu_checker_before_and_after_the_click(
    visit, demo_server, locale
):
    from cms_events.models import EventPage

    prefix = "/en" if locale == "en-GB" else ""
    events = EventPage.objects.filter(venue__slug="stadskantoor-utrecht")
    event = events.get(locale__language_code="en" if prefix else "nl")
    visitor = visit(locale)
    page = visitor.page
    documents = {}
    for path in [event.url, f"{prefix}{VENUE}"]:
        response = page.goto(demo_server.url + path)
        assert response.status == 200, path
        assert_no_axe_violations(page)
        documents[path] = response.text()
        frame = open_map_with_the_keyboard(page)
        assert_no_axe_violations(page)
        assert_no_axe_violations(frame)
        documents[f"{path} after the click"] = page.content()
        documents[f"{path} map"] = frame.content()
    for path in [f"{prefix}/locaties/stadskantoor-utrecht/kaart/", f"{prefix}{EMBED}"]:
        response = page.goto(demo_server.url + path)
        assert response.status == 200, path
        page.locator(".leaflet-tile-loaded").first.wait_for()
        assert_no_axe_violations(page)
        documents[path] = response.text()
    if prefix:
        assert 'lang="en"' in documents[f"{prefix}{EMBED}"]
    assert_valid_html(documents)
