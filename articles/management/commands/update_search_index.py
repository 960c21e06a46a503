"""Recompute the stored search vectors (PostgreSQL)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from articles.services import search_index_update


class Command(BaseCommand):
    help = (
        "Recompute the search index of articles: all of them, only those edited since they were indexed "
        "(--stale), or the given ids. PostgreSQL only; SQLite searches the articles directly."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Article ids (default: every article).")
        parser.add_argument(
            "--stale", action="store_true", help="Only articles without a vector or edited since it was made."
        )

    def handle(self, *args, ids, stale, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: search on SQLite reads the articles directly.")
            return
        started = time.monotonic()

        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"\r  up to article {done}/{total}", ending="")
                self.stdout.flush()

        count = search_index_update(article_ids=ids or None, stale_only=stale, progress=progress)
        if options["verbosity"] > 1:
            self.stdout.write("")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {count} article(s) in {seconds:.1f} s (unchanged ones are skipped).")
        )
