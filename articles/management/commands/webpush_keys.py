"""Make a VAPID key pair for breaking-news alerts and print it as the two environment lines to set."""

from django.core.management.base import BaseCommand

from articles.alerts.keys import keypair_generate


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair for Web Push alerts as WEBPUSH_VAPID_PUBLIC_KEY / WEBPUSH_VAPID_PRIVATE_KEY "
        "lines for the environment or .env. Keep the private key secret and never change a pair in use: browsers "
        "subscribed with the old public key stop receiving alerts."
    )

    def handle(self, *args, **options):
        public, private = keypair_generate()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}\nWEBPUSH_VAPID_PRIVATE_KEY={private}")
