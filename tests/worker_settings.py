"""Settings for a task worker that a test starts as a process of its own: the test settings on
the test run's database, tasks in the database, mail through SMTP to a local stub, and short
time limits, all from the environment (tests/test_worker_crash.py)."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["WORKER_SMTP_PORT"])
EMAIL_TIMEOUT = 60

CMS_EVENTS_MAIL_CLAIM_SECONDS = int(os.environ["WORKER_MAIL_CLAIM_SECONDS"])
CMS_EVENTS_MAIL_RETRY_INTERVAL = 1
CMS_EVENTS_TASK_LOST_SECONDS = int(os.environ["WORKER_MAIL_CLAIM_SECONDS"])
# A round of reminders every second: several rounds of two workers find the same reminder due.
CMS_EVENTS_REMINDER_INTERVAL = 1
CMS_EVENTS_THANK_YOU_INTERVAL = 1
