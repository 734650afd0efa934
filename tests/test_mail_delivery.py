"""Mail delivery under claims: at least once, never twice where the log can tell, the same
Message-ID on every attempt, and the periodic work of `run_worker` (schedule.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms_events.models import MailLog
from cms_events.registration import schedule
from cms_events.registration.services import register
from cms_events.registration.tasks import claim, deliver, retry_failed_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_mail(make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    register(event, name="Jan Jansen", email="jan@example.org")
    mail.outbox.clear()
    return MailLog.objects.get()


def interrupt(log, minutes_ago=1):
    """Leave `log` as a worker that died while sending it leaves it."""
    assert claim(log.pk)
    MailLog.objects.filter(pk=log.pk).update(
        message_id="<first-attempt@example.org>",
        claimed_until=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_a_mail_another_worker_is_sending_is_left_alone(queued_mail):
    assert claim(queued_mail.pk)
    deliver(queued_mail.pk)
    retry_failed_mail.call()
    assert mail.outbox == []
    queued_mail.refresh_from_db()
    assert (queued_mail.status, queued_mail.attempts) == (MailLog.Status.SENDING, 1)


def test_every_attempt_carries_the_message_id_stored_before_sending(queued_mail):
    deliver(queued_mail.pk)
    queued_mail.refresh_from_db()
    assert queued_mail.message_id.endswith("@example.org>")
    assert mail.outbox[0].extra_headers["Message-ID"] == queued_mail.message_id
    assert mail.outbox[0].message()["Message-ID"] == queued_mail.message_id


def test_an_interrupted_mail_is_sent_again_with_its_first_message_id(queued_mail):
    interrupt(queued_mail)
    assert retry_failed_mail.call() == 1
    queued_mail.refresh_from_db()
    assert (queued_mail.status, queued_mail.attempts) == (MailLog.Status.SENT, 2)
    assert queued_mail.claimed_until is None
    assert [message.to for message in mail.outbox] == [["jan@example.org"]]
    assert mail.outbox[0].extra_headers["Message-ID"] == "<first-attempt@example.org>"


def test_an_interrupted_mail_without_attempts_left_is_recorded_as_failed(queued_mail, settings):
    settings.CMS_EVENTS_MAIL_MAX_ATTEMPTS = 1
    interrupt(queued_mail)
    assert retry_failed_mail.call() == 0
    queued_mail.refresh_from_db()
    assert queued_mail.status == MailLog.Status.FAILED
    assert queued_mail.error.startswith("WorkerLost:")
    assert mail.outbox == []


def test_an_attempt_that_outlived_its_claim_does_not_overwrite_the_next(queued_mail, monkeypatch):
    def send_after_being_overtaken(message):
        # Meanwhile the claim ran out and another worker took the mail over.
        MailLog.objects.filter(pk=queued_mail.pk).update(attempts=2)
        raise ConnectionResetError("too late")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send_after_being_overtaken)
    deliver(queued_mail.pk)
    queued_mail.refresh_from_db()
    assert (queued_mail.status, queued_mail.error) == (MailLog.Status.SENDING, "")


def test_a_mail_queued_long_ago_whose_task_was_lost_is_sent(queued_mail):
    MailLog.objects.filter(pk=queued_mail.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert retry_failed_mail.call() == 1
    assert len(mail.outbox) == 1


def test_tasks_running_past_the_limit_are_recorded_as_lost(settings):
    settings.CMS_EVENTS_TASK_LOST_SECONDS = 600
    now = timezone.now()
    common = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x.y", "run_after": now}
    lost = DBTaskResult.objects.create(
        status="RUNNING", started_at=now - timedelta(minutes=11), **common
    )
    busy = DBTaskResult.objects.create(
        status="RUNNING", started_at=now - timedelta(minutes=9), **common
    )
    assert schedule.record_lost_tasks() == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (lost.status, busy.status) == ("FAILED", "RUNNING")
    assert lost.exception_class_path == "cms_events.registration.schedule.WorkerLost"


def test_the_schedule_runs_each_job_at_once_and_then_at_its_interval(settings):
    settings.CMS_EVENTS_MAIL_RETRY_INTERVAL = 0.05
    settings.CMS_EVENTS_PURGE_INTERVAL = 3600
    runs = {"often": 0, "daily": 0}

    def job(name):
        def run():
            runs[name] += 1
            if name == "often" and runs[name] == 3:
                raise RuntimeError("a failing round is logged and tried again")
            return 0

        return run

    jobs = (
        schedule.Job("often", "MAIL_RETRY_INTERVAL", job("often")),
        schedule.Job("daily", "PURGE_INTERVAL", job("daily")),
    )
    thread = schedule.Schedule(jobs)
    thread.start()
    deadline = timezone.now() + timedelta(seconds=10)
    while runs["often"] < 5 and timezone.now() < deadline:
        thread.stopping.wait(0.05)
    thread.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert runs["often"] >= 5
    assert runs["daily"] == 1
