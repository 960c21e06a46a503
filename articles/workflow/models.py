"""The editorial workflow's records: the review log and shareable preview links."""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ReviewLogEntry(models.Model):
    """One move of an article between states: who, when, from, to, and why."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="review_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "review log entry"
        verbose_name_plural = "review log"
        indexes = [models.Index(fields=["article", "-created_at"], name="article_review_log_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.from_status} → {self.to_status}"


def new_preview_token():
    # 32 bytes = 256 bits of randomness: unguessable, so the link alone is the credential.
    return secrets.token_urlsafe(32)


def preview_expiry():
    return timezone.now() + timedelta(days=settings.PREVIEW_LINK_DAYS)


#: What `new_preview_token` makes (URL-safe base64, at most the column's 64 characters).
PREVIEW_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class PreviewLinkQuerySet(models.QuerySet):
    def with_token(self, token):
        """The link with this token; a value no token can be (control characters, too long) asks no query."""
        if not isinstance(token, str) or not PREVIEW_TOKEN.fullmatch(token):
            return self.none()
        return self.filter(token=token)

    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """A secret address that shows an unpublished article to anyone who has it, until it expires."""

    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        default=preview_expiry, help_text="After this time the link shows a “link expired” page."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Preview of {self.article_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token})

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
