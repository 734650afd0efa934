"""Set the host name and port of the default Wagtail site: the start of every link in mails,
feeds and calendar files (README, "Production")."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http.request import validate_host
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Set the default site's host name and port, from which links in mails are made "
        "(port 443 gives https://host, 80 gives http://host, any other http://host:port)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hostname",
            help="Host name visitors use, e.g. evenementen.example.org "
            "(default: the first of ALLOWED_HOSTS).",
        )
        parser.add_argument(
            "--port", type=int, default=443, help="Port visitors use (default: 443, https)."
        )

    def handle(self, *args, hostname=None, port=443, **options):
        hostname = hostname or next((h for h in settings.ALLOWED_HOSTS if "*" not in h), None)
        if not hostname:
            raise CommandError("Give --hostname: ALLOWED_HOSTS names no host.")
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a port number.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site; run migrate first.")
        site.hostname, site.port = hostname.lower(), port
        site.save(update_fields=["hostname", "port"])
        if not validate_host(site.hostname, settings.ALLOWED_HOSTS):
            self.stderr.write(
                self.style.WARNING(f"{site.hostname} is not in ALLOWED_HOSTS: Django refuses it.")
            )
        self.stdout.write(self.style.SUCCESS(f"Links now start with {site.root_url}/"))
