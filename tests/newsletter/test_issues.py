"""Building and starting issues: fill with the latest, schedule, the periodic check, the tasks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.models import Delivery, Issue
from newsletter.services.issues import (
    IssueStateError,
    issue_articles,
    issue_fill_latest,
    issue_progress,
    issue_schedule,
    issue_send,
    issue_unschedule,
    issues_resume_stalled,
    issues_start_due,
)
from tests.factories import ArticleFactory, CategoryFactory
from tests.newsletter.factories import DeliveryFactory, IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def test_fill_latest_since_the_previous_issue_of_the_list(daily):
    now = timezone.now()
    markets, tech = CategoryFactory(name="Markets"), CategoryFactory(name="Tech")
    old = ArticleFactory(category=markets, publish_at=now - timedelta(days=3))
    previous = IssueFactory(newsletter_list=daily)
    Issue.objects.filter(pk=previous.pk).update(status=Issue.Status.SENT, started_at=now - timedelta(days=2))
    fresh = [ArticleFactory(category=markets, publish_at=now - timedelta(hours=h)) for h in (5, 3, 1)]
    ArticleFactory(category=tech, publish_at=now - timedelta(hours=2))
    ArticleFactory(category=markets, status="draft")
    ArticleFactory(category=markets, publish_at=now + timedelta(hours=2))  # scheduled: not yet
    issue = IssueFactory(newsletter_list=daily)
    assert issue_fill_latest(issue=issue, sections=[markets], limit=2) == 2
    assert issue_articles(issue) == [fresh[2], fresh[1]]
    assert issue_fill_latest(issue=issue, sections=[markets], limit=5) == 1  # no repeats
    assert old not in issue_articles(issue)
    assert [a.pk for a in issue_articles(issue)] == [fresh[2].pk, fresh[1].pk, fresh[0].pk]
    assert issue_fill_latest(issue=issue, sections=[], limit=10, since=now - timedelta(days=10)) == 2


def test_send_and_schedule_refuse_issues_already_out(daily):
    issue = IssueFactory(newsletter_list=daily)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    with pytest.raises(IssueStateError):
        issue_send(issue=issue)
    with pytest.raises(IssueStateError):
        issue_schedule(issue=issue, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(IssueStateError):
        issue_fill_latest(issue=Issue.objects.get(pk=issue.pk), sections=[], limit=1)


def test_schedule_then_the_periodic_check_starts_it_on_time(daily, article, scripted):
    SubscriberFactory(lists=[daily])
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    with pytest.raises(IssueStateError):
        issue_schedule(issue=issue, at=timezone.now() - timedelta(minutes=1))
    issue_schedule(issue=issue, at=timezone.now() + timedelta(hours=1))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    assert issues_start_due() == []  # not yet
    Issue.objects.filter(pk=issue.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    assert issues_start_due() == [issue.pk]
    issue.refresh_from_db()
    assert issue.status in (Issue.Status.SENDING, Issue.Status.SENT)


def test_unschedule_goes_back_to_draft(daily):
    issue = IssueFactory(newsletter_list=daily)
    issue_schedule(issue=issue, at=timezone.now() + timedelta(days=1))
    issue_unschedule(issue=issue)
    assert issue.status == Issue.Status.DRAFT and issue.scheduled_at is None
    with pytest.raises(IssueStateError):
        issue_unschedule(issue=issue)


def test_scheduling_with_the_database_queue_defers_a_task_to_that_time(
    daily, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issue = IssueFactory(newsletter_list=daily)
    at = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        issue_schedule(issue=issue, at=at)
    task = DBTaskResult.objects.get()
    assert task.task_path == "newsletter.tasks.start_scheduled_issue" and task.run_after == at


def test_the_periodic_check_resumes_a_send_whose_worker_died(
    daily, article, scripted, django_capture_on_commit_callbacks
):
    people = [SubscriberFactory(lists=[daily]) for _ in range(3)]
    issue = IssueFactory(newsletter_list=daily, articles=[article])
    long_ago = timezone.now() - timedelta(hours=1)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, started_at=long_ago, heartbeat_at=long_ago)
    for person in people:
        DeliveryFactory(issue=issue, subscriber=person)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at once in tests
        assert issues_resume_stalled() == [issue.pk]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue_progress(issue)["sent"] == 3
    assert issues_resume_stalled() == []


def test_progress_counts(daily):
    issue = IssueFactory(newsletter_list=daily)
    for status in ["queued", "sent", "sent", "failed", "suppressed"]:
        DeliveryFactory(issue=issue, status=status)
    progress = issue_progress(issue)
    assert progress == {
        "queued": 1, "sending": 0, "sent": 2, "failed": 1, "suppressed": 1, "total": 5, "done": 4
    }  # fmt: skip
    assert Delivery.objects.count() == 5
