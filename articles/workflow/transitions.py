"""Moves between review states: Draft → In review → Published (now or scheduled) → Unpublished.

Each function checks the user's permission and the article's state, saves
the article inside a revision, writes a review log entry and, for approvals
and send-backs, emails the submitter once the transaction commits.
"""

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ReviewLogEntry
from articles.wire.rules import embargo_problem
from articles.workflow import permissions

S = Article.Status


class TransitionError(ValueError):
    """The article is not in a state this move starts from (message is for the editor)."""


def _move(*, article, user, to_status, comment="", publish_at=None):
    from_status = article.status
    with transaction.atomic(), reversion.create_revision():
        article.status = to_status
        if publish_at is not None:
            article.publish_at = publish_at
        article.modified_by = user
        article.save()
        entry = ReviewLogEntry.objects.create(
            article=article, user=user, from_status=from_status, to_status=to_status, comment=comment
        )
        reversion.set_user(user)
        reversion.set_comment(f"{S(from_status).label} → {S(to_status).label}" + (f": {comment}" if comment else ""))
    return entry


def article_submit(*, article, user) -> ReviewLogEntry:
    """A writer hands the article to the editors."""
    if not permissions.can_submit(user, article):
        raise PermissionDenied("You cannot submit this article for review.")
    return _move(article=article, user=user, to_status=S.IN_REVIEW)


def article_approve(*, article, user, publish_at=None) -> ReviewLogEntry:
    """Publish the article now, or at `publish_at` if that is in the future (scheduling); never before its embargo."""
    if not permissions.can_publish(user):
        raise PermissionDenied("You cannot publish articles.")
    if article.status == S.PUBLISHED and publish_at is None:
        raise TransitionError("This article is already published.")
    now = timezone.now()
    if publish_at is None or publish_at <= now:
        # A story that was live before (unpublished, or a writer's edit back
        # in review) keeps its "Posted on"; a draft's stale time becomes now,
        # so it does not land deep in the archive.
        was_live = article.status == S.UNPUBLISHED or article.review_log.filter(from_status=S.PUBLISHED).exists()
        keep = was_live and article.publish_at and article.publish_at <= now
        publish_at = article.publish_at if keep else now
    problem = embargo_problem(article, publish_at)
    if problem:
        raise TransitionError(problem)
    entry = _move(article=article, user=user, to_status=S.PUBLISHED, publish_at=publish_at)
    _notify_submitter(article=article, user=user, entry=entry)
    return entry


def article_send_back(*, article, user, comment) -> ReviewLogEntry:
    """Return an article in review to its writer as a draft, saying what to change."""
    if not permissions.can_review(user):
        raise PermissionDenied("You cannot review articles.")
    if article.status != S.IN_REVIEW:
        raise TransitionError("Only an article in review can be sent back.")
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError("Say what should change: the comment is sent to the writer.")
    entry = _move(article=article, user=user, to_status=S.DRAFT, comment=comment)
    _notify_submitter(article=article, user=user, entry=entry)
    return entry


def article_unpublish(*, article, user, comment="") -> ReviewLogEntry:
    """Take a published (or scheduled) article off the site."""
    if not permissions.can_publish(user):
        raise PermissionDenied("You cannot unpublish articles.")
    if article.status != S.PUBLISHED:
        raise TransitionError("Only a published or scheduled article can be unpublished.")
    return _move(article=article, user=user, to_status=S.UNPUBLISHED, comment=comment)


def article_record_status_change(*, article, user, from_status, comment="") -> ReviewLogEntry | None:
    """Log a state change made through the form's status field (editors) or by a writer's edit."""
    if from_status == article.status:
        return None
    return ReviewLogEntry.objects.create(
        article=article, user=user, from_status=from_status, to_status=article.status, comment=comment
    )


def submitter_of(article):
    """Who last submitted the article for review (else who created it)."""
    entry = article.review_log.filter(to_status=S.IN_REVIEW).select_related("user").first()
    return entry.user if entry and entry.user else article.created_by


def _notify_submitter(*, article, user, entry):
    submitter = submitter_of(article)
    if submitter is None or not submitter.email or submitter.pk == user.pk:
        return
    who = user.get_full_name() or user.get_username()
    if entry.to_status == S.PUBLISHED:
        when = article.publish_at
        if when and when > timezone.now():
            subject = f"Approved and scheduled: {article.headline}"
            text = f"{who} approved your article. It will be published on {timezone.localtime(when):%d %B %Y at %H:%M}."
        else:
            subject = f"Published: {article.headline}"
            text = f"{who} approved and published your article."
    else:
        subject = f"Sent back: {article.headline}"
        text = f"{who} sent your article back with this comment:\n\n{entry.comment}\n\nIt is a draft again."
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    body = f"{text}\n\nOpen it in the newsroom: {link}\n"
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [submitter.email], fail_silently=True)
    )
