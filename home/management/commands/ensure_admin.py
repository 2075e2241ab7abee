import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local admin user (password from ADMIN_PASSWORD, or a random one printed once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument(
            "--first-login-file",
            help="Also write the new user's login here, for `make run` to show in its final banner.",
        )

    def handle(self, *args, username, first_login_file=None, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development; use createsuperuser in production.")
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin user '{username}' exists. Forgot the password? "
                f".venv/bin/python manage.py changepassword {username}"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = "(from ADMIN_PASSWORD)" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"Created admin user '{username}' with password: {shown}"))
        self.stdout.write("This password is shown only once.")
        if first_login_file:
            with open(first_login_file, "w") as file:
                file.write(f"  Login: user '{username}', password {shown} (shown only this once)\n")
