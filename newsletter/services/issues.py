"""Building, previewing, scheduling and starting issues."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from articles.models import Article
from articles.related.selectors import related_ids
from newsletter.models import Delivery, Issue, IssueArticle

logger = logging.getLogger(__name__)


class IssueStateError(Exception):
    """The issue is not in a state that allows this (e.g. sending a sent issue)."""


def issue_articles(issue) -> list[Article]:
    """The issue's published articles in the editor's order (drafts and scheduled ones are left out)."""
    order = dict(IssueArticle.objects.filter(issue=issue).values_list("article_id", "position"))
    articles = Article.objects.published().for_cards().filter(pk__in=order)
    return sorted(articles, key=lambda a: (order[a.pk], a.pk))


def issue_cards(articles, *, campaign=None, image):
    """Plain data for the cards of an email or the web version: one place for both."""
    from newsletter.services.emails import absolute, with_utm

    return [
        {
            "headline": article.headline,
            "summary": article.summary,
            # The web version links on the site itself: no UTM there.
            "url": with_utm(absolute(article.get_absolute_url()), campaign) if campaign else article.get_absolute_url(),
            "section": article.category.name,
            "image": image(article.hero_image),
            # Commercial content keeps its label in the email as on the site.
            "disclosures": article.effective_disclosures,
            # So do its type of work (a commercial piece's is its disclosure) and how AI was used, with the reviewer.
            "type": None if article.type_of_work.is_commercial else article.type_of_work,
            "ai_use": article.ai_disclosure,
            "article": article,
        }
        for article in articles
    ]


def issue_progress(issue) -> dict:
    """Delivery counts by status (queued, sending, sent, failed, suppressed) and the total.

    A sent issue's are stored (counted once when it finished); a sending one's are one GROUP BY.
    """
    if issue.status == issue.Status.SENT and issue.delivery_counts is not None:
        counts = issue.delivery_counts
    else:
        rows = Delivery.objects.filter(issue=issue).values_list("status").annotate(n=Count("pk"))
        counts = dict(rows.values_list("status", "n"))
    progress = {status: counts.get(status, 0) for status in Delivery.Status.values}
    progress["total"] = sum(counts.values())
    progress["done"] = progress["sent"] + progress["failed"] + progress["suppressed"]
    return progress


def issue_audience(issue) -> int:
    """How many active, unsuppressed subscribers the issue would go to now."""
    from newsletter.models import Subscriber

    return (
        Subscriber.objects.active()
        .not_suppressed()
        .filter(subscriptions__newsletter_list_id=issue.newsletter_list_id)
        .count()
    )


def _enqueue_delivery(issue_id):
    """Queue NEWSLETTER_SEND_TASKS sending tasks: as many workers as there are send the issue together.

    Each claims its own batches (SKIP LOCKED under a lease), so a second
    task never sends what the first has; a task with nothing left to claim
    ends at once.
    """
    from newsletter.tasks import deliver_issue

    def enqueue():
        for _ in range(max(1, settings.NEWSLETTER_SEND_TASKS)):
            deliver_issue.enqueue(issue_id)

    transaction.on_commit(enqueue)


def issue_send(*, issue, enqueue=True) -> Issue:
    """Start sending now: the issue becomes "sending" and a worker takes it from there.

    `enqueue=False` is for `send_issue`, which then sends in its own process.
    """
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if not issue.is_editable:
            raise IssueStateError(f"“{issue}” is already {issue.get_status_display().lower()}.")
        now = timezone.now()
        issue.status = Issue.Status.SENDING
        issue.started_at = issue.heartbeat_at = now
        issue.save(update_fields=["status", "started_at", "heartbeat_at", "updated_at"])
        if enqueue:
            _enqueue_delivery(issue.pk)
    return issue


def issue_schedule(*, issue, at) -> Issue:
    """Send at a later time.

    With the database queue, a task deferred to that time starts it; the
    periodic check (`send_scheduled_issues`) starts it too if that task was
    lost, so either alone is enough and both together are harmless.
    """
    if at <= timezone.now():
        raise IssueStateError("Choose a time in the future, or send now.")
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if not issue.is_editable:
            raise IssueStateError(f"“{issue}” is already {issue.get_status_display().lower()}.")
        issue.status = Issue.Status.SCHEDULED
        issue.scheduled_at = at
        issue.save(update_fields=["status", "scheduled_at", "updated_at"])
        from newsletter.tasks import start_scheduled_issue

        if start_scheduled_issue.get_backend().supports_defer:
            task = start_scheduled_issue.using(run_after=at)
            transaction.on_commit(lambda: task.enqueue(issue.pk))
    return issue


def issue_unschedule(*, issue) -> Issue:
    """Back to draft; a deferred task that wakes up later finds nothing to do."""
    updated = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT, scheduled_at=None, updated_at=timezone.now()
    )
    if not updated:
        raise IssueStateError("Only a scheduled issue can be unscheduled.")
    issue.refresh_from_db()
    return issue


def issue_start_if_due(*, issue_id) -> bool:
    """Start a scheduled issue whose time has come (idempotent: False if not due or gone)."""
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SCHEDULED, scheduled_at__lte=timezone.now()).first()
    if issue is None:
        return False
    try:
        issue_send(issue=issue)
    except IssueStateError:
        return False
    return True


def issues_start_due() -> list[int]:
    """Start every scheduled issue whose time has passed (the periodic check)."""
    due = Issue.objects.filter(status=Issue.Status.SCHEDULED, scheduled_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )
    return [pk for pk in list(due) if issue_start_if_due(issue_id=pk)]


def issues_resume_stalled() -> list[int]:
    """Hand sending issues that no worker moved for a lease period to a new worker.

    A worker killed mid-send leaves its task "running" in the queue forever;
    the issue's heartbeat tells us nobody is working on it any more. A second
    worker on an issue that is in fact alive costs nothing: rows are claimed
    with SKIP LOCKED under a lease.
    """
    stale = timezone.now() - timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    stalled = list(
        Issue.objects.filter(status=Issue.Status.SENDING, heartbeat_at__lt=stale).values_list("pk", flat=True)
    )
    for pk in stalled:
        Issue.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
        _enqueue_delivery(pk)
    return stalled


def last_issue_time(issue):
    """When the previous issue of the same list went out (None if it is the first)."""
    return (
        Issue.objects.filter(newsletter_list_id=issue.newsletter_list_id, started_at__isnull=False)
        .exclude(pk=issue.pk)
        .aggregate(last=Max("started_at"))["last"]
    )


def issue_fill_latest(*, issue, sections, limit, since=None) -> int:
    """Append the latest `limit` published articles of `sections` since `since`.

    `since` defaults to when the list's previous issue went out, so a daily
    issue picks up what is new since yesterday's. Articles already in the
    issue are skipped. Returns how many were added.
    """
    if not issue.is_editable:
        raise IssueStateError("A sent issue cannot change.")
    since = since if since is not None else last_issue_time(issue)
    present = IssueArticle.objects.filter(issue=issue).values("article_id")
    articles = Article.objects.published().exclude(pk__in=present).newest_first()
    if sections:
        articles = articles.filter(category__in=sections)
    if since:
        articles = articles.filter(publish_at__gt=since)
    ids = list(articles.values_list("pk", flat=True)[:limit])
    start = (IssueArticle.objects.filter(issue=issue).aggregate(m=Max("position"))["m"] or 0) + 1
    IssueArticle.objects.bulk_create(
        [IssueArticle(issue=issue, article_id=pk, position=start + n) for n, pk in enumerate(ids)],
        ignore_conflicts=True,
    )
    return len(ids)


def issue_fill_related(*, issue, limit) -> int:
    """Append up to `limit` stories related to the issue's first article (its picks, then by tags and section).

    The same stories "Related" shows under that article on the site; those
    already in the issue are skipped. Returns how many were added.
    """
    if not issue.is_editable:
        raise IssueStateError("A sent issue cannot change.")
    items = list(IssueArticle.objects.filter(issue=issue).select_related("article").order_by("position", "pk"))
    if not items:
        raise IssueStateError("Add the issue's lead article first: related stories are found from it.")
    ids = related_ids(items[0].article, limit=limit, exclude=[item.article_id for item in items])
    start = max(item.position for item in items) + 1
    IssueArticle.objects.bulk_create(
        [IssueArticle(issue=issue, article_id=pk, position=start + n) for n, pk in enumerate(ids)],
        ignore_conflicts=True,
    )
    return len(ids)


def issue_email(issue):
    """The issue rendered once (see IssueEmail)."""
    from newsletter.services.emails import IssueEmail

    return IssueEmail(issue, issue_articles(issue))


def issue_send_test(*, issue, email) -> None:
    """Send the issue to one address now, marked as a test; it touches no delivery row."""
    from newsletter.services.emails import message_id_for

    rendered = issue_email(issue)
    message = rendered.message_for(
        email=email, token="test", message_id=message_id_for(f"{issue.pk}-test", timezone.now().timestamp()),
        subject_prefix="[Test] ",
    )  # fmt: skip
    message.send()
