"""Check-in at the door: the QR code in the mail, checking in once, walk-ins, retention."""

import csv
import io
import json
import uuid
from datetime import timedelta

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cms_events.models import CheckInRequest, Registration
from cms_events.registration.check_in import check_in, register_walk_in
from cms_events.registration.privacy import purge_expired_registrations
from cms_events.registration.services import RegistrationFull, register
from home.demo_events import local

pytestmark = pytest.mark.django_db


def door_user(username="deur", *codenames):
    user = User.objects.create_user(username, password="x")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "check_in_registration", *codenames]
        )
    )
    return user


@pytest.fixture
def event(make_event):
    return make_event(title="Werkconferentie", registration_mode="form", capacity=2)


@pytest.fixture
def anneke(event, run_on_commit):
    with run_on_commit():
        return register(event, name="Anneke Aanmelder", email="anneke@example.org")


def qr_of(message):
    """Return the text of the QR code in the mail's inline PNG."""
    (image,) = [
        a
        for a in message.attachments
        if getattr(a, "get_content_type", None) and a.get_content_type() == "image/png"
    ]
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_payload(decode=True))))
    return image, [result.text for result in decoded]


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


# The QR code in the mail


def test_the_confirmation_mail_carries_an_opaque_personal_qr_code(anneke):
    message = mail.outbox[-1]
    image, texts = qr_of(message)
    assert texts == [anneke.check_in_token]
    assert anneke.check_in_token != anneke.token
    assert "anneke" not in texts[0].lower()
    assert image["Content-ID"] == "<inchecken@cms-events>"
    html = message.alternatives[0][0]
    assert 'src="cid:inchecken@cms-events"' in html
    assert "QR-code" in message.body
    # The facts are all still there: what, when, where, page and self-service link.
    assert "Werkconferentie" in message.body
    assert reverse("cms_events:registration", args=[anneke.token]) in message.body


def test_a_waiting_list_mail_has_no_check_in_code(event, run_on_commit):
    with run_on_commit():
        for number in range(2):
            register(event, name=f"P{number}", email=f"p{number}@example.org")
        event.waiting_list_enabled = True
        event.save()
        register(event, name="Wachter", email="wacht@example.org")
    assert mail.outbox[-1].to == ["wacht@example.org"]
    assert not [
        a
        for a in mail.outbox[-1].attachments
        if getattr(a, "get_content_type", None) and a.get_content_type() == "image/png"
    ]


# Checking in once


def test_a_second_check_in_keeps_the_first_time(anneke):
    staff = door_user()
    first = check_in(anneke, user=staff, method="scan", client_id=uuid.uuid4())
    assert not first.already
    moment = Registration.objects.get(pk=anneke.pk).checked_in_at
    again = check_in(anneke, user=staff, method="search", client_id=uuid.uuid4())
    assert again.already
    anneke.refresh_from_db()
    assert (anneke.checked_in_at, anneke.check_in_method) == (moment, "scan")


def test_the_same_action_sent_twice_is_answered_the_same(anneke):
    staff = door_user()
    client_id = uuid.uuid4()
    assert not check_in(anneke, user=staff, method="scan", client_id=client_id).already
    assert not check_in(anneke, user=staff, method="scan", client_id=client_id).already
    assert CheckInRequest.objects.count() == 1


def test_the_endpoint_checks_in_and_says_when_someone_was_checked_in(client, event, anneke):
    client.force_login(door_user())
    url = reverse("cms_events_check_in_action", args=[event.pk])
    body = {"client_id": str(uuid.uuid4()), "token": anneke.check_in_token, "method": "scan"}
    first = post(client, url, body).json()
    assert first["ok"] and not first["already"]
    assert first["message"] == "Anneke Aanmelder is ingecheckt."
    assert post(client, url, body).json() == first
    second = post(client, url, {**body, "client_id": str(uuid.uuid4())}).json()
    time = timezone.localtime(Registration.objects.get().checked_in_at)
    assert second["already"]
    assert second["message"] == (
        f"Anneke Aanmelder is al ingecheckt om {time.hour}.{time.minute:02d} uur."
    )
    assert "email" not in json.dumps(second) and "anneke@" not in json.dumps(second)


CLIENT_ID = "6f1c4a55-6f4b-4b8a-9f3e-1b2c3d4e5f60"


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\xff",
        b"[]",
        json.dumps({"client_id": "nope", "token": "x", "method": "scan"}).encode(),
        json.dumps({"client_id": CLIENT_ID, "method": "dance"}).encode(),
        json.dumps({"client_id": CLIENT_ID, "method": "search", "registration": "1"}).encode(),
        json.dumps({"client_id": CLIENT_ID, "method": "scan", "token": "a\x00"}).encode(),
        json.dumps({"client_id": CLIENT_ID, "method": "scan", "token": "a" * 5000}).encode(),
    ],
)
def test_hostile_bodies_get_a_clear_400(client, event, anneke, body):
    client.force_login(door_user())
    url = reverse("cms_events_check_in_action", args=[event.pk])
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert Registration.objects.get().checked_in_at is None


def test_an_unknown_token_checks_nobody_in(client, event, anneke):
    client.force_login(door_user())
    url = reverse("cms_events_check_in_action", args=[event.pk])
    body = {"client_id": str(uuid.uuid4()), "token": anneke.token, "method": "scan"}
    answer = post(client, url, body).json()
    assert answer == {
        "ok": False,
        "message": "Deze QR-code hoort niet bij een aanmelding voor dit evenement.",
    }
    assert Registration.objects.get().checked_in_at is None


# Walk-ins


def test_a_walk_in_is_registered_and_checked_in(event, anneke, run_on_commit):
    staff = door_user()
    with run_on_commit():
        outcome = register_walk_in(
            event, name="Bram Beller", email="bram@example.org", user=staff, client_id=uuid.uuid4()
        )
    bram = outcome.registration
    assert (bram.status, bram.source, bram.check_in_method) == ("confirmed", "walk_in", "walk_in")
    assert bram.checked_in_at and bram.checked_in_by == staff


def test_a_full_event_refuses_a_walk_in_unless_admitted_with_a_reason(event, anneke, caplog):
    staff = door_user()
    register(event, name="Bram", email="bram@example.org")
    with pytest.raises(RegistrationFull):
        register_walk_in(event, name="C", email="c@example.org", user=staff, client_id=uuid.uuid4())
    with pytest.raises(Exception, match="reden"):
        register_walk_in(
            event,
            name="C",
            email="c@example.org",
            user=staff,
            client_id=uuid.uuid4(),
            over_capacity=True,
        )
    client_id = uuid.uuid4()
    outcome = register_walk_in(
        event,
        name="C",
        email="c@example.org",
        user=staff,
        client_id=client_id,
        over_capacity=True,
        reason="Spreker",
    )
    assert outcome.registration.status == "confirmed"
    logged = CheckInRequest.objects.get(client_id=client_id)
    assert (logged.capacity_overridden, logged.override_reason, logged.user) == (
        True,
        "Spreker",
        staff,
    )
    assert "over capacity" in caplog.text
    # Sent again from the queue: the same person, once.
    again = register_walk_in(
        event,
        name="C",
        email="c@example.org",
        user=staff,
        client_id=client_id,
        over_capacity=True,
        reason="Spreker",
    )
    assert again.registration == outcome.registration
    assert Registration.objects.filter(name="C").count() == 1


def test_the_walk_in_endpoint_says_when_the_event_is_full(client, event, anneke):
    register(event, name="Bram", email="bram@example.org")
    client.force_login(door_user())
    url = reverse("cms_events_check_in_walk_in", args=[event.pk])
    body = {"client_id": str(uuid.uuid4()), "name": "C", "email": "c@example.org"}
    answer = post(client, url, body).json()
    assert answer["ok"] is False and answer["full"] is True
    bad = post(client, url, {**body, "email": "geen adres"})
    assert bad.status_code == 400


# What the door sees


def test_the_door_shows_names_sessions_and_status_but_no_addresses(client, event, anneke):
    client.force_login(door_user())
    page = client.get(reverse("cms_events_check_in", args=[event.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anneke Aanmelder" in text and "anneke@example.org" not in text
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    people = client.get(reverse("cms_events_check_in_people", args=[event.pk])).json()
    assert set(people["people"][0]) == {
        "id",
        "token",
        "name",
        "status",
        "status_label",
        "sessions",
        "checked_in_at",
        "checked_in_text",
        "already_text",
    }
    assert client.get(reverse("cms_events_registrations", args=[event.pk])).status_code in (
        302,
        403,
    )


# Retention


def test_the_purge_removes_check_in_personal_data(event, anneke, settings):
    settings.CMS_EVENTS_RETENTION_DAYS = 30
    staff = door_user()
    check_in(anneke, user=staff, method="scan", client_id=uuid.uuid4())
    register_walk_in(
        event,
        name="C",
        email="c@example.org",
        user=staff,
        client_id=uuid.uuid4(),
        over_capacity=True,
        reason="Partner van Anneke Aanmelder",
    )
    token = anneke.check_in_token
    day = timezone.localdate() - timedelta(days=40)
    event.start, event.end = local(day, 10), local(day, 12)
    event.save()
    assert purge_expired_registrations() == 2
    anneke.refresh_from_db()
    assert anneke.check_in_token != token and anneke.checked_in_by is None
    assert anneke.checked_in_at is not None  # attendance totals stay
    assert not CheckInRequest.objects.exclude(override_reason="").exists()
    assert not CheckInRequest.objects.exclude(user=None).exists()


# Who came: the registrations view, its exports and the printed sheets


@pytest.fixture
def attendance(event, anneke):
    """Anneke came; Bram did not; Cas is on no list (withdrawn)."""
    bram = register(event, name="Bram Beller", email="bram@example.org")
    check_in(anneke, user=door_user(), method="scan", client_id=uuid.uuid4())
    return anneke, bram


def counts_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select(".cms-events-attendance li")]


def test_the_registrations_view_shows_who_came_and_who_did_not(admin_client, event, attendance):
    url = reverse("cms_events_registrations", args=[event.pk])
    assert counts_of(admin_client.get(url)) == [
        "1 gekomen",
        "1 nog niet ingecheckt",
        "2 bevestigd in totaal",
    ]
    came = BeautifulSoup(admin_client.get(url + "?attendance=came").content, "html.parser")
    assert [row.td.get_text() for row in came.select("table.listing tbody tr")] == [
        "Anneke Aanmelder"
    ]
    rows = list(
        csv.reader(
            io.StringIO(admin_client.get(url + "?export=csv").content.decode()), delimiter=";"
        )
    )
    column = rows[0].index("Ingecheckt")
    assert [bool(row[column]) for row in rows[1:]] == [True, False]


def test_after_the_event_those_who_did_not_come_are_no_shows(admin_client, event, attendance):
    day = timezone.localdate() - timedelta(days=1)
    event.start, event.end = local(day, 10), local(day, 12)
    event.save()
    url = reverse("cms_events_registrations", args=[event.pk])
    assert "1 niet gekomen (no-shows)" in counts_of(admin_client.get(url))
    no_shows = BeautifulSoup(admin_client.get(url + "?attendance=not_came").content, "html.parser")
    assert [row.td.get_text() for row in no_shows.select("table.listing tbody tr")] == [
        "Bram Beller"
    ]


def test_the_attendance_list_and_badges_list_the_confirmed_people(admin_client, event, attendance):
    url = reverse("cms_events_registrations", args=[event.pk])
    sheet = BeautifulSoup(admin_client.get(url + "?print=attendance").content, "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr("td")] for tr in sheet.select("tbody tr")]
    clock = timezone.localtime(attendance[0].checked_in_at)
    assert rows == [
        ["Anneke Aanmelder", "", f"{clock.hour}.{clock.minute:02d} uur"],
        ["Bram Beller", "", "niet ingecheckt"],
    ]
    assert sheet.select_one(".sheet__totals").get_text(strip=True) == "1 van 2 gekomen"
    badges = BeautifulSoup(admin_client.get(url + "?print=badges").content, "html.parser")
    assert [b.get_text(strip=True) for b in badges.select(".badge__name")] == [
        "Anneke Aanmelder",
        "Bram Beller",
    ]
    assert "anneke@example.org" not in str(badges) + str(sheet)


def test_the_data_subject_export_tells_when_the_person_was_checked_in(attendance):
    from cms_events.registration.personal_data import describe

    (record,) = describe([Registration.objects.get(pk=attendance[0].pk)])
    assert record.checked_in_at and record.check_in_method == "QR-code gescand"


def test_walk_ins_are_taken_after_the_form_closed_but_not_for_a_cancelled_or_past_event(event):
    from cms_events.registration.services import RegistrationClosed

    staff = door_user()
    now = timezone.now()
    event.start, event.end = now - timedelta(minutes=30), now + timedelta(hours=2)
    event.save()

    def walk_in(name):
        return register_walk_in(
            event, name=name, email=f"{name}@example.org", user=staff, client_id=uuid.uuid4()
        )

    assert walk_in("laat").registration.status == "confirmed"
    event.end = now - timedelta(minutes=1)
    event.save()
    with pytest.raises(RegistrationClosed):
        walk_in("teverlaat")
    event.end = now + timedelta(hours=2)
    event.status = "cancelled"
    event.save()
    with pytest.raises(RegistrationClosed):
        walk_in("afgelast")
