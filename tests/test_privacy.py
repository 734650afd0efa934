"""Retention: registrations of past events lose their personal data; counts remain."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cms_events.models import MailLog, Registration
from cms_events.registration.privacy import purge_expired_registrations
from cms_events.registration.services import register
from home.demo_events import local

pytestmark = pytest.mark.django_db


def move_to_the_past(event, days_ago):
    day = timezone.localdate() - timedelta(days=days_ago)
    event.start, event.end = local(day, 10), local(day, 12)
    event.save()


def test_registrations_past_retention_are_anonymised_and_counts_kept(make_event, settings):
    settings.CMS_EVENTS_RETENTION_DAYS = 30
    old = make_event(registration_mode="form")
    recent = make_event(registration_mode="form")
    for event, email in ((old, "oud@example.org"), (recent, "nieuw@example.org")):
        register(event, name="Piet", email=email, answers={"organisatie": "X"})
    move_to_the_past(old, 40)
    assert purge_expired_registrations() == 1
    anonymised = Registration.objects.get(event__translation_key=old.translation_key)
    assert anonymised.name == ""
    assert "oud@" not in anonymised.email
    assert anonymised.answers == {}
    assert anonymised.status == "confirmed"
    assert MailLog.objects.get(registration=anonymised).recipient == ""
    kept = Registration.objects.get(event__translation_key=recent.translation_key)
    assert kept.email == "nieuw@example.org"
    assert purge_expired_registrations() == 0


def test_retention_per_event_overrides_the_default(make_event, settings):
    settings.CMS_EVENTS_RETENTION_DAYS = 365
    event = make_event(registration_mode="form", retention_days=7)
    register(event, name="Piet", email="p@example.org")
    move_to_the_past(event, 10)
    out = io.StringIO()
    call_command("purge_registrations", "--dry-run", stdout=out)
    assert "1 registrations would be anonymised" in out.getvalue()
    call_command("purge_registrations", stdout=out)
    assert Registration.objects.get().anonymised_at is not None


def test_anonymised_link_no_longer_works(client, make_event, settings):
    settings.CMS_EVENTS_RETENTION_DAYS = 0
    event = make_event(registration_mode="form")
    registration = register(event, name="Piet", email="p@example.org")
    move_to_the_past(event, 2)
    purge_expired_registrations()
    assert client.get(f"/aanmelding/{registration.token}/").status_code == 404
