"""Send the reminders that are due, for sites without `manage.py run_worker` (which sends them
on its own schedule): run it every few minutes."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cms_events.registration.reminders import events_due, registrations_due, send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due to confirmed registrants, each once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the reminders that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            now = timezone.now()
            count = sum(registrations_due(event, now).count() for event in events_due(now))
            self.stdout.write(f"{count} reminders are due.")
            return
        count = send_due_reminders()
        # A failed one is left to the retries (`retry_failed_mail`), like every mail.
        self.stdout.write(self.style.SUCCESS(f"{count} reminders tried."))
