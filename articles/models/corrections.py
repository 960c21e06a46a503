"""Corrections and clarifications readers see, and the history of substantive updates ("Last updated")."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Correction(models.Model):
    """A correction or clarification, shown at the end of the article with its date."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    published_at = models.DateTimeField(
        "date", default=timezone.now, help_text="When the correction was made; shown to readers."
    )
    text = models.TextField(
        max_length=2000, help_text="Say what was wrong and what is right, e.g. “An earlier version misstated…”."
    )
    # The update its save recorded: the version before that one is the version it corrected ("What changed").
    update = models.ForeignKey(
        "articles.ArticleUpdate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        editable=False,
    )

    class Meta:
        ordering = ["published_at", "pk"]
        indexes = [models.Index(fields=["-published_at"], name="correction_newest_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#corrections"


class ArticleUpdate(models.Model):
    """The history of substantive updates: every time “Last updated” moved."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="updates")
    updated_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return f"{self.article} updated {self.updated_at:%Y-%m-%d %H:%M}"
