"""The registration form without a CSRF cookie: cross-site POSTs are refused by their origin.

Browsers send Sec-Fetch-Site and Origin with every POST and another site's page cannot change
them; a request with neither comes from a program (no visitor's browser to abuse) and meets the
honeypot and the rate limits. Every other POST keeps Django's CSRF protection.
"""

import time
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client, override_settings

from cms_events.models import Registration, RegistrationFormField
from cms_events.registration.forms import sign_now
from cms_events.registration.services import register

from .registration_helpers import errors, form_data

pytestmark = pytest.mark.django_db

OWN = "http://testserver"


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        registration_mode="form",
        capacity=10,
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )


def post(event, headers, **answers):
    """Fill in the form as a new visitor and send it with `headers` (as a browser would)."""
    client = Client()
    data = form_data(client, event, **{"organisatie": "Gemeente", **answers})
    return client.post(event.url, data, headers=headers)


def test_the_page_has_no_csrf_token_and_sets_no_cookie(event):
    response = Client().get(event.url)
    form = BeautifulSoup(response.content, "html.parser").select_one("form.registration-form")
    assert form.select_one("[name=csrfmiddlewaretoken]") is None
    assert not response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin", "Origin": OWN},
        {"Origin": OWN},  # a browser without fetch metadata
        {},  # a program: no browser, nobody else's visit to abuse
    ],
    ids=["same-origin", "origin-only", "no-browser"],
)
def test_a_registration_from_the_page_itself_is_accepted(event, headers):
    response = post(event, headers)
    assert response.status_code == 302
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site", "Origin": "https://elders.example"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://www.testserver"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://elders.example"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "null"},  # sandboxed frames, data: URLs
    ],
    ids=["cross-site", "same-site", "fetch-site-only", "origin-only", "scheme", "null"],
)
def test_a_registration_sent_from_another_site_is_refused(event, headers):
    response = post(event, headers)
    assert response.status_code == 403
    assert not Registration.objects.exists()


@override_settings(CSRF_TRUSTED_ORIGINS=["https://*.gemeente.example"])
def test_a_trusted_origin_may_send_the_form(event):
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": "https://www.gemeente.example"}
    assert post(event, headers).status_code == 302
    assert Registration.objects.count() == 1


def test_an_expired_form_is_refused_as_before(event):
    a_day_ago = time.time() - 2 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=a_day_ago):
        stamp = sign_now()
    with pytest.raises(signing.SignatureExpired):
        signing.TimestampSigner(salt="cms_events.registration-form").unsign(stamp, max_age=3600)
    response = post(event, {"Sec-Fetch-Site": "same-origin"}, form_started=stamp)
    assert response.status_code == 200
    assert "Dit formulier is verlopen." in errors(response)[0]
    assert not Registration.objects.exists()


def test_a_replayed_form_registers_each_address_once_as_before(event):
    client = Client()
    data = form_data(client, event, organisatie="Gemeente")
    assert client.post(event.url, data).status_code == 302
    data["registrant_email"] = "piet@example.org"
    assert client.post(event.url, data).status_code == 302
    again = client.post(event.url, data)
    assert "al aangemeld" in " ".join(errors(again))
    assert Registration.objects.count() == 2


def test_other_pages_keep_djangos_csrf_protection(event, event_index, home_page):
    client = Client(enforce_csrf_checks=True)
    for url in (event_index.url, home_page.url):
        assert client.post(url, {"x": "1"}, headers={"Origin": OWN}).status_code == 403


def test_an_event_without_a_form_keeps_djangos_csrf_protection(make_event):
    event = make_event(title="Lezing", slug="lezing")
    client = Client(enforce_csrf_checks=True)
    assert client.post(event.url, {"x": "1"}, headers={"Origin": OWN}).status_code == 403


def test_withdrawing_keeps_djangos_csrf_protection(event):
    registration = register(event, name="Jan", email="jan@example.org")
    url = f"/aanmelding/{registration.token}/"
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, headers={"Origin": OWN}).status_code == 403
    registration.refresh_from_db()
    assert registration.is_active
    page = client.get(url)
    token = BeautifulSoup(page.content, "html.parser").select_one("[name=csrfmiddlewaretoken]")
    response = client.post(url, {"csrfmiddlewaretoken": token["value"]}, headers={"Origin": OWN})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert not registration.is_active


def test_djangos_csrf_middleware_without_the_page_check_is_reported(settings):
    from cms_events.checks import check_csrf_middleware

    assert check_csrf_middleware(None) == []
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "PageCsrf" not in name]
    assert [error.id for error in check_csrf_middleware(None)] == ["cms_events.E003"]
