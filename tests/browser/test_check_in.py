"""At the door, on a phone: staff scan the QR code from a confirmation mail with the camera,
check the person in, scan again and are told so; add a walk-in; and lose the connection for a
while without losing or doubling a check-in.

Chromium's fake camera plays a .y4m file made here from the PNG in the mail.
"""

import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.utils import timezone
from PIL import Image

from cms_events.models import CheckInRequest, Registration
from cms_events.registration.services import register
from home.demo_events import local
from tests.quality import assert_no_axe_violations, assert_valid_html

from .admin_helpers import log_in
from .conftest import CHROMIUM, CHROMIUM_ARGS

PHONE = {"width": 390, "height": 844}


def qr_png_from(message):
    (png,) = [
        part.get_payload(decode=True)
        for part in message.attachments
        if getattr(part, "get_content_type", None) and part.get_content_type() == "image/png"
    ]
    return Image.open(io.BytesIO(png)).convert("RGB")


def write_y4m(image, path, width=640, height=480, frames=5):
    """Write `image` centred on white as a short Y4M video (4:2:0) for the fake camera."""
    image.thumbnail((height - 40, height - 40))
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + planes)


@pytest.fixture
def door_event(make_event):
    day = timezone.localdate() + timedelta(days=1)
    return make_event(
        title="Werkconferentie",
        start=local(day, 14),
        end=local(day, 17),
        registration_mode="form",
        capacity=10,
    )


@pytest.fixture
def phone(browser, tmp_path, door_event):
    """A phone whose camera shows the QR code from Anneke's confirmation mail."""
    mail.outbox.clear()
    register(door_event, name="Anneke Aanmelder", email="anneke@example.org")
    register(door_event, name="Bram Beller", email="bram@example.org")
    anneke_mail = next(m for m in mail.outbox if m.to == ["anneke@example.org"])
    qr = qr_png_from(anneke_mail)
    assert [r.text for r in zxingcpp.read_barcodes(qr)] == [
        Registration.objects.get(name="Anneke Aanmelder").check_in_token
    ]
    video = tmp_path / "qr.y4m"
    write_y4m(qr, video)
    camera = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = camera.new_context(
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()
    camera.close()


def door_staff():
    user = User.objects.create_user("deur", password="password")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "check_in_registration"])
    )
    return user


def checked_in(name):
    return Registration.objects.filter(name=name, checked_in_at__isnull=False).count()


def test_staff_scan_check_in_add_a_walk_in_and_survive_going_offline(
    phone, live_server, door_event
):
    door_staff()
    log_in(phone, live_server.url, username="deur")
    response = phone.goto(f"{live_server.url}/admin/events/{door_event.pk}/check-in/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Werkconferentie"
    assert_no_axe_violations(phone)
    html = {"check-in page": response.text()}

    # Scan: the card says who it is; one tap checks them in.
    phone.get_by_role("button", name="Camera starten").click()
    card = phone.locator("#door-result")
    card.get_by_role("heading", name="Anneke Aanmelder").wait_for()
    card.get_by_role("button", name="Inchecken").click()
    log = phone.get_by_role("log")
    log.get_by_text("Anneke Aanmelder is ingecheckt.").wait_for()
    first_time = Registration.objects.get(name="Anneke Aanmelder").checked_in_at
    assert first_time is not None
    clock = timezone.localtime(first_time)
    said = f"al ingecheckt om {clock.hour}.{clock.minute:02d} uur"
    assert card.locator("#door-result-checked").inner_text() == said.removeprefix("al ")

    # The next scan reads the same code again: already checked in, and at what time.
    card.get_by_role("button", name="Volgende scannen").click()
    card.get_by_text(said).wait_for()
    assert card.get_by_role("button", name="Inchecken").is_hidden()
    assert phone.locator("#door-totals").inner_text() == "1 van 2 ingecheckt"
    assert_no_axe_violations(phone)
    phone.get_by_role("button", name="Camera stoppen").click()

    # A walk-in.
    phone.get_by_label("Naam", exact=True).last.fill("Cas Deurganger")
    phone.get_by_label("E-mailadres").fill("cas@example.org")
    phone.get_by_role("button", name="Aanmelden en inchecken").click()
    log.get_by_text("Cas Deurganger is aangemeld en ingecheckt.").wait_for()
    cas = Registration.objects.get(name="Cas Deurganger")
    assert (cas.status, cas.check_in_method) == ("confirmed", "walk_in")

    # Offline: a check-in by name and a walk-in wait on the phone.
    phone.context.set_offline(True)
    connection = phone.locator("#door-connection")
    phone.get_by_label("Naam", exact=True).first.fill("bram")
    phone.get_by_role("button", name="Inchecken: Bram Beller").click()
    phone.get_by_label("Naam", exact=True).last.fill("Dirk Zonderbereik")
    phone.get_by_label("E-mailadres").fill("dirk@example.org")
    phone.get_by_role("button", name="Aanmelden en inchecken").click()
    assert "Wachten op verzending: 2." in connection.inner_text()
    assert "Hier ingecheckt" in phone.locator("#door-people-list").inner_text()
    assert phone.get_by_role("button", name="Inchecken: Bram Beller").count() == 0
    queued = phone.evaluate(
        "localStorage.getItem(document.getElementById('door').dataset.queueKey)"
    )
    assert checked_in("Bram Beller") == 0
    assert not Registration.objects.filter(name="Dirk Zonderbereik").exists()

    # Back online: both arrive, once.
    phone.context.set_offline(False)
    log.get_by_text("Dirk Zonderbereik is aangemeld en ingecheckt.").wait_for()
    log.get_by_text("Bram Beller is ingecheckt.").wait_for()
    assert "Wachten op verzending" not in connection.inner_text()
    assert checked_in("Bram Beller") == 1
    assert Registration.objects.filter(name="Dirk Zonderbereik").count() == 1

    # Answers lost on the way: the phone sends the same actions again; nothing doubles.
    requests_before = CheckInRequest.objects.count()
    bram_time = Registration.objects.get(name="Bram Beller").checked_in_at
    phone.evaluate(
        "queue => localStorage.setItem(document.getElementById('door').dataset.queueKey, queue)",
        queued,
    )
    phone.reload()
    phone.get_by_role("log").get_by_text("Dirk Zonderbereik is aangemeld en ingecheckt.").wait_for()
    phone.wait_for_function(
        "!JSON.parse(localStorage.getItem(document.getElementById('door').dataset.queueKey)"
        " || '[]').length"
    )
    assert CheckInRequest.objects.count() == requests_before
    assert Registration.objects.filter(name="Dirk Zonderbereik").count() == 1
    assert Registration.objects.get(name="Bram Beller").checked_in_at == bram_time
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 4
    assert phone.locator("#door-totals").inner_text() == "4 van 4 ingecheckt"
    assert_no_axe_violations(phone)

    # Logged out meanwhile: the walk-in waits until staff have logged in again.
    phone.context.clear_cookies()
    phone.get_by_label("Naam", exact=True).last.fill("Eva Laatkomer")
    phone.get_by_label("E-mailadres").fill("eva@example.org")
    # The refused page asks for the list again and lands on the login page (which sets a new
    # CSRF cookie); logging in after that keeps one cookie for both tabs.
    with phone.expect_response(lambda response: "/admin/login/" in response.url):
        phone.get_by_role("button", name="Aanmelden en inchecken").click()
    log.get_by_text("niet meer ingelogd", exact=False).first.wait_for()
    assert "Wachten op verzending: 1." in connection.inner_text()
    log_in(phone.context.new_page(), live_server.url, username="deur")
    phone.wait_for_function(
        """key => {
            window.dispatchEvent(new Event("online"));
            return !JSON.parse(localStorage.getItem(key) || "[]").length;
        }""",
        arg=f"cms-events-check-in-{door_event.pk}",
        polling=1000,
    )
    log.get_by_text("Eva Laatkomer is aangemeld en ingecheckt.").wait_for()
    assert Registration.objects.filter(name="Eva Laatkomer").count() == 1
    assert_valid_html(html)


def test_attendance_list_and_badges_print_on_a4(page, live_server, door_event):
    User.objects.create_superuser("admin", "admin@example.org", "password")
    for number in range(9):
        register(door_event, name=f"Deelnemer {number + 1}", email=f"d{number}@example.org")
    log_in(page, live_server.url)
    registrations = f"{live_server.url}/admin/events/{door_event.pk}/registrations/"
    page.goto(registrations)
    with page.expect_navigation():
        page.get_by_role("link", name="Naambadges afdrukken").click()
    documents = {"badges": page.content()}
    assert_no_axe_violations(page)
    assert page.locator(".badge").count() == 9
    page.emulate_media(media="print")
    assert page.get_by_role("button", name="Afdrukken").is_hidden()
    width_mm = page.locator(".badge").first.evaluate("b => b.getBoundingClientRect().width") / (
        96 / 25.4
    )
    assert round(width_mm) == 90
    pdf = page.pdf(prefer_css_page_size=True)
    # Two badges of 55 mm a row on A4, eight to a page: nine badges take two pages.
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 2

    page.emulate_media(media="screen")
    page.goto(registrations + "?print=attendance")
    documents["attendance"] = page.content()
    assert_no_axe_violations(page)
    assert page.locator("tbody tr").count() == 9
    assert_valid_html(documents)
