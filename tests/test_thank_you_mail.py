"""The thank-you mail after the event: once, to confirmed registrants only, after the event is
over, never for a cancelled or postponed one; in Dutch with “u”, Dutch with “je” and English,
built-in or in the editors' own words with every placeholder; {link} only in this mail.

The clock is frozen at a given moment after the event (`clock()`): the event lies in 2030, so
the real clock never makes it over. Registrations are made before the clock is set.
"""

import io
from contextlib import contextmanager
from datetime import date, timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from wagtail.models import Locale, Page

from cms_events.models import EventMailText, EventPage, MailLog, MailTemplate, Registration
from cms_events.models.series import sync_occurrences
from cms_events.registration import schedule
from cms_events.registration.emails import build_message, registration_link
from cms_events.registration.mail_samples import SAMPLE_LINK
from cms_events.registration.services import cancel_registration, register
from cms_events.registration.thank_you_mail import (
    log_due_thank_yous,
    queue_due_thank_yous,
    send_due_thank_yous,
    send_thank_yous,
    thank_you_recipients,
)
from home.demo_events import local

from .test_mail_facts import FORMAL, INFORMAL, VARIANTS, in_language, prose
from .test_mail_preview import make_user, preview_url

pytestmark = pytest.mark.django_db

DAY = date(2030, 3, 14)  # a Thursday
START, END = local(DAY, 14), local(DAY, 17)
LINK = "https://www.example.org/verslag-werkconferentie"
# Two hours after the end: CMS_EVENTS_THANK_YOU_HOURS_AFTER's default.
MOMENT = END + timedelta(hours=2)
NOW = MOMENT + timedelta(hours=1)
SUBJECT = {"nl": "Bedankt: Werkconferentie", "en": "Thank you: Work conference"}
SENTENCE = {
    ("nl", "u"): "Bedankt voor uw aanmelding voor Werkconferentie. De bijeenkomst heeft "
    "plaatsgevonden; via de link hieronder vindt u er meer over.",
    ("nl", "je"): "Bedankt voor je aanmelding voor Werkconferentie. De bijeenkomst heeft "
    "plaatsgevonden; via de link hieronder vind je er meer over.",
    ("en", "u"): "Thank you for registering for Work conference. The event has taken place; "
    "you will find more about it through the link below.",
}
LINK_LABEL = {"nl": "Na afloop", "en": "After the event"}
WHEN = {
    "nl": "donderdag 14 maart 2030, van 14.00 tot 17.00 uur",
    "en": "Thursday 14 March 2030, from 14:00 to 17:00",
}
# What would make the mail read as an invitation, or as if the event were still to come.
INVITING = [
    "Tot ziens",
    "See you",
    "We zien",
    "look forward",
    "toch niet komen",
    "not come after all",
    "agenda",
    "calendar",
]
EVERY_PLACEHOLDER = (
    "{naam} | {titel} | {datum} | {tijd} | {plaats} | {pagina} | {zelfservice} | {link}\n{sessies}"
)
TEXTS = {
    ("nl", "u"): ("Dank u wel, {naam}", "Beste {naam}, dank voor uw belangstelling.\n"),
    ("nl", "je"): ("Dank je wel, {naam}", "Hoi {naam}, dank voor je belangstelling.\n"),
    ("en", "u"): ("Thank you, {naam}", "Dear {naam}, thank you for your interest.\n"),
}


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        start=START,
        end=END,
        registration_mode="form",
        capacity=3,
        send_thank_you_mail=True,
        thank_you_mail_url=LINK,
    )


def sign_up(event, name, language="nl"):
    return register(event, name=name, email=f"{name.lower()}@example.org", language=language)


def change(event, **fields):
    """Change the stored event behind its back, and its stored date with it."""
    EventPage.objects.filter(pk=event.pk).update(**fields)
    sync_occurrences(EventPage.objects.get(pk=event.pk))


@contextmanager
def clock(now):
    """Freeze Django's clock at `now`, for finding, logging, claiming and sending alike."""
    with mock.patch("django.utils.timezone.now", return_value=now):
        yield


def thanked(now=NOW):
    """Run a round of thank-you mails at `now`; return the addresses that got one."""
    mail.outbox.clear()
    with clock(now):
        send_due_thank_yous()
    return sorted(address for message in mail.outbox for address in message.to)


def thank_yous():
    return MailLog.objects.filter(kind=MailLog.Kind.THANK_YOU)


def read(message):
    """Return (text, parsed HTML, content types) of a message as a mail program reads it."""
    parsed = message.message()
    text = message.body
    html = BeautifulSoup(message.alternatives[0][0], "html.parser")
    return text, html, [part.get_content_type() for part in parsed.walk()]


# Recipients


def test_confirmed_registrants_get_one_thank_you_and_nobody_else(event):
    anna, bert, wim = (sign_up(event, name) for name in ("Anna", "Bert", "Wim"))
    xander, yara, zeno = (sign_up(event, name) for name in ("Xander", "Yara", "Zeno"))
    assert {r.status for r in (xander, yara, zeno)} == {Registration.Status.WAITING_LIST}
    cancel_registration(wim)  # withdraws; Xander moves up
    cancel_registration(bert, by_organiser=True)  # Yara moves up
    Registration.objects.filter(pk=yara.pk).update(anonymised_at=timezone.now())

    assert thanked() == ["anna@example.org", "xander@example.org"]
    assert thanked() == []
    assert thanked(NOW + timedelta(days=1)) == []
    assert sorted(thank_you_recipients(event).values_list("name", flat=True)) == [
        "Anna",
        "Xander",
    ]
    logs = thank_yous().order_by("registration__name")
    assert [(log.registration_id, log.status) for log in logs] == [
        (anna.pk, MailLog.Status.SENT),
        (xander.pk, MailLog.Status.SENT),
    ]
    assert Registration.objects.get(pk=zeno.pk).status == Registration.Status.WAITING_LIST


@pytest.mark.parametrize(
    ("fields", "now"),
    [
        ({"status": "cancelled"}, NOW),
        ({"status": "postponed"}, NOW),
        ({"status": "postponed", "new_date_to_follow": True}, NOW),
        ({"send_thank_you_mail": False}, NOW),
        ({"thank_you_mail_url": ""}, NOW),
        ({"registration_mode": "external"}, NOW),
        ({}, START + timedelta(hours=1)),
        ({}, MOMENT - timedelta(minutes=1)),
        ({}, MOMENT + timedelta(days=7, minutes=1)),
    ],
    ids=[
        "cancelled",
        "postponed",
        "new date to follow",
        "mail off",
        "no link",
        "registration elsewhere",
        "still going on",
        "not yet due",
        "a week late",
    ],
)
def test_no_thank_you_for_an_event_that_did_not_go_ahead_or_is_not_due(event, fields, now):
    sign_up(event, "Anna")
    change(event, **fields)
    assert thanked(now) == []
    assert not thank_yous().exists()


def test_no_thank_you_for_an_unpublished_event(event):
    sign_up(event, "Anna")
    Page.objects.filter(pk=event.pk).update(live=False)
    assert thanked() == []


def test_never_before_the_event_has_ended_even_at_zero_hours(event):
    sign_up(event, "Anna")
    change(event, thank_you_mail_hours_after=0)
    assert thanked(END - timedelta(minutes=1)) == []
    assert thanked(END + timedelta(minutes=1)) == ["anna@example.org"]


def test_the_event_chooses_its_own_hours_and_the_site_setting_the_default(event, settings):
    sign_up(event, "Anna")
    settings.CMS_EVENTS_THANK_YOU_HOURS_AFTER = 24
    assert thanked() == []
    change(event, thank_you_mail_hours_after=30)
    assert thanked(END + timedelta(hours=29)) == []
    assert thanked(END + timedelta(hours=30, minutes=1)) == ["anna@example.org"]


def test_an_open_end_counts_from_the_midnight_after_the_start_and_names_no_end(event):
    sign_up(event, "Anna")
    change(event, end=None)
    midnight = local(DAY + timedelta(days=1), 0)
    assert thanked(local(DAY, 23, 59)) == []
    assert thanked(midnight + timedelta(hours=1, minutes=59)) == []
    assert thanked(midnight + timedelta(hours=2, minutes=1)) == ["anna@example.org"]

    text, html, _types = read(mail.outbox[0])
    assert "donderdag 14 maart 2030, vanaf 14.00 uur" in text
    assert " tot " not in text and "00.00" not in text
    assert "vanaf 14.00 uur" in html.get_text()


def test_an_all_day_event_is_over_at_the_midnight_after_its_last_day(event):
    sign_up(event, "Anna")
    last_day = DAY + timedelta(days=1)
    change(event, all_day=True, start=local(DAY, 0), end=local(last_day, 0))
    assert thanked(local(last_day, 12)) == []
    assert thanked(local(last_day + timedelta(days=1), 1, 59)) == []
    assert thanked(local(last_day + timedelta(days=1), 2, 1)) == ["anna@example.org"]


def test_sent_once_however_often_the_round_runs_or_the_end_moves(event):
    sign_up(event, "Anna")
    mail.outbox.clear()
    with clock(NOW):
        first, second = log_due_thank_yous(), log_due_thank_yous()
        assert first == second and len(first) == 1
        send_thank_yous.call(first)
        send_thank_yous.call(second)
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert thank_yous().get().attempts == 1

    # The editor corrects the end to a day later: the thank-you went out already.
    change(event, end=END + timedelta(days=1))
    assert thanked(NOW + timedelta(days=1, hours=1)) == []


def test_the_database_holds_one_thank_you_per_registration(event):
    anna = sign_up(event, "Anna")
    MailLog.objects.create(registration=anna, kind="thank_you", event_date=DAY)
    MailLog.objects.create(registration=anna, kind="reminder", event_date=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        MailLog.objects.create(registration=anna, kind="thank_you")


@pytest.mark.parametrize("what", ["cancelled by the organisers", "event cancelled", "mail off"])
def test_a_thank_you_that_no_longer_applies_when_it_is_sent_is_dropped(event, what):
    anna = sign_up(event, "Anna")
    with clock(NOW):
        mail_ids = log_due_thank_yous()
    assert len(mail_ids) == 1
    if what == "cancelled by the organisers":
        Registration.objects.filter(pk=anna.pk).update(
            status=Registration.Status.CANCELLED_BY_ORGANISER
        )
    elif what == "event cancelled":
        change(event, status="cancelled")
    else:
        change(event, send_thank_you_mail=False)
    mail.outbox.clear()

    with clock(NOW):
        send_thank_yous.call(mail_ids)
    assert mail.outbox == []
    assert not thank_yous().exists()


# What the mail says


@pytest.mark.parametrize(("language", "form"), VARIANTS)
def test_the_built_in_thank_you_looks_back_and_carries_the_facts_and_the_link(
    event, language, form
):
    if form == "je":
        event.form_of_address = "je"
        event.save_revision().publish()
    page = in_language(event, language)
    anna = sign_up(event, "Anna", language=language)
    thanked()

    (message,) = mail.outbox
    assert message.subject == SUBJECT[language]
    text, html, types = read(message)
    assert SENTENCE[language, form] in text
    assert f"{LINK_LABEL[language]}: {LINK}" in text
    facts = [WHEN[language], "Stadskantoor", page.get_full_url(), registration_link(anna, page)]
    assert [fact for fact in facts if fact not in text] == [], text
    assert SENTENCE[language, form] in html.get_text(" ")
    hrefs = {link["href"] for link in html.select("a[href]")}
    assert {LINK, page.get_full_url(), registration_link(anna, page)} <= hrefs
    # A past event: no calendar file, nothing that invites.
    assert "text/calendar" not in types
    assert [word for word in INVITING if word.lower() in prose(text).lower()] == []
    if language == "nl":
        other = INFORMAL if form == "u" else FORMAL
        assert other.findall(prose(text + html.get_text(" "))) == []


def site_text(kind, language, form, subject, body):
    template = MailTemplate(
        kind=kind,
        form_of_address=form,
        locale=Locale.objects.get_or_create(language_code=language)[0],
        subject=subject,
        body=body,
    )
    template.full_clean()
    template.save()
    return template


@pytest.mark.parametrize(("language", "form"), VARIANTS)
def test_the_editors_thank_you_fills_every_placeholder(event, language, form):
    if form == "je":
        event.form_of_address = "je"
        event.save_revision().publish()
    subject, body = TEXTS["nl", form]
    template = site_text("thank_you", "nl", form, subject, body + EVERY_PLACEHOLDER)
    page = in_language(event, language)
    if language == "en":
        translated = template.copy_for_translation(Locale.objects.get(language_code="en"))
        translated.subject, translated.body = TEXTS["en", "u"]
        translated.body += EVERY_PLACEHOLDER
        translated.full_clean()
        translated.save()
    anna = sign_up(event, "Anna", language=language)
    thanked()

    (message,) = mail.outbox
    own_subject, own_body = TEXTS[language, form]
    assert message.subject == own_subject.format(naam="Anna")
    text, html, types = read(message)
    assert own_body.format(naam="Anna") in text
    day, time = WHEN[language].split(", ")
    filled = [
        "Anna",
        page.title,
        day,
        time,
        "Stadskantoor, Stadsplateau 1, 3521 AZ Utrecht",
        page.get_full_url(),
        registration_link(anna, page),
        LINK,
    ]
    assert " | ".join(filled) in text
    assert "{" not in text and "}" not in text
    assert LINK in {link["href"] for link in html.select("a[href]")}
    # The text gives the link itself: it does not follow a second time.
    assert f"{LINK_LABEL[language]}:" not in text
    assert SENTENCE[language, form] not in text
    assert "text/calendar" not in types
    if language == "nl":
        other = INFORMAL if form == "u" else FORMAL
        assert other.findall(prose(message.subject + text)) == []


def test_an_events_own_thank_you_wins_and_without_link_the_link_follows(event):
    event.mail_texts.add(EventMailText(kind="thank_you", body="Fijn dat u er was, {naam}."))
    event.save_revision().publish()
    sign_up(event, "Anna")
    thanked()
    text, _html, _types = read(mail.outbox[0])
    assert text.startswith("Fijn dat u er was, Anna.")
    assert f"Na afloop: {LINK}" in text
    assert mail.outbox[0].subject == "Bedankt: Werkconferentie"


# Placeholders checked on save


def nl_text(kind, **fields):
    return MailTemplate(kind=kind, locale=Locale.get_default(), subject="Over {titel}", **fields)


def test_link_is_refused_in_every_other_mail(event):
    kinds = [kind for kind in MailLog.Kind.values if kind != "thank_you"]
    for kind in kinds:
        with translation.override("nl"), pytest.raises(ValidationError) as error:
            nl_text(kind, body="Lees {link}").full_clean()
        assert error.value.message_dict == {
            "body": ["De plaatshouder {link} kan alleen in de mail “Bedankmail na afloop” staan."]
        }
    own = EventMailText(
        page=event, locale=event.locale, kind="reminder", body="x", subject="{link}"
    )
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        own.full_clean()
    assert list(error.value.message_dict) == ["subject"]
    nl_text("thank_you", body="Lees {link}").full_clean()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Lees {lnik}", "Onbekende plaatshouder {lnik}. Bedoelt u {link}?"),
        ("Lees {Link}", "Onbekende plaatshouder {Link}. Bedoelt u {link}?"),
        ("Lees {link.url}", "Onbekende plaatshouder {link.url}."),
    ],
)
def test_a_misspelt_placeholder_in_the_thank_you_is_refused(body, message):
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        nl_text("thank_you", body=body).full_clean()
    assert error.value.message_dict["body"][0].startswith(message)


def test_a_stored_link_outside_the_thank_you_falls_back_to_the_built_in_text(event, caplog):
    MailTemplate.objects.create(
        kind="confirmation", locale=Locale.get_default(), subject="Hoi", body="Lees {link}"
    )
    anna = sign_up(event, "Anna")
    text = build_message(MailLog(registration=anna, kind="confirmation", recipient="a@x.org")).body
    assert text.startswith("Beste Anna,")
    assert "{link}" not in text
    assert "not used" in caplog.text


# The editor's side


def test_the_editor_finds_the_thank_you_on_the_registration_tab(make_event, admin_client):
    event = make_event(title="Zonder bedankmail", start=START, end=END, registration_mode="form")
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{event.pk}/edit/").content, "html.parser")
    assert not soup.select_one("input[name=send_thank_you_mail]").has_attr("checked")
    assert soup.select_one("input[name=thank_you_mail_url]")["type"] == "url"
    assert soup.select_one("input[name=thank_you_mail_hours_after]")
    labels = {label.get_text(" ", strip=True) for label in soup.select("label")}
    assert "Bedankmail sturen na afloop" in labels


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"send_thank_you_mail": True}, ["thank_you_mail_url"]),
        ({"send_thank_you_mail": True, "thank_you_mail_url": "geen link"}, ["thank_you_mail_url"]),
        ({"thank_you_mail_hours_after": 337}, ["thank_you_mail_hours_after"]),
        ({"send_thank_you_mail": True, "thank_you_mail_url": LINK}, []),
    ],
)
def test_the_thank_you_needs_a_valid_link_and_at_most_two_weeks(make_event, fields, errors):
    event = make_event(title="Werkconferentie", start=START, end=END, registration_mode="form")
    for name, value in fields.items():
        setattr(event, name, value)
    with translation.override("nl"):
        try:
            event.full_clean()
        except ValidationError as error:
            assert sorted(error.message_dict) == errors
        else:
            assert errors == []


def test_the_preview_shows_the_thank_you_with_a_sample_link_and_no_calendar(client, make_event):
    event = make_event(title="Werkconferentie", start=START, end=END, registration_mode="form")
    client.force_login(make_user("editor"))
    page = BeautifulSoup(client.get(preview_url(event, "thank_you")).content, "html.parser")
    text = page.select_one("pre").get_text()
    assert "Bedankt voor uw aanmelding voor Werkconferentie." in text
    assert f"Na afloop: {SAMPLE_LINK}" in text
    assert "uitnodiging.ics" not in page.get_text()
    assert "Deze bijeenkomst stuurt geen bedankmail" in page.get_text()
    assert not EventPage.objects.get(pk=event.pk).thank_you_mail_url  # nothing saved

    mail.outbox.clear()
    response = client.post(preview_url(event), {"kind": "thank_you"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["redacteur@example.org"]
    assert message.subject == "[Test] Bedankt: Werkconferentie"
    assert reverse("cms_events_mail_preview", args=[event.pk]) in response["Location"]


def test_the_preview_of_an_event_that_sends_its_thank_you_shows_its_link(client, event):
    client.force_login(make_user("editor"))
    page = BeautifulSoup(client.get(preview_url(event, "thank_you")).content, "html.parser")
    assert f"Na afloop: {LINK}" in page.select_one("pre").get_text()
    assert "Deze bijeenkomst stuurt geen bedankmail" not in page.get_text()


# Sending


def test_the_worker_schedule_sends_thank_yous():
    (job,) = [job for job in schedule.JOBS if job.name == "send_thank_you_mails"]
    assert job.interval_setting == "THANK_YOU_INTERVAL"
    assert job.run is schedule.queue_thank_yous


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_round_of_the_worker_leaves_the_sending_to_one_task(event, run_on_commit):
    sign_up(event, "Anna")
    sign_up(event, "Bert")
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()
    with run_on_commit(), clock(NOW):
        assert queue_due_thank_yous() == 2
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "cms_events.registration.thank_you_mail.send_thank_yous"
    assert mail.outbox == []
    assert set(thank_yous().values_list("status", flat=True)) == {MailLog.Status.QUEUED}


def test_the_command_sends_due_thank_yous_once(make_event):
    event = make_event(
        title="Werkconferentie",
        registration_mode="form",
        send_thank_you_mail=True,
        thank_you_mail_url=LINK,
    )
    sign_up(event, "Anna")
    end = timezone.now() - timedelta(hours=3)
    change(event, start=end - timedelta(hours=3), end=end)

    output = io.StringIO()
    call_command("send_thank_you_mails", "--dry-run", stdout=output)
    assert output.getvalue().strip() == "1 thank-you mails are due."
    mail.outbox.clear()
    call_command("send_thank_you_mails", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    call_command("send_thank_you_mails", stdout=output)
    assert len(mail.outbox) == 1
    assert output.getvalue().strip().endswith("0 thank-you mails tried.")
