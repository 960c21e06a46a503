"""Send an issue in the foreground with a progress bar: the same pipeline the workers run."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from newsletter.models import Delivery, Issue
from newsletter.services.delivery import deliveries_prepare, issue_deliver
from newsletter.services.issues import IssueStateError, issue_send


class Command(BaseCommand):
    help = (
        "Send issue ID now, in this process, until every recipient is done (waiting for retries and for "
        "leases of crashed workers). Safe to run again after a crash, and next to other workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue_id", type=int)
        parser.add_argument("--batch-size", type=int, default=None, help="Rows per batch (one SMTP connection).")
        parser.add_argument("--rate", type=float, default=None, help="Messages/second (NEWSLETTER_RATE_LIMIT).")
        parser.add_argument("--worker-id", default=None, help="Name of this worker in the delivery rows.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (for logs).")

    def handle(self, *args, issue_id, batch_size, rate, worker_id, no_progress, **options):
        issue = Issue.objects.select_related("newsletter_list").filter(pk=issue_id).first()
        if issue is None:
            raise CommandError(f"There is no issue {issue_id}.")
        if issue.status == Issue.Status.SENT:
            self.stdout.write(f"Issue {issue_id} was already sent.")
            return
        if issue.is_editable:
            try:
                issue = issue_send(issue=issue, enqueue=False)
            except IssueStateError as error:
                raise CommandError(str(error)) from error
        deliveries_prepare(issue=issue)
        total = Delivery.objects.filter(issue=issue).count()
        self.started = time.monotonic()
        self.last_draw = 0.0
        show = not no_progress
        self.stdout.write(f"Sending “{issue.subject}” to {total} recipient(s) of {issue.newsletter_list}.")

        def progress(result):
            if show and time.monotonic() - self.last_draw >= 0.5:
                self.last_draw = time.monotonic()
                self.draw(issue, total, result)

        result = issue_deliver(
            issue=issue, worker_id=worker_id, wait=True, batch_size=batch_size, rate=rate, progress=progress
        )
        if show:
            self.draw(issue, total, result)
            self.stdout.write("")
        elapsed = time.monotonic() - self.started
        rate_done = result.sent / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {result.sent} sent by this process in {elapsed:.1f}s ({rate_done:.0f}/s), "
                f"{result.failed} failed, {result.skipped} skipped, {result.retried} retried."
            )
        )

    def draw(self, issue, total, result):
        counts = dict(Delivery.objects.filter(issue=issue).values_list("status").annotate(n=Count("pk")))
        done = sum(counts.get(s, 0) for s in ("sent", "failed", "suppressed"))
        width = 30
        filled = int(width * done / total) if total else width
        elapsed = time.monotonic() - self.started
        speed = result.sent / elapsed if elapsed else 0
        line = (
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"sent {counts.get('sent', 0)} · failed {counts.get('failed', 0)} · "
            f"suppressed {counts.get('suppressed', 0)} · {speed:.0f} msg/s "
        )
        self.stdout.write(line, ending="")
        sys.stdout.flush()
