"""`manage.py run_worker`: django-tasks-db's `db_worker`, plus the extension's periodic work
(retrying mail, reminders, the retention purge, lost tasks; cms_events/registration/schedule.py)."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from cms_events.registration.schedule import Schedule


class Command(DatabaseWorkerCommand):
    help = (
        "Run the task worker (db_worker, with the same options) and, beside it, retry failed "
        "and interrupted mail, send due reminders and purge expired registrations on a "
        "schedule."
    )

    def handle(self, *args, batch=False, reload=False, **options):
        # One pass over the queue has nothing to schedule; with --reload only the child
        # process that runs the tasks keeps the schedule, not the one watching the files.
        if batch or (reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            return super().handle(*args, batch=batch, reload=reload, **options)
        schedule = Schedule()
        schedule.start()
        try:
            return super().handle(*args, batch=batch, reload=reload, **options)
        finally:
            # On SIGTERM the worker finishes its task; the schedule finishes its job too.
            schedule.stop()
            schedule.join()
