"""Background work (DEP 14 tasks): run by `manage.py db_worker`, or at once in tests and DEBUG.

Task bodies are thin: they call the services with ids, so a task can run
again after a crash and do only what is left.
"""

import logging

from django.utils import timezone

try:  # Django 6 ships the task API; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_confirmation(consent_id):
    """Mail the double opt-in link of one signup request (or decide not to)."""
    from newsletter.services.subscriptions import confirmation_send

    try:
        return confirmation_send(consent_id=consent_id)
    except Exception:
        logger.exception("Sending the confirmation of signup request %s failed", consent_id)
        raise


@task()
def deliver_issue(issue_id):
    """Send an issue until nothing is claimable; come back when retries are due."""
    from newsletter.models import Issue
    from newsletter.services.delivery import issue_deliver

    issue = Issue.objects.filter(pk=issue_id).first()
    if issue is None:
        return "gone"
    try:
        result = issue_deliver(issue=issue)
    except Exception:
        logger.exception("Sending issue %s failed; the periodic check will resume it", issue_id)
        raise
    if not result.finished and result.next_wake and deliver_issue.get_backend().supports_defer:
        deliver_issue.using(run_after=max(result.next_wake, timezone.now())).enqueue(issue_id)
    return {"sent": result.sent, "failed": result.failed, "retried": result.retried, "finished": result.finished}


@task()
def start_scheduled_issue(issue_id):
    """Start a scheduled issue at its time (enqueued deferred to that time)."""
    from newsletter.services.issues import issue_start_if_due

    return issue_start_if_due(issue_id=issue_id)
