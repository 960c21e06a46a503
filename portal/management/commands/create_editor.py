"""Create (or reset) the local editor account that `make run` prints."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse


class Command(BaseCommand):
    help = "Create a superuser for local work and print its login. Refuses to run with DEBUG=False."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", default="newsroom-demo", help="Local password (default: newsroom-demo).")
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="Where the site is served.")

    def handle(self, *args, username, password, site_url, **options):
        if not settings.DEBUG:
            raise CommandError(
                "create_editor is for local development (a demo password). In production use "
                "`manage.py createsuperuser` or `manage.py create_staff_user NAME --role Editor`."
            )
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} the local editor account."))
        admin_url = site_url.rstrip("/") + reverse("admin:index")
        self.stdout.write(f"  Admin:    {admin_url}\n  Username: {username}\n  Password: {password}")
