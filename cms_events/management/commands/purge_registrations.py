"""Anonymise registrations whose event's retention period has passed (run daily)."""

from django.core.management.base import BaseCommand

from cms_events.registration.privacy import expired_registrations, purge_expired_registrations


class Command(BaseCommand):
    help = "Remove personal data of registrations past their retention period; counts remain."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be anonymised."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = expired_registrations().count()
            self.stdout.write(f"{count} registrations would be anonymised.")
            return
        count = purge_expired_registrations()
        self.stdout.write(self.style.SUCCESS(f"{count} registrations anonymised."))
