"""Reminders sent by the task worker, on its schedule: two real `manage.py run_worker` processes
find the same reminder due round after round, and the registrant gets it once; and the worker
of the database backend sends what a round queued, once."""

import io
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms_events.models import EventPage, MailLog
from cms_events.registration.reminders import queue_due_reminders
from cms_events.registration.services import register
from cms_events.registration.tasks import purge_registrations

from .services import free_port
from .smtp_stub import SMTPStub
from .test_reminders import confirmed_at
from .test_worker_crash import Workers, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds both workers keep running their rounds of reminders (every second, see
# tests/worker_settings.py) after the reminder went out.
MORE_ROUNDS_SECONDS = 5


@pytest.fixture
def due_event(make_event):
    """An event tomorrow, whose reminder (two days before) is due, with one confirmed
    registrant who registered well before that."""
    start = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    event = make_event(
        title="Werkconferentie",
        start=start,
        end=start + timedelta(hours=3),
        registration_mode="form",
    )
    anna = register(event, name="Anna", email="anna@example.org")
    confirmed_at(anna, timezone.now() - timedelta(days=3))
    return event


def reminder():
    return MailLog.objects.filter(kind=MailLog.Kind.REMINDER)


def reminder_tasks():
    return DBTaskResult.objects.filter(task_path="cms_events.registration.reminders.send_reminders")


@pytest.fixture
def smtp_stub():
    with SMTPStub(free_port()) as stub:
        yield stub


# The crash test's claim of 4 s lapses on a busy machine while a mail is still being sent, and
# the other worker then takes it over (a second attempt, as designed for a worker that died).
# Here neither worker dies: a claim that outlasts any send shows that two workers send once.
CLAIM_SECONDS = 120


@pytest.fixture
def workers(smtp_stub):
    workers = Workers(smtp_stub.port, claim_seconds=CLAIM_SECONDS)
    yield workers
    workers.stop_all()


def workers_seen():
    """Return the ids of the workers that have finished a task."""
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL")
    return {worker for ids in finished.values_list("worker_ids", flat=True) for worker in ids}


def both_workers_running():
    """Return whether both workers have run a task; give them another one if not."""
    if len(workers_seen()) >= 2:
        return True
    with override_settings(TASKS=DATABASE_TASKS):
        purge_registrations.enqueue()  # harmless: nothing is past its retention period
    return False


def test_two_workers_send_a_due_reminder_exactly_once(due_event, smtp_stub, workers):
    # The confirmation went out in this process (the test settings send at once).
    assert MailLog.objects.get().status == MailLog.Status.SENT
    DBTaskResult.objects.all().delete()
    # Not due until both workers are up: then both find it due in their next rounds.
    EventPage.objects.filter(pk=due_event.pk).update(send_reminder=False)

    processes = [workers.start(), workers.start()]
    wait_until(both_workers_running, 120, "both workers to run tasks")
    EventPage.objects.filter(pk=due_event.pk).update(send_reminder=True)
    wait_until(lambda: reminder().filter(status=MailLog.Status.SENT).exists(), 60, "the reminder")
    time.sleep(MORE_ROUNDS_SECONDS)
    wait_until(
        lambda: not reminder_tasks().exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        60,
        "the reminder tasks to finish",
    )

    assert [process.poll() for process in processes] == [None, None], "a worker stopped"
    log = reminder().get()
    assert (log.status, log.attempts, log.event_date) == (
        MailLog.Status.SENT,
        1,
        timezone.localtime(due_event.start).date(),
    )
    assert [message["To"] for message in smtp_stub.delivered] == ["anna@example.org"]
    (delivered,) = smtp_stub.delivered
    assert delivered["Subject"] == "Herinnering: Werkconferentie"
    assert delivered["Message-ID"] == log.message_id
    assert set(reminder_tasks().values_list("status", flat=True)) == {"SUCCESSFUL"}


@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_worker_sends_what_a_round_queued_once(due_event):
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()
    assert queue_due_reminders() == 1
    assert queue_due_reminders() == 1  # not sent yet: queued again, sent once
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert [message.subject for message in mail.outbox] == ["Herinnering: Werkconferentie"]
    assert reminder().get().status == MailLog.Status.SENT
    assert queue_due_reminders() == 0
    assert set(reminder_tasks().values_list("status", flat=True)) == {"SUCCESSFUL"}
