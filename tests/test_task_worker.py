"""Production's background work: tasks stored by django-tasks-db's DatabaseBackend and run by
`manage.py db_worker`, here in batch mode (it stops when the queue is empty)."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms_events.models import EventPage, MailLog, Registration
from cms_events.registration.tasks import purge_registrations
from tests.frontend_cache import RecordingBackend

from .registration_helpers import register_via_page

# The worker commits its own transactions, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    output = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=output, stderr=output)
    return output.getvalue()


def task_statuses():
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def queued_tasks():
    return sorted(DBTaskResult.objects.values_list("task_path", "status"))


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_sends_the_mail_a_registration_queued(client, make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()
    assert register_via_page(client, event).status_code == 302

    assert mail.outbox == []
    # The confirmation, and the purge of the page whose places-left count changed.
    queued = queued_tasks()
    assert ("cms_events.registration.tasks.send_mail", "READY") in queued
    assert {status for _, status in queued} == {"READY"}
    assert MailLog.objects.get().status == MailLog.Status.QUEUED

    run_worker()
    assert [message.to for message in mail.outbox] == [["jan@example.org"]]
    assert MailLog.objects.get().status == MailLog.Status.SENT
    assert Registration.objects.get().email == "jan@example.org"
    assert set(task_statuses()) == {"SUCCESSFUL"}


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_purges_the_front_end_cache_after_a_publish(make_event):
    event = make_event(title="Werkconferentie", slug="werkconferentie")
    run_worker()
    RecordingBackend.purged.clear()

    event.save_revision().publish()
    assert RecordingBackend.purged == []
    run_worker()
    assert "http://testserver/agenda/werkconferentie/" in RecordingBackend.purged
    assert f"http://testserver/evenement/{event.pk}/agenda.ics" in RecordingBackend.purged
    assert set(task_statuses()) == {"SUCCESSFUL"}
    RecordingBackend.purged.clear()


@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_runs_the_retention_purge(client, make_event):
    event = make_event(title="Werkconferentie", registration_mode="form", retention_days=0)
    register_via_page(client, event)
    EventPage.objects.filter(pk=event.pk).update(end=timezone.now() - timedelta(days=1))

    result = purge_registrations.enqueue()
    run_worker()
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert Registration.objects.get().anonymised_at is not None
