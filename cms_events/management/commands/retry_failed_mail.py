"""Send again the registration mails that failed or got stuck (run every few minutes)."""

from django.core.management.base import BaseCommand

from cms_events.registration.tasks import retry_failed_mail


class Command(BaseCommand):
    help = "Retry failed or stuck registration mails that have attempts left."

    def handle(self, *args, **options):
        count = retry_failed_mail.call()
        self.stdout.write(self.style.SUCCESS(f"{count} mails retried."))
