"""Move the article views buffered in the cache into the database."""

from django.core.management.base import BaseCommand

from articles.readership import flush_view_counts


class Command(BaseCommand):
    help = (
        "Write the view counts buffered in the cache (Redis) into the daily counts table, in bulk. "
        "Run it from cron every minute or so; the web process also does it by itself "
        "(VIEW_COUNTS_FLUSH_SECONDS). With the local-memory cache the counts live in the web "
        "process, which flushes them itself; this command then finds nothing."
    )

    def handle(self, *args, **options):
        views = flush_view_counts()
        self.stdout.write(self.style.SUCCESS(f"Flushed {views} view(s)."))
