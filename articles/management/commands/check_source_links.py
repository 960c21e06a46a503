"""The periodic check of source links: enqueue the task (a worker runs it), once or every N seconds."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.sources.tasks import check_source_links


class Command(BaseCommand):
    help = (
        "Queue the dead-link check of the articles' source links (links not checked for "
        "SOURCE_LINK_CHECK_DAYS). Run it daily from cron, or with --every 86400 as a service."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds instead of once.")

    def handle(self, *args, every, **options):
        while True:
            result = check_source_links.enqueue()
            self.stdout.write(f"Source link check queued ({result.id}).")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
