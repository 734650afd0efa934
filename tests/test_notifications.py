"""Telling registrants about a change: one mail each, calendar updates, never twice."""

import pytest
from django.core import mail
from icalendar import Calendar

from cms_events.models import MailLog, Registration
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.notifications import create_notification, default_message, recipients
from cms_events.registration.services import register
from cms_events.registration.tasks import send_notification

pytestmark = pytest.mark.django_db


def calendar_of(message):
    part = next(a for a in message.attachments if getattr(a, "get_content_type", None))
    return part, Calendar.from_ical(part.get_payload(decode=True))


@pytest.fixture
def event_with_registrations(make_event, run_on_commit):
    event = make_event(title="Politiek Café", registration_mode="form", capacity=5)
    with run_on_commit():
        for n in range(7):
            register(event, name=f"Persoon {n}", email=f"p{n}@example.org")
    return event


def test_cancellation_mails_everyone_once_with_a_cancel_ics(
    event_with_registrations, run_on_commit
):
    event = event_with_registrations
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 5 and statuses.count("waiting_list") == 2
    confirmation = next(m for m in mail.outbox if "p0@" in m.to[0])
    _, confirmation_calendar = calendar_of(confirmation)
    confirmation_event = confirmation_calendar.walk("VEVENT")[0]
    mail.outbox.clear()

    event = change_event_status(
        event,
        status="cancelled",
        headline="De bijeenkomst gaat niet door",
        body="Wegens te weinig aanmeldingen gaat deze bijeenkomst niet door.",
    )
    assert recipients(event).count() == 7
    with run_on_commit():
        notification = create_notification(event, message=default_message(event))

    assert len(mail.outbox) == 7
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{n}@example.org" for n in range(7))
    for message in mail.outbox:
        assert message.subject == "Gaat niet door: Politiek Café"
        assert "Wegens te weinig aanmeldingen" in message.body
        part, calendar = calendar_of(message)
        assert part.get_param("method") == "CANCEL"
        assert str(calendar["METHOD"]) == "CANCEL"
        vevent = calendar.walk("VEVENT")[0]
        assert vevent["UID"] == confirmation_event["UID"]
        assert int(vevent["SEQUENCE"]) > int(confirmation_event["SEQUENCE"])
        assert str(vevent["STATUS"]) == "CANCELLED"
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled_organiser"}
    assert set(notification.mails.values_list("status", flat=True)) == {"sent"}

    mail.outbox.clear()
    assert send_notification.call(notification.pk) == 0
    assert mail.outbox == []


def test_a_change_of_time_sends_a_request_with_the_new_time(
    event_with_registrations, run_on_commit
):
    from datetime import timedelta

    event = event_with_registrations
    mail.outbox.clear()
    later = event.start + timedelta(days=7)
    event = change_event_status(
        event,
        status="rescheduled",
        headline="Nieuwe datum",
        start=later,
        end=later + timedelta(hours=3),
    )
    with run_on_commit():
        create_notification(event, message="We hebben een nieuwe datum.")
    assert len(mail.outbox) == 7
    part, calendar = calendar_of(mail.outbox[0])
    assert part.get_param("method") == "REQUEST"
    assert calendar.walk("VEVENT")[0]["DTSTART"].dt == later
    assert set(Registration.objects.values_list("status", flat=True)) == {
        "confirmed",
        "waiting_list",
    }


def test_failed_notification_mails_are_retried_without_mailing_the_others_again(
    event_with_registrations, run_on_commit
):
    from unittest import mock

    event = change_event_status(event_with_registrations, status="postponed")
    mail.outbox.clear()
    real_send = mail.backends.locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(backend, messages):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("tijdelijk")
        return real_send(backend, messages)

    with (
        mock.patch.object(mail.backends.locmem.EmailBackend, "send_messages", flaky),
        run_on_commit(),
    ):
        notification = create_notification(event, message="Uitgesteld.")
    assert len(mail.outbox) == 6
    assert notification.mails.filter(status=MailLog.Status.FAILED).count() == 1
    assert send_notification.call(notification.pk) == 1
    assert len(mail.outbox) == 7
    assert len({m.to[0] for m in mail.outbox}) == 7


def test_editor_is_asked_before_registrants_are_notified(
    admin_client, event_with_registrations, run_on_commit
):
    from bs4 import BeautifulSoup

    event = event_with_registrations
    mail.outbox.clear()
    response = admin_client.post(
        f"/admin/events/{event.pk}/status/",
        {
            "status": "cancelled",
            "headline": "Gaat niet door",
            "body": "Te weinig aanmeldingen.",
            "publish": "1",
        },
    )
    assert response["Location"] == f"/admin/events/{event.pk}/notify/"
    assert mail.outbox == []
    page = BeautifulSoup(admin_client.get(response["Location"]).content, "html.parser")
    question = page.select_one(".help-info").get_text(" ", strip=True)
    assert question == "5 deelnemers en 2 op de wachtlijst informeren?"
    assert "Gaat niet door" in page.select_one("textarea[name=message]").get_text()
    preview = admin_client.post(response["Location"], {"message": "Helaas.", "preview": "1"})
    assert "Helaas." in BeautifulSoup(preview.content, "html.parser").select_one("pre").get_text()
    assert mail.outbox == []
    with run_on_commit():
        sent = admin_client.post(response["Location"], {"message": "Helaas.", "send": "1"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 7
    progress = BeautifulSoup(admin_client.get(response["Location"]).content, "html.parser")
    assert "7 verstuurd, 0 mislukt, 0 wachtend." in progress.get_text(" ", strip=True)
    with run_on_commit():
        admin_client.post(response["Location"], {"message": "Nog eens", "send": "1"})
    assert len(mail.outbox) == 7


def test_publishing_a_change_in_the_page_editor_leads_to_the_question(
    rf, admin_user, event_with_registrations
):
    from cms_events.wagtail_hooks import ask_to_notify_registrants, remember_calendar_version

    event = event_with_registrations
    request = rf.post("/admin/pages/1/edit/")
    request.user = admin_user
    remember_calendar_version(request, event)
    assert ask_to_notify_registrants(request, event) is None  # nothing changed yet
    changed = change_event_status(event, status="moved_online")
    response = ask_to_notify_registrants(request, changed)
    assert response["Location"] == f"/admin/events/{event.pk}/notify/"
