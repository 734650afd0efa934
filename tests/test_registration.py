"""Registering on the event page: success, every error path, waiting list and withdrawal."""

from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from cms_events.models import MailLog, Registration, RegistrationFormField
from cms_events.publishing.status_change import change_event_status
from cms_events.registration.services import cancel_registration, register

from .registration_helpers import errors, form_data, register_via_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        registration_mode="form",
        capacity=2,
        form_fields=[RegistrationFormField(label="Organisatie", field_type="singleline")],
    )


def soup_of(client, event):
    return BeautifulSoup(client.get(event.url).content, "html.parser")


def thanks_page(client, response):
    """Follow the redirect after a POST to the page with the thanks."""
    assert response.status_code == 302
    path, _sep, fragment = response["Location"].partition("#")
    assert fragment == "aanmelden"
    return BeautifulSoup(client.get(path).content, "html.parser")


def test_registration_is_stored_confirmed_and_redirects_to_the_thanks(client, event):
    response = register_via_page(client, event, organisatie="Gemeente Utrecht")
    assert response["Location"].startswith(event.url + "?bedankt=")
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers == {"organisatie": "Gemeente Utrecht"}
    assert registration.language == "nl"
    soup = thanks_page(client, response)
    assert "Bedankt voor uw aanmelding" in soup.select_one(".registration__thanks").get_text()
    assert soup.select_one(".registration__places").get_text() == "Nog 1 plaats vrij."
    # The thanks stand alone: no form and no invitation to register under them.
    assert soup.select_one("form.registration-form") is None
    assert soup.select_one(".registration__qr") is None
    # The thanks belong to the link the visitor was sent to; the page itself stays the same
    # for everyone, with the form.
    plain = soup_of(client, event)
    assert plain.select_one(".registration__thanks") is None
    assert plain.select_one("form.registration-form") is not None


def test_page_with_an_open_form_may_be_shared_for_a_short_time(client, event):
    cache_control = client.get(event.url)["Cache-Control"]
    assert "private" not in cache_control
    assert "s-maxage=30" in cache_control


def test_the_thanks_link_expires_and_belongs_to_its_event(client, event, make_event):
    response = register_via_page(client, event, organisatie="X")
    link = response["Location"].partition("#")[0]
    other = make_event(title="Andere bijeenkomst", slug="andere", registration_mode="form")
    elsewhere = other.url + "?" + link.partition("?")[2]
    assert (
        BeautifulSoup(client.get(elsewhere).content, "html.parser").select_one(
            ".registration__thanks"
        )
        is None
    )
    with override_settings(CMS_EVENTS_THANKS_MAX_AGE=-1):
        expired = BeautifulSoup(client.get(link).content, "html.parser")
    assert expired.select_one(".registration__thanks") is None
    forged = BeautifulSoup(client.get(event.url + "?bedankt=x:y:z").content, "html.parser")
    assert forged.select_one(".registration__thanks") is None


def test_invalid_email_and_missing_consent_are_explained_and_input_is_kept(client, event):
    data = form_data(client, event, registrant_email="jan@", organisatie="Gemeente")
    del data["consent"]
    response = client.post(event.url, data)
    assert response.status_code == 200
    found = errors(response)
    assert any("Vul een geldig e-mailadres in" in e for e in found)
    assert any("Geef toestemming" in e for e in found)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_registrant_name")["value"] == "Jan Jansen"
    assert soup.select_one("#id_organisatie")["value"] == "Gemeente"
    assert soup.select_one(".error-summary")["tabindex"] == "-1"
    assert not Registration.objects.exists()


def test_required_question_must_be_answered(client, event):
    response = register_via_page(client, event, organisatie="")
    assert any("Organisatie" in e for e in errors(response))


def test_duplicate_email_is_refused_case_insensitively(client, event):
    register_via_page(client, event, organisatie="A")
    response = register_via_page(client, event, registrant_email="JAN@example.org", organisatie="B")
    assert errors(response) == ["Dit e-mailadres is al aangemeld voor deze bijeenkomst."]
    assert Registration.objects.count() == 1


def test_database_refuses_a_second_active_registration_for_the_same_email(event):
    register(event, name="A", email="a@example.org")
    from django.db import IntegrityError, transaction

    capacity = Registration.objects.get().event
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=capacity, status="waiting_list", name="B", email="A@EXAMPLE.org"
        )


def test_full_event_puts_people_on_the_waiting_list(client, event):
    for n in range(3):
        register_via_page(client, event, registrant_email=f"p{n}@example.org", organisatie="X")
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waiting_list"]
    soup = soup_of(client, event)
    assert "wachtlijst" in soup.select_one(".registration__state").get_text()
    assert soup.select_one("form.registration-form button").get_text() == (
        "Aanmelden voor de wachtlijst"
    )


def test_full_event_without_waiting_list_refuses(client, event):
    event.waiting_list_enabled = False
    event.save_revision().publish()
    data = form_data(client, event, organisatie="X")
    register(event, name="A", email="a@example.org")
    register(event, name="B", email="b@example.org")
    response = client.post(event.url, data)
    assert errors(response) == ["Deze bijeenkomst is vol."]
    assert "vol" in soup_of(client, event).select_one(".registration__state").get_text()


def test_closed_registration_refuses_and_hides_the_form(client, event):
    data = form_data(client, event, organisatie="X")
    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save_revision().publish()
    response = client.post(event.url, data)
    assert errors(response) == ["De aanmelding voor deze bijeenkomst is gesloten."]
    soup = soup_of(client, event)
    assert soup.select_one("form.registration-form") is None
    assert soup.select_one(".registration__state").get_text() == (
        "De aanmelding voor deze bijeenkomst is gesloten."
    )


def test_registration_not_yet_open(client, event):
    event.registration_opens_at = timezone.now() + timedelta(days=2)
    event.save_revision().publish()
    state = soup_of(client, event).select_one(".registration__state").get_text()
    assert state.startswith("Aanmelden kan vanaf ")


def test_cancelled_event_closes_registration(client, event):
    change_event_status(event, status="cancelled")
    soup = soup_of(client, event)
    assert soup.select_one("form.registration-form") is None
    assert "afgelast" in soup.select_one(".registration__state").get_text()


def test_tripped_honeypot_shows_the_thanks_and_stores_nothing(client, event):
    response = register_via_page(client, event, organisatie="X", website="http://spam.example")
    assert not Registration.objects.exists()
    assert thanks_page(client, response).select_one(".registration__thanks") is not None
    assert mail.outbox == []


def test_form_sent_faster_than_a_person_can_is_treated_as_spam(client, event):
    with override_settings(CMS_EVENTS_HONEYPOT_MIN_SECONDS=5):
        response = register_via_page(client, event, organisatie="X")
    assert response.status_code == 302
    assert not Registration.objects.exists()


def test_tampered_timestamp_asks_to_send_again_and_keeps_input(client, event):
    response = register_via_page(client, event, organisatie="X", form_started="123:bad")
    assert len(errors(response)) == 1
    assert "Dit formulier is verlopen." in errors(response)[0]
    assert not Registration.objects.exists()


def test_rate_limit_per_email(client, event):
    with override_settings(CMS_EVENTS_RATE_LIMIT_PER_EMAIL=(1, 3600)):
        register_via_page(client, event, organisatie="X")
        Registration.objects.update(status="cancelled_registrant")
        response = register_via_page(client, event, organisatie="X")
    assert response.status_code == 429
    assert errors(response) == [
        "Er zijn in korte tijd te veel aanmeldingen met dit e-mailadres verstuurd. "
        "Probeer het over 1 uur opnieuw."
    ]


def test_rate_limit_per_ip(client, event):
    with override_settings(CMS_EVENTS_RATE_LIMIT_PER_IP=(2, 3600)):
        codes = [
            register_via_page(
                client, event, registrant_email=f"{n}@x.nl", organisatie="X"
            ).status_code
            for n in range(3)
        ]
    assert codes == [302, 302, 429]
    assert Registration.objects.count() == 2


def test_confirmation_mail_with_ics_and_private_link(client, event, run_on_commit):
    with run_on_commit():
        register_via_page(client, event, organisatie="X")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    assert message.subject == "Uw aanmelding voor Werkconferentie"
    registration = Registration.objects.get()
    assert f"/aanmelding/{registration.token}/" in message.body
    assert "jan@example.org" not in registration.token
    html = message.alternatives[0][0]
    assert "Werkconferentie" in html
    calendar = [a for a in message.attachments if getattr(a, "get_content_type", None)]
    assert calendar and calendar[0].get_content_type() == "text/calendar"
    assert calendar[0].get_param("method") == "REQUEST"
    assert MailLog.objects.get().status == MailLog.Status.SENT


def test_failing_mail_server_keeps_the_registration_and_retries(client, event, run_on_commit):
    from cms_events.registration.tasks import retry_failed_mail

    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionRefusedError("mail server down"),
        ),
        run_on_commit(),
    ):
        response = register_via_page(client, event, organisatie="X")
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    log = MailLog.objects.get()
    assert (log.status, log.attempts) == (MailLog.Status.FAILED, 1)
    assert "mail server down" in log.error
    assert retry_failed_mail.call() == 1
    log.refresh_from_db()
    assert (log.status, log.attempts) == (MailLog.Status.SENT, 2)
    assert len(mail.outbox) == 1
    assert retry_failed_mail.call() == 0


def test_withdrawal_frees_the_place_and_moves_the_first_on_the_waiting_list_up(
    client, event, run_on_commit
):
    first = register(event, name="A", email="a@example.org")
    register(event, name="B", email="b@example.org")
    waiting = register(event, name="C", email="c@example.org")
    later = register(event, name="D", email="d@example.org")
    url = f"/aanmelding/{first.token}/"
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert "A" in page.select_one(".registration-detail").get_text()
    with run_on_commit():
        response = client.post(url)
    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert first.status == "cancelled_registrant"
    assert waiting.status == "confirmed"
    assert later.status == "waiting_list"
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "Er is een plaats voor u vrijgekomen: Werkconferentie",
        "Uw aanmelding voor Werkconferentie is ingetrokken",
    ]
    after = BeautifulSoup(client.get(url).content, "html.parser")
    assert after.select_one("[role=status]") is not None
    assert after.select_one("form.registration-withdraw") is None


def test_withdrawing_twice_changes_nothing(event):
    registration = register(event, name="A", email="a@example.org")
    cancel_registration(registration)
    assert cancel_registration(registration) is None


def test_unknown_token_answers_404(client, event):
    assert client.get("/aanmelding/onbekend/").status_code == 404


def test_translations_share_registrations_and_capacity(event):
    from wagtail.models import Locale

    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    english = event.copy_for_translation(english_locale, copy_parents=True)
    english.save_revision().publish()
    register(event, name="A", email="a@example.org")
    register(english, name="B", email="b@example.org", language="en")
    third = register(english, name="C", email="c@example.org", language="en")
    assert third.status == "waiting_list"
    assert {r.event_id for r in Registration.objects.all()} == {third.event_id}


def test_retry_command_sends_failed_mail(client, event, run_on_commit):
    import io

    from django.core.management import call_command

    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=OSError("down"),
        ),
        run_on_commit(),
    ):
        register_via_page(client, event, organisatie="X")
    out = io.StringIO()
    call_command("retry_failed_mail", stdout=out)
    assert "1 mails retried" in out.getvalue()
    assert MailLog.objects.get().status == MailLog.Status.SENT
