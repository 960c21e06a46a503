"""Create the demo live blog (after seed_demo); safe to run again."""

from django.core.management.base import BaseCommand

from articles.liveblog.demo import seed_liveblog


class Command(BaseCommand):
    help = "Create the demo live blog: open, a dozen entries, two key events, one pinned. Idempotent."

    def handle(self, *args, **options):
        written = seed_liveblog()
        if written:
            self.stdout.write(f"Demo live blog written: {written} entries.")
        else:
            self.stdout.write("Demo live blog present.")
