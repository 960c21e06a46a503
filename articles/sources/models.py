"""The "Sources and methods" of an article: a note on how it was reported and the links it cites."""

from django.core.validators import URLValidator
from django.db import models

from portal.web.fields import RichTextField


class SourcesNote(models.Model):
    """How the story was reported, in the newsroom's words (sanitized rich text)."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="sources_note")
    methods = RichTextField(
        "how this story was reported",
        blank=True,
        help_text="Optional: who you spoke to, what you checked, which data you used and how. Shown under "
        "“Sources and methods” at the end of the article.",
    )

    class Meta:
        verbose_name = "sources and methods note"

    def __str__(self):
        return f"Sources and methods of {self.article}"


class SourceLink(models.Model):
    """An original document or data set the story cites; checked periodically for dead links."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        DATA = "data", "Data"
        STATEMENT = "statement", "Statement or filing"
        COVERAGE = "coverage", "Earlier coverage"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="source_links")
    position = models.PositiveSmallIntegerField(default=0, help_text="Order in the list (smallest first).")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DOCUMENT)
    title = models.CharField(
        max_length=200, help_text="What readers will find there, e.g. “Bank of England Monetary Policy Report”."
    )
    url = models.URLField(
        "web address",
        max_length=500,
        validators=[URLValidator(schemes=["https", "http"])],
        help_text="The original document or data (https://…).",
    )
    # Written by the link check only (with update(): no purge, readers never see them).
    checked_at = models.DateTimeField("last checked", null=True, blank=True, editable=False)
    status_code = models.PositiveSmallIntegerField("answer", null=True, blank=True, editable=False)
    problem = models.CharField(max_length=200, blank=True, editable=False)
    is_dead = models.BooleanField("dead link", default=False, editable=False)

    class Meta:
        ordering = ["article", "position", "pk"]
        verbose_name = "source link"
        indexes = [models.Index(fields=["is_dead", "checked_at"], name="sourcelink_dead_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A new address has not been checked: an old "dead" mark must not stick to it (integrity, not a side effect).
        if getattr(self, "_stored_url", self.url) != self.url:
            self.checked_at, self.status_code, self.problem, self.is_dead = None, None, "", False
        super().save(*args, **kwargs)
        self._stored_url = self.url

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#sources"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "url" in field_names:
            instance._stored_url = values[field_names.index("url")]
        return instance
