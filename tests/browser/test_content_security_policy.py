"""The visitor pages obey the strict Content Security Policy that production sends: Chromium
reports no violation on any of them, including the registration form (sent with errors and
with success), the self-service page and the printable invitation with its QR code."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from cms_events.models import EventPage
from cms_events.sharing.shortlinks import short_link_for

REGISTRATION_EVENT = "voorbeeld-inspiratiemiddag-bestaanszekerheid"
INVITATION_EVENT = "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht"

# Runs before any script of the page; CSP does not apply to it (it comes from the browser's
# automation channel), so it also sees violations that happen while the page loads.
LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def strict_page(browser):
    """A page that, unlike the shared one, keeps the Content Security Policy in force."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    page = context.new_page()
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    yield page
    context.close()


def violations(page):
    """Return the violations reported as events and as console messages so far."""
    page.wait_for_load_state("load")
    events = page.evaluate("window.cspViolations")
    console = [text for text in page.console_messages_seen if "Content Security Policy" in text]
    return events + console


def visit(page, url):
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    return violations(page)


@pytest.fixture
def demo_server(live_server):
    call_command("load_demo_events", stdout=io.StringIO())
    return live_server


def test_the_listener_sees_a_violation(strict_page, demo_server):
    """Control: an inline style added by a script is blocked and reported."""
    visit(strict_page, demo_server.url + "/agenda/")
    strict_page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.append(s); }"
    )
    strict_page.wait_for_function("window.cspViolations.length > 0")
    assert violations(strict_page)


def test_no_violation_on_any_visitor_page(strict_page, demo_server):
    base = demo_server.url
    invitation = EventPage.objects.get(slug=INVITATION_EVENT)
    code = short_link_for(invitation).code
    found = {}
    for path in [
        "/",
        "/agenda/",
        "/agenda/archief/",
        "/agenda/divosa-politiek-cafe/",
        invitation.url,
        f"/e/{code}/uitnodiging/",
        "/privacy/",
        "/zoeken/?q=Utrecht",
        "/en/",
        "/bestaat-niet/",
    ]:
        found[path] = visit(strict_page, base + path)
    # The QR code on the invitation is an image of this site and it did load.
    strict_page.goto(f"{base}/e/{code}/uitnodiging/")
    assert strict_page.locator(".invitation__qr img").evaluate("img => img.naturalWidth") > 0
    assert {path: v for path, v in found.items() if v} == {}


def test_no_violation_while_registering_and_withdrawing(strict_page, demo_server):
    page, base = strict_page, demo_server.url
    event = EventPage.objects.get(slug=REGISTRATION_EVENT)
    mail.outbox.clear()
    assert visit(page, base + event.url) == []

    # With errors: the registration script moves focus to the summary.
    page.get_by_label("Naam").fill("Kees")
    page.get_by_label("E-mailadres").fill("kees@")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert violations(page) == []

    page.get_by_label("E-mailadres").fill("kees@example.org")
    page.get_by_label("Organisatie").fill("Wijkteam Oost")
    page.get_by_label("Het hele programma").check()
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    assert "Bedankt voor uw aanmelding" in page.get_by_role("status").inner_text()
    assert violations(page) == []

    link = re.search(r"/aanmelding/\S+/", mail.outbox[0].body).group(0)
    assert visit(page, base + link) == []
    page.get_by_role("button", name="Mijn aanmelding intrekken").click()
    assert "ingetrokken" in page.get_by_role("status").inner_text()
    assert violations(page) == []


def test_no_violation_for_an_editor_with_the_userbar(strict_page, demo_server):
    get_user_model().objects.create_superuser("redacteur", "redacteur@example.org", "geheim")
    page, base = strict_page, demo_server.url
    page.goto(base + "/admin/login/")
    page.locator("input[name='username']").fill("redacteur")
    page.locator("input[name='password']").fill("geheim")
    page.locator("form button[type='submit']").click()
    page.wait_for_url(base + "/admin/")

    assert visit(page, base + "/agenda/divosa-politiek-cafe/") == []
    page.locator("wagtail-userbar").wait_for(state="attached")
    page.get_by_role("button", name=re.compile("Wagtail")).click()
    page.wait_for_timeout(500)
    assert violations(page) == []
