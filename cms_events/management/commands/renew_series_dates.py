"""Store the next dates of every open series, for sites without `manage.py run_worker` (which
does it on its own schedule): run it once a day."""

from django.core.management.base import BaseCommand

from cms_events.models.series import WINDOW_AHEAD, renew_open_series


class Command(BaseCommand):
    help = "Store the dates of every open series up to about a year ahead."

    def handle(self, *args, **options):
        count = renew_open_series()
        self.stdout.write(
            self.style.SUCCESS(f"{count} series renewed, up to {WINDOW_AHEAD.days} days ahead.")
        )
