"""Security headers of every response (the same policy as production), and visitor pages with
nothing inline that a strict Content Security Policy would block."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from cms_events.models import EventPage
from cms_events.sharing.shortlinks import short_link_for

pytestmark = pytest.mark.django_db

REGISTRATION_EVENT = "voorbeeld-inspiratiemiddag-bestaanszekerheid"
INVITATION_EVENT = "voorbeeld-samen-werken-aan-een-sociaal-en-gezond-utrecht"


def policy(response, header="Content-Security-Policy"):
    """Parse a CSP header into {directive: [sources]}."""
    directives = [part.split() for part in response[header].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


def visitor_paths():
    registration = EventPage.objects.get(slug=REGISTRATION_EVENT)
    invitation = EventPage.objects.get(slug=INVITATION_EVENT)
    return [
        "/",
        "/agenda/",
        "/agenda/archief/",
        registration.url,
        invitation.url,
        f"/e/{short_link_for(invitation).code}/uitnodiging/",
        "/zoeken/?q=Utrecht",
        "/en/",
        "/bestaat-niet/",
    ]


def test_visitor_pages_get_the_strict_policy(client, demo_site):
    for path in visitor_paths():
        response = client.get(path)
        csp = policy(response)
        assert csp["default-src"] == ["'self'"], path
        assert csp["script-src"] == ["'self'"], path
        assert csp["style-src"] == ["'self'"], path
        assert csp["object-src"] == ["'none'"], path
        assert csp["frame-ancestors"] == ["'none'"], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path


def test_visitor_pages_have_no_inline_script_or_style(client, demo_site):
    for path in visitor_paths():
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        inline_scripts = [
            script
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], path
        assert soup.find_all("style") == [], path
        assert soup.find_all(style=True) == [], path
        handlers = [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        assert handlers == [], path


def test_other_security_headers(client, demo_site):
    response = client.get("/agenda/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_gets_a_policy_that_leaves_its_inline_code_alone(client, demo_site):
    admin = get_user_model().objects.create_superuser("beheer", "beheer@example.org", "x")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert policy(response) == {
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    assert policy(client.get("/admin/login/")) == policy(response)
