"""Reminders: one mail to each confirmed registrant before the event, and to nobody else.

The clock is the `now` given to the functions that find due reminders; the event lies in 2030,
so the real clock never makes it started or past.
"""

import email
import io
from datetime import date, timedelta
from email import policy

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar
from wagtail.models import Page

from cms_events.checks import check_reminder_days
from cms_events.models import EventPage, MailLog, Registration
from cms_events.models.series import sync_occurrences
from cms_events.publishing.status_change import change_event_status
from cms_events.registration import schedule
from cms_events.registration.emails import registration_link
from cms_events.registration.reminders import (
    events_due,
    log_due_reminders,
    queue_due_reminders,
    send_due_reminders,
    send_reminders,
)
from cms_events.registration.services import cancel_registration, register
from home.demo_events import local

from .test_mail_facts import (
    FACTS,
    FORMAL,
    INFORMAL,
    VARIANTS,
    in_language,
    parts,
    prose,
    use_site_form_of_address,
)
from .test_registration_admin import editor

pytestmark = pytest.mark.django_db

DAY = date(2030, 3, 14)  # a Thursday
START = local(DAY, 14)
# Two days before the start: CMS_EVENTS_REMINDER_DAYS_BEFORE's default.
MOMENT = START - timedelta(days=2)
NOW = MOMENT + timedelta(hours=1)
REMINDER_SENTENCE = {
    ("nl", "u"): "Een herinnering: u bent aangemeld voor Werkconferentie.",
    ("nl", "je"): "Een herinnering: je bent aangemeld voor Werkconferentie.",
    ("en", "u"): "A reminder: you are registered for Work conference.",
}


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werkconferentie",
        start=START,
        end=local(DAY, 17),
        registration_mode="form",
        capacity=4,
        online_url="https://video.example.org/werkconferentie",
    )


def sign_up(event, name, language="nl"):
    return register(event, name=name, email=f"{name.lower()}@example.org", language=language)


def confirmed_at(registration, moment):
    """Date the registration and the mail that confirmed it to `moment`."""
    Registration.objects.filter(pk=registration.pk).update(created_at=moment)
    MailLog.objects.filter(registration=registration, kind__in=["confirmation", "moved_up"]).update(
        created_at=moment
    )


def change(event, **fields):
    """Change the stored event behind its back, and its stored date with it."""
    EventPage.objects.filter(pk=event.pk).update(**fields)
    sync_occurrences(EventPage.objects.get(pk=event.pk))


def reminded(now=NOW):
    """Run a round of reminders at `now`; return the addresses that got one."""
    mail.outbox.clear()
    send_due_reminders(now)
    assert all(message.subject.startswith("Herinnering") for message in mail.outbox)
    return sorted(address for message in mail.outbox for address in message.to)


def reminders():
    return MailLog.objects.filter(kind=MailLog.Kind.REMINDER)


def test_confirmed_registrants_get_one_reminder_and_nobody_else_gets_one(event):
    _anna, _bert, wim, zara = (sign_up(event, name) for name in ("Anna", "Bert", "Wim", "Zara"))
    xander = sign_up(event, "Xander")
    assert xander.status == Registration.Status.WAITING_LIST
    cancel_registration(wim)  # withdraws; Xander moves up, days before the reminder
    yara = sign_up(event, "Yara")
    assert yara.status == Registration.Status.WAITING_LIST
    # Registered after the reminder moment: the confirmation just said it all.
    confirmed_at(zara, MOMENT + timedelta(minutes=1))

    assert reminded() == ["anna@example.org", "bert@example.org", "xander@example.org"]
    assert reminded() == []
    assert reminded(NOW + timedelta(hours=12)) == []
    logs = reminders().order_by("registration__name")
    assert [(log.registration.name, log.status, log.event_date) for log in logs] == [
        (name, MailLog.Status.SENT, DAY) for name in ("Anna", "Bert", "Xander")
    ]


def test_who_moves_up_after_the_reminder_moment_gets_no_reminder(event):
    anna = sign_up(event, "Anna")
    for name in ("Bert", "Cor", "Dirk"):
        sign_up(event, name)
    xander = sign_up(event, "Xander")
    cancel_registration(anna)
    confirmed_at(xander, NOW - timedelta(minutes=5))  # the “a place is free” mail
    Registration.objects.filter(pk=xander.pk).update(created_at=MOMENT - timedelta(days=1))

    assert reminded() == ["bert@example.org", "cor@example.org", "dirk@example.org"]


@pytest.mark.parametrize(
    ("fields", "now"),
    [
        ({"status": "cancelled"}, NOW),
        ({"status": "postponed"}, NOW),
        ({"status": "postponed", "new_date_to_follow": True}, NOW),
        ({"send_reminder": False}, NOW),
        ({"registration_mode": "external"}, NOW),
        ({}, MOMENT - timedelta(minutes=1)),
        ({}, START),
        ({}, START + timedelta(days=1)),
    ],
    ids=[
        "cancelled",
        "postponed",
        "new date to follow",
        "reminders off",
        "registration elsewhere",
        "not yet due",
        "started",
        "past",
    ],
)
def test_no_reminder_for_an_event_that_does_not_go_ahead_as_planned(event, fields, now):
    sign_up(event, "Anna")
    change(event, **fields)
    assert reminded(now) == []
    assert not reminders().exists()


def test_no_reminder_for_an_unpublished_event(event):
    sign_up(event, "Anna")
    Page.objects.filter(pk=event.pk).update(live=False)
    assert reminded() == []


def test_the_event_chooses_its_own_lead_time(event):
    sign_up(event, "Anna")
    change(event, reminder_days_before=5)
    five_days_before = START - timedelta(days=5)
    assert reminded(five_days_before - timedelta(minutes=1)) == []
    assert reminded(five_days_before + timedelta(minutes=1)) == ["anna@example.org"]
    assert reminded() == []


def test_the_site_setting_sets_the_default_and_zero_switches_it_off(event, settings):
    sign_up(event, "Anna")
    settings.CMS_EVENTS_REMINDER_DAYS_BEFORE = 0
    assert reminded() == []
    change(event, reminder_days_before=1)
    assert reminded() == []  # due a day before, not two
    assert reminded(START - timedelta(hours=23)) == ["anna@example.org"]


def test_a_new_date_gets_a_reminder_of_its_own_and_a_new_time_on_the_day_does_not(event):
    sign_up(event, "Anna")
    assert reminded() == ["anna@example.org"]

    event = change_event_status(event, status="scheduled", start=local(DAY, 16))
    assert reminded(NOW + timedelta(hours=2)) == []

    new_day = DAY + timedelta(days=7)
    event = change_event_status(event, status="rescheduled", start=local(new_day, 14))
    assert reminded(NOW + timedelta(hours=3)) == []
    assert reminded(local(new_day, 14) - timedelta(days=2)) == ["anna@example.org"]
    assert sorted(reminders().values_list("event_date", flat=True)) == [DAY, new_day]


@pytest.mark.parametrize("what", ["withdrawn", "cancelled", "moved", "reminders off"])
def test_a_reminder_that_no_longer_applies_when_it_is_sent_is_dropped(event, what):
    anna = sign_up(event, "Anna")
    mail_ids = log_due_reminders(NOW)
    assert len(mail_ids) == 1
    if what == "withdrawn":
        cancel_registration(anna)
    elif what == "cancelled":
        change(event, status="cancelled")
    elif what == "moved":
        change(event, start=START + timedelta(days=7), end=START + timedelta(days=7, hours=3))
    else:
        change(event, send_reminder=False)
    mail.outbox.clear()

    send_reminders.call(mail_ids)
    assert mail.outbox == []
    assert not reminders().exists()


def test_a_dropped_reminder_goes_when_reminders_are_switched_on_again(event):
    sign_up(event, "Anna")
    mail_ids = log_due_reminders(NOW)
    change(event, send_reminder=False)
    send_reminders.call(mail_ids)
    change(event, send_reminder=True)
    assert reminded() == ["anna@example.org"]


def test_two_rounds_at_once_log_and_send_one_reminder(event):
    sign_up(event, "Anna")
    first, second = log_due_reminders(NOW), log_due_reminders(NOW)
    assert first == second and len(first) == 1
    mail.outbox.clear()
    send_reminders.call(first)
    send_reminders.call(second)
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    assert reminders().get().attempts == 1


def test_the_database_holds_one_reminder_per_registration_and_date(event):
    anna = sign_up(event, "Anna")
    MailLog.objects.create(registration=anna, kind="reminder", event_date=DAY)
    MailLog.objects.create(registration=anna, kind="reminder", event_date=DAY + timedelta(days=7))
    with pytest.raises(IntegrityError), transaction.atomic():
        MailLog.objects.create(registration=anna, kind="reminder", event_date=DAY)


def calendar_of(message):
    """Return the method and the parsed .ics attached to a sent message."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part.get_param("method"), Calendar.from_ical(part.get_content())


@pytest.mark.parametrize(("language", "form_of_address"), VARIANTS)
def test_the_reminder_says_what_when_where_and_links_to_page_and_registration(
    event, language, form_of_address
):
    use_site_form_of_address(form_of_address)
    page = in_language(event, language)
    anna = sign_up(event, "Anna", language=language)
    mail.outbox.clear()
    send_due_reminders(NOW)

    (message,) = mail.outbox
    subject = {"nl": "Herinnering: Werkconferentie", "en": "Reminder: Work conference"}
    assert message.subject == subject[language]
    text, html = parts(message)
    page_url, manage_url = page.get_full_url(), registration_link(anna, page)
    facts = [
        page.title,
        FACTS[language][DAY],
        FACTS[language]["time"],
        "Stadskantoor",
        "Utrecht",
        "https://video.example.org/werkconferentie",
        page_url,
        manage_url,
    ]
    assert [fact for fact in facts if fact not in text] == [], text
    assert REMINDER_SENTENCE[language, form_of_address] in text
    html_text = html.get_text(" ")
    assert [fact for fact in facts[:5] if fact not in html_text] == []
    assert {page_url, manage_url} <= {link["href"] for link in html.select("a[href]")}
    if language == "nl":
        other_form = INFORMAL if form_of_address == "u" else FORMAL
        assert other_form.findall(prose(text)) == [], text
        assert other_form.findall(prose(html_text)) == []

    method, calendar = calendar_of(message)
    assert method == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == START
    assert str(vevent["SUMMARY"]) == page.title
    assert "anna@example.org" in str(vevent["ATTENDEE"])


def test_the_registrations_view_shows_the_reminder_to_those_allowed(event, admin_client, client):
    sign_up(event, "Anna")
    send_due_reminders(NOW)
    url = f"/admin/events/{event.pk}/registrations/"
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    header = [th.get_text() for th in soup.select("thead th")]
    (row,) = soup.select("tbody tr")
    assert "Herinnering: Verstuurd" in row.select("td")[header.index("E-mail")].get_text()

    client.force_login(editor())
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"Herinnering" not in response.content


def test_finding_the_due_events_takes_one_query(event, make_event, django_assert_num_queries):
    second = make_event(title="Tweede", start=START, end=local(DAY, 17), registration_mode="form")
    make_event(title="Zonder aanmelding", start=START, end=local(DAY, 17))
    with django_assert_num_queries(1):
        due = events_due(NOW)
    assert [page.pk for page in due] == [event.pk, second.pk]


def test_the_editor_finds_the_reminder_on_the_registration_tab(event, admin_client):
    edit = admin_client.get(f"/admin/pages/{event.pk}/edit/")
    soup = BeautifulSoup(edit.content, "html.parser")
    assert soup.select_one("input[name=send_reminder]").has_attr("checked")
    days = soup.select_one("input[name=reminder_days_before]")
    assert days.get("value", "") == ""
    assert "Leeg: de standaard van de site, meestal 2 dagen." in soup.get_text()


@pytest.mark.parametrize("days", [0, 61, 40000])
def test_a_lead_time_outside_one_to_sixty_days_is_refused(event, days):
    event.reminder_days_before = days
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        event.full_clean()
    assert list(error.value.message_dict) == ["reminder_days_before"]


@pytest.mark.parametrize(("value", "errors"), [(2, []), (0, []), (-1, ["cms_events.E004"])])
def test_the_days_setting_is_checked(settings, value, errors):
    settings.CMS_EVENTS_REMINDER_DAYS_BEFORE = value
    assert [error.id for error in check_reminder_days(None)] == errors


def test_the_worker_schedule_sends_reminders():
    (job,) = [job for job in schedule.JOBS if job.name == "send_reminders"]
    assert job.interval_setting == "REMINDER_INTERVAL"
    assert job.run is schedule.queue_reminders


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_round_of_the_worker_leaves_the_sending_to_one_task(event, run_on_commit):
    sign_up(event, "Anna")
    sign_up(event, "Bert")
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()
    with run_on_commit():
        assert queue_due_reminders(NOW) == 2
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "cms_events.registration.reminders.send_reminders"
    assert mail.outbox == []
    assert set(reminders().values_list("status", flat=True)) == {MailLog.Status.QUEUED}


def test_the_command_sends_due_reminders_once(make_event):
    start = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    event = make_event(start=start, end=start + timedelta(hours=3), registration_mode="form")
    anna = sign_up(event, "Anna")
    confirmed_at(anna, timezone.now() - timedelta(days=3))

    output = io.StringIO()
    call_command("send_reminders", "--dry-run", stdout=output)
    assert output.getvalue().strip() == "1 reminders are due."
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]
    call_command("send_reminders", stdout=output)
    assert len(mail.outbox) == 1
    assert output.getvalue().strip().endswith("0 reminders tried.")
