"""The newsletter's models, split by subject; import them from here."""

from newsletter.models.clicks import ClickerRegister, IssueDay, IssueLink, LinkClickDay, SubscriberClick
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
    "ClickerRegister",
    "ConsentRecord",
    "Delivery",
    "Issue",
    "IssueArticle",
    "IssueDay",
    "IssueLink",
    "LinkClickDay",
    "NewsletterList",
    "Subscriber",
    "SubscriberClick",
    "Subscription",
    "Suppression",
    "normalize_email",
]
