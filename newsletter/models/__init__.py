"""The newsletter's models, split by subject; import them from here."""

from newsletter.models.issues import Delivery, Issue, IssueArticle
from newsletter.models.lists import NewsletterList
from newsletter.models.subscribers import (
    ConsentRecord,
    Subscriber,
    Subscription,
    Suppression,
    normalize_email,
)

__all__ = [
    "ConsentRecord",
    "Delivery",
    "Issue",
    "IssueArticle",
    "NewsletterList",
    "Subscriber",
    "Subscription",
    "Suppression",
    "normalize_email",
]
