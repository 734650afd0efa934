"""Periodic work that `manage.py run_worker` does beside the queued tasks, so that no cron line
is needed for it: retrying failed and interrupted mail, sending the reminders and thank-you mails
that are due, the retention purge, storing the next dates of open series, and recording the
tasks of a worker that died as failed.

Every worker process keeps the schedule on its own, starting with a round of every job. Each
job is safe in several workers at once: mail is claimed one message at a time, a reminder is
logged once per registration and date and a thank-you once per registration (unique
constraints), the purge locks the registrations it anonymises, and marking a lost task is a
single update.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import close_old_connections, connections
from django.utils import timezone

from cms_events.conf import get_setting

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded on a task that was still running long after its worker must have stopped."""


def retry_mail():
    from cms_events.registration.tasks import retry_failed_mail

    return retry_failed_mail.call()


def queue_reminders():
    from cms_events.registration.reminders import queue_due_reminders

    return queue_due_reminders()


def queue_thank_yous():
    from cms_events.registration.thank_you_mail import queue_due_thank_yous

    return queue_due_thank_yous()


def purge_registrations():
    from cms_events.registration.privacy import purge_expired_registrations

    return purge_expired_registrations()


def renew_series():
    from cms_events.models.series import renew_open_series

    return renew_open_series()


def record_lost_tasks():
    """Mark tasks running for longer than `CMS_EVENTS_TASK_LOST_SECONDS` as failed.

    django-tasks-db leaves a task "running" for good when its worker is killed. Mail needs no
    such task to be sent again (its own claim runs out); this keeps the task list truthful.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    seconds = get_setting("TASK_LOST_SECONDS")
    now = timezone.now()
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - timedelta(seconds=seconds))
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.WorkerLost",
            traceback=(
                f"{__name__}.WorkerLost: still running after {seconds} s; "
                "its worker is taken to have stopped."
            ),
            return_value=None,
        )
    )


@dataclass(frozen=True)
class Job:
    name: str
    interval_setting: str
    run: Callable[[], int]


JOBS = (
    Job("record_lost_tasks", "MAIL_RETRY_INTERVAL", record_lost_tasks),
    Job("retry_failed_mail", "MAIL_RETRY_INTERVAL", retry_mail),
    Job("send_reminders", "REMINDER_INTERVAL", queue_reminders),
    Job("send_thank_you_mails", "THANK_YOU_INTERVAL", queue_thank_yous),
    Job("purge_registrations", "PURGE_INTERVAL", purge_registrations),
    Job("renew_series_dates", "PURGE_INTERVAL", renew_series),
)


class Schedule(threading.Thread):
    """A thread that runs each job at once and then every `CMS_EVENTS_<interval_setting>`
    seconds, until `stop()`; a job that raises is logged and tried again next time."""

    def __init__(self, jobs=JOBS):
        # A daemon: a second Ctrl+C ends the process without waiting for the job in progress.
        super().__init__(name="cms_events schedule", daemon=True)
        self.jobs = jobs
        self.stopping = threading.Event()

    def run(self):
        due = dict.fromkeys(self.jobs, 0.0)
        try:
            while not self.stopping.is_set():
                for job in self.jobs:
                    if self.stopping.is_set():
                        break
                    if time.monotonic() >= due[job]:
                        self.run_job(job)
                        due[job] = time.monotonic() + get_setting(job.interval_setting)
                self.stopping.wait(max(0.0, min(due.values()) - time.monotonic()))
        finally:
            connections.close_all()

    def run_job(self, job):
        close_old_connections()
        try:
            count = job.run()
        except Exception:
            logger.exception("Scheduled job %s failed", job.name)
        else:
            if count:
                logger.info("Scheduled job %s: %s", job.name, count)
        finally:
            close_old_connections()

    def stop(self):
        """Finish the job in progress, then end the thread."""
        self.stopping.set()
