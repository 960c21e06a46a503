"""The periodic check of alerts: resume every alert still sending (a worker died, retries came due)."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.alerts.delivery import alert_deliver
from articles.alerts.models import Alert


class Command(BaseCommand):
    help = (
        "Push what is left of every alert still sending: rows whose retry is due and rows whose worker died. "
        "Never pushes a row twice. Run it every minute from cron, or with --every 60 as a service."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds instead of once.")

    def handle(self, *args, every, **options):
        while True:
            for alert in Alert.objects.filter(state=Alert.State.SENDING).order_by("pk"):
                result = alert_deliver(alert=alert)
                if result.sent or result.failed or result.removed or options["verbosity"] > 1:
                    self.stdout.write(
                        f"Alert {alert.pk}: {result.sent} sent, {result.failed} failed, {result.removed} removed, "
                        f"{result.retried} to retry{', finished' if result.finished else ''}."
                    )
            if not every:
                return
            close_old_connections()
            time.sleep(every)
