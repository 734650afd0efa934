"""A registration refused by a rate limit says which limit, in words the visitor understands,
and how long to wait; the log names the setting, so an operator finds it (README, trial)."""

import logging

import pytest
from django.test import override_settings
from django.utils import translation

from cms_events.models import Registration
from cms_events.registration.ratelimit import describe_wait

from .registration_helpers import errors, register_via_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(title="Werkconferentie", registration_mode="form")


def register_twice(client, event):
    register_via_page(client, event, registrant_email="jan@example.org")
    Registration.objects.update(status="cancelled_registrant")
    return register_via_page(client, event, registrant_email="jan@example.org")


@override_settings(CMS_EVENTS_RATE_LIMIT_PER_IP=(1, 3600))
def test_the_limit_per_address_is_named_with_its_wait_and_logged(client, event, caplog):
    with caplog.at_level(logging.WARNING, logger="cms_events.registration.ratelimit"):
        response = register_twice(client, event)
    assert response.status_code == 429
    assert errors(response) == [
        "Er zijn in korte tijd te veel aanmeldingen verstuurd vanaf uw internetverbinding. "
        "Probeer het over 1 uur opnieuw."
    ]
    (record,) = [r for r in caplog.records if r.name == "cms_events.registration.ratelimit"]
    assert record.getMessage() == (
        f"Registration for page {event.pk} refused (429): more than 1 in 3600 s, the limit "
        "CMS_EVENTS_RATE_LIMIT_PER_IP."
    )
    assert "127.0.0.1" not in record.getMessage()


@override_settings(CMS_EVENTS_RATE_LIMIT_PER_EMAIL=(1, 600))
def test_the_limit_per_email_address_is_named_with_its_wait(client, event):
    response = register_twice(client, event)
    assert response.status_code == 429
    assert errors(response) == [
        "Er zijn in korte tijd te veel aanmeldingen met dit e-mailadres verstuurd. "
        "Probeer het over 10 minuten opnieuw."
    ]


@override_settings(CMS_EVENTS_RATE_LIMIT_PER_EVENT=(1, 60))
def test_the_limit_per_event_is_named_with_its_wait(client, event):
    response = register_twice(client, event)
    assert response.status_code == 429
    assert errors(response) == [
        "Er melden zich te veel mensen tegelijk aan voor deze bijeenkomst. "
        "Probeer het over 1 minuut opnieuw."
    ]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(30, "1 minute"), (60, "1 minute"), (600, "10 minutes"), (3600, "1 hour"), (7200, "2 hours")],
)
def test_waits_are_described_in_whole_minutes_or_hours(seconds, words):
    with translation.override("en"):
        assert describe_wait(seconds) == words
