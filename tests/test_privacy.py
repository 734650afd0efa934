"""Retention: registrations of past events lose their personal data; counts remain."""

import io
from datetime import timedelta

import pytest
from django.core import mail
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


@pytest.fixture
def purged_event(make_event, run_on_commit, settings):
    """A past event whose registrations were anonymised, with mail still queued for them."""
    settings.CMS_EVENTS_RETENTION_DAYS = 0
    event = make_event(registration_mode="form")
    with run_on_commit():
        register(event, name="Piet", email="piet@example.org")
    register(event, name="Kees", email="kees@example.org")  # its confirmation not sent yet
    move_to_the_past(event, 2)
    return event


def test_a_notification_after_the_purge_mails_nobody(purged_event, run_on_commit):
    from cms_events.registration.notifications import create_notification, recipients

    purge_expired_registrations()
    mail.outbox.clear()
    assert not recipients(purged_event).exists()
    with run_on_commit():
        notification = create_notification(purged_event, message="Het verslag staat online.")
    assert notification.mails.count() == 0
    assert mail.outbox == []


def test_mail_queued_before_the_purge_is_never_sent_after_it(purged_event, run_on_commit):
    from cms_events.registration.notifications import create_notification
    from cms_events.registration.tasks import retry_failed_mail, send_mail, send_notification

    notification = create_notification(purged_event, message="Gewijzigd")  # not sent yet
    MailLog.objects.filter(kind=MailLog.Kind.CONFIRMATION, status="queued").update(
        status=MailLog.Status.FAILED
    )
    purge_expired_registrations()
    mail.outbox.clear()
    send_notification.call(notification.pk)
    for mail_id in MailLog.objects.values_list("pk", flat=True):
        send_mail.call(mail_id)
    retry_failed_mail.call()
    assert mail.outbox == []
    unsent = MailLog.objects.exclude(status=MailLog.Status.SENT)
    assert set(unsent.values_list("status", flat=True)) == {MailLog.Status.SKIPPED}
    assert set(unsent.values_list("recipient", flat=True)) == {""}


def test_a_mail_whose_registration_was_anonymised_meanwhile_is_not_sent(purged_event):
    from cms_events.registration.tasks import send_mail

    queued = MailLog.objects.get(status=MailLog.Status.QUEUED)
    Registration.objects.filter(pk=queued.registration_id).update(
        anonymised_at=timezone.now(), email="geanonimiseerd@invalid"
    )
    mail.outbox.clear()
    send_mail.call(queued.pk)
    assert mail.outbox == []
    queued.refresh_from_db()
    assert queued.status == MailLog.Status.QUEUED  # never taken for sending
