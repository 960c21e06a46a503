"""The newsletter's figures for /metrics: progress and failures of the sends under way.

Read from the delivery ledger at scrape time (`portal.web.metrics.register_collector`),
so every worker and every app node report the same numbers.
"""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from newsletter.models import Delivery, Issue

#: Sends finished this long ago still show, so an alert on failures sees the end of a send.
RECENT_HOURS = 24


def send_progress():
    """Deliveries by status for issues being sent (or finished in the last day)."""
    from datetime import timedelta

    from django.utils import timezone

    since = timezone.now() - timedelta(hours=RECENT_HOURS)
    issues = Issue.objects.filter(status=Issue.Status.SENDING) | Issue.objects.filter(
        status=Issue.Status.SENT, finished_at__gte=since
    )
    deliveries = GaugeMetricFamily(
        "newsportal_newsletter_deliveries",
        "Deliveries of issues being sent (or sent in the last day), by issue and status.",
        labels=["issue", "status"],
    )
    sending = GaugeMetricFamily("newsportal_newsletter_issues_sending", "Issues being sent now.")
    sending.add_metric([], issues.filter(status=Issue.Status.SENDING).count())
    rows = (
        Delivery.objects.filter(issue__in=issues.values("pk"))
        .values("issue", "status")
        .annotate(n=Count("pk"))
        .order_by("issue", "status")
    )
    seen = {}
    for row in rows:
        seen.setdefault(row["issue"], {})[row["status"]] = row["n"]
    for issue, counts in seen.items():
        for status in Delivery.Status.values:
            deliveries.add_metric([str(issue), status], counts.get(status, 0))
    yield sending
    yield deliveries
