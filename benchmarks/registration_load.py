"""Load without loss: two minutes of registrations under gunicorn with a task worker.

`make load-test`. A fresh PostgreSQL database (cms_events_perf_load; BENCH_DB_PREFIX changes the
prefix), one event with LOAD_CAPACITY places (default 150) and a waiting list, gunicorn with two
workers, and django-tasks-db's `db_worker` sending the mail to files. A second process posts
new, unique registrations from LOAD_CONNECTIONS threads (default 8) for LOAD_SECONDS (default
120). When
the queue is empty, it checks: every accepted registration (a 302) is stored exactly once and
nothing else is; no more confirmed than places, the rest on the waiting list, in order of
arrival; every registration's mail logged as sent and written once; no 5xx. Exit 1 if not.
"""

import json
import os
import sys
import tempfile
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import servers

DATABASE = servers.database_name("load")
PORT = int(os.environ.get("LOAD_PORT", "8802"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "120"))
CONNECTIONS = int(os.environ.get("LOAD_CONNECTIONS", "8"))
CAPACITY = int(os.environ.get("LOAD_CAPACITY", "150"))
EVENT_PATH = "/agenda/aanmelden-belastingtest/"


def mail_recipients(mail_dir):
    """Return how many mails each address received, from the file backend's files."""
    recipients = Counter()
    for path in Path(mail_dir).iterdir():
        for raw in path.read_bytes().split(b"-" * 79 + b"\n"):
            if raw.strip():
                recipients[message_from_bytes(raw)["To"]] += 1
    return recipients


def wait_for_queue(seconds=300):
    """Wait until no mail is queued or being sent; return the seconds waited."""
    from cms_events.models import MailLog

    started = time.monotonic()
    pending = MailLog.Status.QUEUED, MailLog.Status.SENDING
    while MailLog.objects.filter(status__in=pending).exists():
        if time.monotonic() - started > seconds:
            break
        time.sleep(0.5)
    return time.monotonic() - started


def check(accepted, result, mail_dir):
    """Print the figures and return the list of failed checks."""
    from django.db.models import Count

    from cms_events.models import MailLog, Registration

    registrations = Registration.objects.all()
    per_email = Counter(dict(registrations.values_list("email").annotate(n=Count("id"))))
    confirmed = registrations.filter(status=Registration.Status.CONFIRMED)
    waiting = registrations.filter(status=Registration.Status.WAITING_LIST)
    mails = MailLog.objects.all()
    sent = mails.filter(status=MailLog.Status.SENT)
    recipients = mail_recipients(mail_dir)
    server_errors = sum(n for status, n in result["statuses"].items() if int(status) >= 500)
    last_confirmed = confirmed.order_by("-created_at").values_list("created_at", flat=True)
    first_waiting = waiting.order_by("created_at").values_list("created_at", flat=True)
    figures = {
        "requests": result["requests"],
        "requests per second": result["per_second"],
        "median ms": result["median_ms"],
        "p95 ms": result["p95_ms"],
        "statuses": result["statuses"],
        "connection errors": result["errors"],
        "accepted (302)": len(accepted),
        "stored registrations": registrations.count(),
        "confirmed": confirmed.count(),
        "waiting list": waiting.count(),
        "mails logged": mails.count(),
        "mails sent": sent.count(),
        "mails written": sum(recipients.values()),
    }
    for name, value in figures.items():
        print(f"  {name}: {value}")
    checks = {
        "no 5xx and no connection errors": server_errors == 0 and result["errors"] == 0,
        "every accepted registration stored exactly once": all(
            per_email[email] == 1 for email in accepted
        ),
        "nothing stored that was not accepted": set(per_email) == set(accepted),
        "confirmed within capacity": confirmed.count() == min(CAPACITY, len(accepted)),
        "the rest on the waiting list": waiting.count() == len(accepted) - confirmed.count(),
        "places went in order of arrival": not (last_confirmed and first_waiting)
        or last_confirmed[0] <= first_waiting[0],
        "one mail per registration, of the right kind": (
            mails.filter(kind=MailLog.Kind.CONFIRMATION).count() == confirmed.count()
            and mails.filter(kind=MailLog.Kind.WAITING_LIST).count() == waiting.count()
            and mails.count() == registrations.count()
        ),
        "every mail logged as sent": sent.count() == mails.count(),
        "every mail written once": all(recipients[email] == 1 for email in accepted)
        and sum(recipients.values()) == len(accepted),
    }
    for name, passed in checks.items():
        print(f"  [{'ok' if passed else 'FAILED'}] {name}")
    return [name for name, passed in checks.items() if not passed]


def main():
    mail_dir = tempfile.mkdtemp(prefix="load-mail-")
    emails_file = Path(tempfile.mkdtemp(prefix="load-")) / "accepted.json"
    servers.recreate_database(DATABASE)
    env = servers.environment(DATABASE, BENCH_MAIL_DIR=mail_dir, BENCH_TASKS="database")
    servers.manage(env, "migrate", "--noinput", "-v", "0")
    servers.run_script(env, "benchmarks/seed.py", "--events", "0", "--capacity", str(CAPACITY))
    os.environ.update(env)
    import django

    django.setup()
    gunicorn = worker = None
    try:
        gunicorn = servers.start_gunicorn(env, PORT)
        worker = servers.start_task_worker(env, (emails_file.parent / "worker.log").open("w"))
        print(f"Registering for {SECONDS:.0f} s from {CONNECTIONS} threads, {CAPACITY} places...")
        result = servers.load(
            PORT,
            EVENT_PATH,
            seconds=SECONDS,
            connections=CONNECTIONS,
            register=True,
            emails_file=emails_file,
        )
        waited = wait_for_queue()
        print(f"  mail queue empty {waited:.1f} s after the last request")
    finally:
        servers.stop(gunicorn)
        servers.stop(worker)
    failed = check(json.loads(emails_file.read_text()), result, mail_dir)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
