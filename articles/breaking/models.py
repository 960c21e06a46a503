"""The breaking-news banner."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.articles import published_q


class BreakingBannerQuerySet(models.QuerySet):
    def current(self, now=None):
        """Banners readers see now: started, not expired, linking to a live story; the newest start first."""
        now = now or timezone.now()
        return (
            self.filter(starts_at__lte=now, expires_at__gt=now)
            .filter(published_q("article__", now=now))
            .order_by("-starts_at", "-pk")
        )


class BreakingBanner(models.Model):
    """A line at the top of every reader page ("Breaking: …") linking to one story, until it expires.

    Only one shows at a time: the current banner that started last. Its
    story must be live for it to show, so a banner may be prepared for an
    embargoed or scheduled story and appears with it.
    """

    class Kind(models.TextChoices):
        BREAKING = "breaking", "Breaking"
        DEVELOPING = "developing", "Developing"

    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.BREAKING,
        help_text="The label before the text. Changing it (Developing → Breaking) shows the banner again "
        "to readers who dismissed it.",
    )
    text = models.CharField(
        max_length=160,
        help_text="What readers read in the banner, e.g. the story's headline or a shorter line. "
        "It links to the story.",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="breaking_banners",
        verbose_name="story",
        help_text="The story (or live blog) the banner links to. The banner shows only while the story is live.",
    )
    starts_at = models.DateTimeField(
        "shows from", default=timezone.now, help_text="When the banner appears. A future time prepares it."
    )
    expires_at = models.DateTimeField(
        "shows until",
        help_text="When the banner disappears by itself, from every page, cached or not. "
        "Use “End now” in the list to take it down earlier.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = BreakingBannerQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["expires_at", "starts_at"], name="breaking_current_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("starts_at")),
                name="breaking_expires_after_start",
                violation_error_message="The banner must end after it starts.",
            )
        ]
        verbose_name = "breaking-news banner"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        if self.expires_at and self.starts_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": "The banner must end after it starts."})
        if self.article_id and self.article.is_commercial:
            # The banner carries no label: it is for reporting, never for paid or promotional content.
            raise ValidationError({"article": "A breaking banner cannot announce commercial content."})

    @property
    def is_showing(self):
        """Within its time (whether its story is live is `current()`'s concern)."""
        now = timezone.now()
        return self.starts_at <= now < self.expires_at
