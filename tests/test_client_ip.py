"""The client address that rate limits count: REMOTE_ADDR, unless trusted proxies are configured."""

import pytest
from django.test import RequestFactory, override_settings

from cms_events.models import Registration
from cms_events.registration.ratelimit import client_ip

from .registration_helpers import form_data


def request_from(remote_addr, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(CMS_EVENTS_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts():
    # The client forged the first entry; the proxy appended the address it saw.
    request = request_from("127.0.0.1", "198.51.100.1, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


@override_settings(CMS_EVENTS_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_outer_proxys_entry_counts():
    request = request_from("10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.1")
    assert client_ip(request) == "203.0.113.7"


@override_settings(CMS_EVENTS_TRUSTED_PROXY_COUNT=2)
def test_a_request_that_skipped_a_proxy_counts_its_own_address():
    assert client_ip(request_from("10.0.0.2", "203.0.113.7")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", " , ")) == "10.0.0.2"


@pytest.mark.django_db
@override_settings(CMS_EVENTS_TRUSTED_PROXY_COUNT=1, CMS_EVENTS_RATE_LIMIT_PER_IP=(1, 3600))
def test_visitors_behind_the_same_proxy_have_their_own_rate_limit(client, make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    codes = [
        client.post(
            event.url,
            form_data(client, event, registrant_email=f"{n}@example.org"),
            headers={"X-Forwarded-For": address},
        ).status_code
        for n, address in enumerate(["203.0.113.7", "203.0.113.8", "203.0.113.7"])
    ]
    assert codes == [302, 302, 429]
    assert Registration.objects.count() == 2
