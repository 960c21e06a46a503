"""Remove a staff member's authenticator app from the shell: the way back in when the only administrator lost theirs."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove the authenticator apps (TOTP devices) of the named users. They then sign in with their password "
        "and, where STAFF_REQUIRE_2FA asks it of them, add a new app before the admin opens."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+", metavar="USERNAME")

    def handle(self, *args, usernames, **options):
        users = {user.get_username(): user for user in get_user_model()._default_manager.filter(username__in=usernames)}
        if unknown := [name for name in usernames if name not in users]:
            raise CommandError(f"No such user: {', '.join(unknown)}. Nothing was removed.")
        for name, user in users.items():
            count, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"{name}: removed {count} authenticator app{'s' if count != 1 else ''}.")
