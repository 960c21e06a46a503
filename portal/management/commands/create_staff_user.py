"""Create a newsroom account in one of the roles, for production: the password from a prompt or the environment."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.importing.common import unique_slug
from articles.models import Author
from portal.roles import AUTHOR, CONTRIBUTOR, ROLES

PASSWORD_VARIABLE = "DJANGO_STAFF_PASSWORD"
WRITERS = {CONTRIBUTOR, AUTHOR}


class Command(BaseCommand):
    help = (
        "Create a staff account in a newsroom role (Contributor, Author, Editor, Administrator). "
        f"The password is asked for twice, or read from {PASSWORD_VARIABLE} (with --no-input); "
        "weak passwords are refused by the site's password validators. Works with DEBUG=False."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
        parser.add_argument("--email", default="", help="The person's email address.")
        parser.add_argument("--name", default="", help="Full name; writers get an author profile with it.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: the password must be in {PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, username, role, email, name, interactive, **options):
        role = self.role(role)
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"There is already an account “{username}”. Change its password with "
                f"`manage.py changepassword {username}` and its role in the admin."
            )
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"The role group “{role}” does not exist yet; run `manage.py migrate` first.")
        first, _, last = name.strip().partition(" ")
        user = User(username=username, email=email, first_name=first, last_name=last, is_staff=True)
        user.set_password(self.password(user, interactive))
        with transaction.atomic():
            user.save()
            user.groups.set([group])
            if role in WRITERS:
                byline = name.strip() or username
                Author.objects.create(user=user, name=byline, slug=unique_slug(Author, byline, max_length=120))
        self.stdout.write(self.style.SUCCESS(f"Created the {role} account “{username}”."))

    def role(self, value):
        for role in ROLES:
            if value.strip().lower() == role.lower():
                return role
        raise CommandError(f"Unknown role “{value}”. Choose one of: {', '.join(ROLES)}.")

    def password(self, user, interactive):
        """The password from the environment, or typed twice; refused unless the validators accept it."""
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not interactive:
                raise CommandError(f"Set {PASSWORD_VARIABLE}, or run without --no-input to be asked.")
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ; nothing was created.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from None
        return password
