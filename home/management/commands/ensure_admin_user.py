"""Create an administrator for the demo if there is none, and print the login."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create a superuser 'admin' with a random password if no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port shown in the admin URL.")

    def handle(self, *args, port="8000", **options):
        self.port = port
        User = get_user_model()
        login_file = settings.BASE_DIR / "var" / "admin-login.txt"
        if User.objects.filter(is_superuser=True).exists():
            self.print_known_login(User, login_file)
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, "admin@example.org", password)
        login_file.parent.mkdir(parents=True, exist_ok=True)
        login_file.write_text(f"{USERNAME}\n{password}\n", encoding="utf-8")
        login_file.chmod(0o600)
        self.print_login(USERNAME, password)

    def print_known_login(self, User, login_file):
        """Print the login written at creation, if the password still works."""
        if login_file.exists():
            username, password = login_file.read_text(encoding="utf-8").split()[:2]
            user = User.objects.filter(username=username).first()
            if user and user.check_password(password):
                self.print_login(username, password)
                return
        self.stdout.write("An administrator exists already; log in with its own password.")

    def print_login(self, username, password):
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:{self.port}/admin/  "
                f"user: {username}  password: {password}"
            )
        )
