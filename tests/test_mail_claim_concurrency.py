"""Two workers claim the same mail at the same moment: one gets it. On PostgreSQL the second
claim waits for the first one's row lock and must see, once it gets the row, that the mail is
taken (a claim whose condition sat in a subquery did not: both workers sent the mail). Runs on
SQLite and on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from cms_events.models import MailLog
from cms_events.registration.services import register
from cms_events.registration.tasks import claim

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def waiting_for_a_lock():
    """Return whether another connection waits for a row lock (PostgreSQL); on SQLite, where
    a writer waits for the database, after a moment to let it start waiting."""
    if connection.vendor != "postgresql":
        time.sleep(0.3)
        return True
    with connection.cursor() as cursor:
        # Statistics are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_a_mail_claimed_while_another_worker_holds_it_is_not_taken_again(make_event):
    event = make_event(title="Werkconferentie", registration_mode="form")
    register(event, name="Jan Jansen", email="jan@example.org")
    mail = MailLog.objects.get()
    MailLog.objects.filter(pk=mail.pk).update(status=MailLog.Status.QUEUED, attempts=0)
    second = {}

    def second_worker():
        try:
            second["claimed"] = claim(mail.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=second_worker)
    with transaction.atomic():
        # The first worker takes the mail and holds its row until it commits.
        assert claim(mail.pk)
        thread.start()
        deadline = time.monotonic() + 10
        while not waiting_for_a_lock():
            assert time.monotonic() < deadline, "the second claim never waited for the row"
            time.sleep(0.05)
    thread.join(timeout=30)

    assert second == {"claimed": False}
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailLog.Status.SENDING, 1)
