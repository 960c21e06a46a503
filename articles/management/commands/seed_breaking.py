"""Put up the demo's breaking banner (on the wire flash) and its hand-picked related stories; safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.breaking.demo import DEMO_DAYS, breaking_seed


class Command(BaseCommand):
    help = (
        "Create the demo breaking-news banner (run after `import_ninjs articles/demo/wire`) and the flash's "
        "hand-picked related stories. Idempotent: a banner or picks that exist, and editors' changes, are kept."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            made = breaking_seed()
        if made["banner"]:
            self.stdout.write(f"Breaking banner put up for {DEMO_DAYS} days (Newsroom › Breaking-news banners).")
        else:
            self.stdout.write("Breaking banner: kept as it is.")
        self.stdout.write(f"{made['picks']} related stories picked.")
