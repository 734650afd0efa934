"""Send the thank-you mails that are due, for sites without `manage.py run_worker` (which sends
them on its own schedule): run it every few minutes, or at least every hour."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cms_events.registration.thank_you_mail import (
    events_due,
    registrations_due,
    send_due_thank_yous,
)


class Command(BaseCommand):
    help = "Send the thank-you mails that are due to confirmed registrants, each once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the thank-you mails that are due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            now = timezone.now()
            count = sum(registrations_due(event).count() for event in events_due(now))
            self.stdout.write(f"{count} thank-you mails are due.")
            return
        count = send_due_thank_yous()
        # A failed one is left to the retries (`retry_failed_mail`), like every mail.
        self.stdout.write(self.style.SUCCESS(f"{count} thank-you mails tried."))
