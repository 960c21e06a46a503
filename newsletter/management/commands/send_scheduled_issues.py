"""The periodic check: start due scheduled issues and resume sends whose worker died."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from newsletter.services.issues import issues_resume_stalled, issues_start_due


class Command(BaseCommand):
    help = (
        "Start every scheduled issue whose time has come and hand sends that no worker moved for a lease "
        "period to the task queue. Idempotent: run it every minute from cron, or with --every 60 as a service."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds instead of once.")

    def handle(self, *args, every, **options):
        while True:
            started = issues_start_due()
            resumed = issues_resume_stalled()
            if started or resumed or options["verbosity"] > 1:
                self.stdout.write(f"Started issue(s) {started or 'none'}; resumed issue(s) {resumed or 'none'}.")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
