"""A worker killed while it sends a mail: the mail is sent again by the next worker, once, with
the same Message-ID, and nothing stays "sending" or "running".

A real `manage.py run_worker` process works on the test's database and sends through a local
SMTP stub that hangs in DATA; the test kills it with SIGKILL there and starts another.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from cms_events.models import MailLog

from .registration_helpers import register_via_page
from .services import free_port
from .smtp_stub import SMTPStub

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parent.parent
# Long enough for the test to kill the worker while it holds the mail, short enough to wait for.
CLAIM_SECONDS = 4


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"gave up waiting {timeout} s for {what}")


class Workers:
    """Start `manage.py run_worker` processes on the test database; kill what is left."""

    def __init__(self, smtp_port, claim_seconds=CLAIM_SECONDS):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"]),
            "WORKER_SMTP_PORT": str(smtp_port),
            "WORKER_MAIL_CLAIM_SECONDS": str(claim_seconds),
        }
        self.processes = []

    def start(self):
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@pytest.fixture
def smtp_stub():
    with SMTPStub(free_port()) as stub:
        yield stub


@pytest.fixture
def workers(smtp_stub):
    workers = Workers(smtp_stub.port)
    yield workers
    workers.stop_all()


def mail_tasks():
    # The registration also queues the purge of its page (places left changed): not ours.
    return DBTaskResult.objects.filter(task_path="cms_events.registration.tasks.send_mail")


def mail_status():
    return MailLog.objects.values_list("status", flat=True).get()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_mail_interrupted_by_sigkill_is_delivered_once_by_the_next_worker(
    client, make_event, smtp_stub, workers
):
    event = make_event(title="Werkconferentie", registration_mode="form")
    DBTaskResult.objects.all().delete()
    assert register_via_page(client, event).status_code == 302
    assert mail_status() == MailLog.Status.QUEUED

    smtp_stub.stalling.set()
    first = workers.start()
    assert smtp_stub.stall_started.wait(timeout=60), "the worker never reached DATA"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=30)
    assert mail_status() == MailLog.Status.SENDING
    assert list(mail_tasks().values_list("status", flat=True)) == ["RUNNING"]
    assert smtp_stub.delivered == []

    smtp_stub.stalling.clear()
    workers.start()
    wait_until(lambda: mail_status() == MailLog.Status.SENT, 60, "the mail to be sent")
    wait_until(lambda: mail_tasks().filter(status="FAILED").exists(), 30, "the lost task")

    log = MailLog.objects.get()
    assert (log.status, log.attempts, log.claimed_until) == (MailLog.Status.SENT, 2, None)
    assert [message["To"] for message in smtp_stub.delivered] == ["jan@example.org"]
    # The attempt that was cut off and the one delivered carry the same Message-ID.
    (stalled,), (delivered,) = smtp_stub.stalled, smtp_stub.delivered
    assert stalled["Message-ID"] == delivered["Message-ID"] == log.message_id
    assert "WorkerLost" in mail_tasks().get().traceback
