"""What a change of a newsletter list or issue announces, and the cache that listens (`portal.web.changes`)."""

from newsletter.models import Issue, NewsletterList
from newsletter.services.lists import lists_forget
from portal.web import changes


def issue_keys(issue):
    """An issue readers can see (its web version, the recent issues on /newsletter/) once it goes out."""
    if issue.status in (Issue.Status.SENDING, Issue.Status.SENT):
        return [f"newsletter-issue-{issue.pk}", changes.NEWSLETTER_ISSUES]
    return []


def connect():
    changes.watch(NewsletterList, keys=lambda item: [changes.NEWSLETTER_LISTS])
    changes.watch(Issue, keys=issue_keys)
    changes.subscribe({changes.NEWSLETTER_LISTS}, lists_forget)
