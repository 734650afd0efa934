"""The thank-you mail sent by the task worker on its schedule: two real `manage.py run_worker`
processes find the same thank-you due round after round, and the registrant gets it once
(the fixtures of tests/test_reminder_worker.py)."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms_events.models import EventPage, MailLog
from cms_events.models.series import sync_occurrences
from cms_events.registration.services import register

from .test_reminder_worker import (  # noqa: F401 (fixtures)
    MORE_ROUNDS_SECONDS,
    both_workers_running,
    smtp_stub,
    workers,
)
from .test_worker_crash import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = "https://www.example.org/verslag"


@pytest.fixture
def past_event(make_event):
    """An event that ended three hours ago (its thank-you, two hours after, is due), with one
    confirmed registrant who registered while it was still to come."""
    event = make_event(
        title="Werkconferentie",
        registration_mode="form",
        send_thank_you_mail=True,
        thank_you_mail_url=LINK,
    )
    register(event, name="Anna", email="anna@example.org")
    end = timezone.now() - timedelta(hours=3)
    EventPage.objects.filter(pk=event.pk).update(start=end - timedelta(hours=3), end=end)
    # The stored date moves with it, as on every save (a raw update does not save).
    sync_occurrences(EventPage.objects.get(pk=event.pk))
    return event


def thank_you():
    return MailLog.objects.filter(kind=MailLog.Kind.THANK_YOU)


def thank_you_tasks():
    return DBTaskResult.objects.filter(
        task_path="cms_events.registration.thank_you_mail.send_thank_yous"
    )


def test_two_workers_send_a_due_thank_you_exactly_once(past_event, smtp_stub, workers):  # noqa: F811
    assert MailLog.objects.get().status == MailLog.Status.SENT  # the confirmation
    DBTaskResult.objects.all().delete()
    # Not due until both workers are up: then both find it due in their next rounds.
    EventPage.objects.filter(pk=past_event.pk).update(send_thank_you_mail=False)

    processes = [workers.start(), workers.start()]
    wait_until(both_workers_running, 120, "both workers to run tasks")
    EventPage.objects.filter(pk=past_event.pk).update(send_thank_you_mail=True)
    wait_until(lambda: thank_you().filter(status=MailLog.Status.SENT).exists(), 60, "the mail")
    time.sleep(MORE_ROUNDS_SECONDS)
    wait_until(
        lambda: not thank_you_tasks().exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        60,
        "the thank-you tasks to finish",
    )

    assert [process.poll() for process in processes] == [None, None], "a worker stopped"
    log = thank_you().get()
    # Sent, and delivered once. (An attempt that failed before sending, such as a refused SMTP
    # connection on a loaded machine, is retried as designed: the delivery count is the test.)
    assert log.status == MailLog.Status.SENT and log.attempts >= 1
    assert [message["To"] for message in smtp_stub.delivered] == ["anna@example.org"]
    (delivered,) = smtp_stub.delivered
    assert delivered["Subject"] == "Bedankt: Werkconferentie"
    assert delivered["Message-ID"] == log.message_id
    assert LINK in delivered.get_body(preferencelist=("plain",)).get_content()
    assert set(thank_you_tasks().values_list("status", flat=True)) == {"SUCCESSFUL"}
