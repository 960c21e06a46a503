"""Management commands: send_issue, send_scheduled_issues, seed_newsletter."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter.models import Issue, NewsletterList
from tests.newsletter.factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_send_issue_in_the_foreground_with_a_progress_bar(daily, article, scripted):
    for n in range(7):
        SubscriberFactory(email=f"s{n}@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    out = StringIO()
    call_command("send_issue", issue.pk, "--batch-size", "3", stdout=out)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert len(scripted.sent) == 7
    text = out.getvalue()
    assert "7/7" in text and "Done: 7 sent" in text
    out = StringIO()
    call_command("send_issue", issue.pk, stdout=out)
    assert "already sent" in out.getvalue() and len(scripted.sent) == 7
    with pytest.raises(CommandError):
        call_command("send_issue", 999999)


def test_send_scheduled_issues(daily, article, scripted):
    SubscriberFactory(lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SCHEDULED, scheduled_at=timezone.now() - timedelta(minutes=1)
    )
    out = StringIO()
    call_command("send_scheduled_issues", stdout=out)
    assert f"Started issue(s) [{issue.pk}]" in out.getvalue()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and len(scripted.sent) == 1


def test_seed_newsletter_is_idempotent_and_keeps_edits():
    call_command("seed_newsletter", stdout=StringIO())
    NewsletterList.objects.filter(slug="weekly-finance").update(name="Weekend Finance")
    call_command("seed_newsletter", stdout=StringIO())
    assert list(NewsletterList.objects.values_list("name", "is_default")) == [
        ("Daily Headlines", True),
        ("Weekend Finance", False),
    ]


def test_the_database_queue_and_db_worker_send_an_issue(daily, article, scripted, settings):
    """Production's path: "send" enqueues a row in the database; `db_worker` picks it up."""
    from django_tasks_db.models import DBTaskResult

    from newsletter.services.issues import issue_send

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for n in range(3):
        SubscriberFactory(email=f"w{n}@example.com", lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    settings.NEWSLETTER_SEND_TASKS = 2  # two workers may send it side by side
    issue_send(issue=issue)
    tasks = DBTaskResult.objects.all()
    assert [t.task_path for t in tasks] == ["newsletter.tasks.deliver_issue"] * 2
    assert scripted.sent == []  # nothing happens without a worker
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    issue.refresh_from_db()
    # Each message went once, though two tasks ran: the second found nothing left to claim.
    assert issue.status == Issue.Status.SENT and len(scripted.sent) == 3
    assert {t.status for t in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
