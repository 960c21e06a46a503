"""Record the demo's sent breaking-news alert (after `seed_breaking`); safe to run again."""

from django.core.management.base import BaseCommand

from articles.alerts.demo import alerts_seed
from articles.alerts.keys import vapid_keys


class Command(BaseCommand):
    help = "Create the demo's record of a sent breaking-news alert about the banner's story. Idempotent."

    def handle(self, *args, **options):
        made = alerts_seed()
        self.stdout.write("Demo alert recorded (Newsroom › Alerts)." if made else "Demo alert: kept as it is.")
        if vapid_keys() is None:
            self.stdout.write("Alerts are off: no VAPID key pair (set WEBPUSH_VAPID_*; see README).")
        else:
            self.stdout.write(
                "Readers opt in to alerts at /alerts/ (linked from the footer); editors use “Send alert…”."
            )
