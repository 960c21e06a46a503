"""Background work of the alerts (DEP 14 tasks, run by `manage.py db_worker`; at once in tests and DEBUG)."""

import logging

from django.utils import timezone

try:  # Django 6 ships the task API; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_alert(alert_id):
    """Push an alert until nothing is claimable; come back when retries are due (`send_alerts` also resumes)."""
    from articles.alerts.delivery import alert_deliver
    from articles.alerts.models import Alert

    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return "gone"
    try:
        result = alert_deliver(alert=alert)
    except Exception:
        logger.exception("Sending alert %s failed; `send_alerts` resumes it", alert_id)
        raise
    if not result.finished and result.next_wake and deliver_alert.get_backend().supports_defer:
        deliver_alert.using(run_after=max(result.next_wake, timezone.now())).enqueue(alert_id)
    return {"sent": result.sent, "failed": result.failed, "retried": result.retried, "removed": result.removed}
