"""A live blog: the article's coverage window, and its stream of entries."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from portal.web.fields import RichTextField


class LiveBlog(models.Model):
    """Makes its article a live blog: entries under the story, a "Live" badge while coverage is open."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="liveblog")
    started_at = models.DateTimeField(
        "coverage started",
        default=timezone.now,
        help_text="When the live coverage began (schema.org coverageStartTime). Usually when it was published.",
    )
    ended_at = models.DateTimeField(
        "coverage ended",
        null=True,
        blank=True,
        help_text="Leave blank while the live blog is running. Set it (now, or a time later today) to close it: "
        "the “Live” badge goes and the page says when coverage ended.",
    )

    class Meta:
        verbose_name = "live blog"
        indexes = [models.Index(fields=["ended_at"], name="liveblog_ended_idx")]

    def __str__(self):
        return f"Live blog of “{self.article}”" if self.article_id else "live blog"

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": "Coverage cannot end before it started."})

    @property
    def is_open(self):
        """Still running: no end time, or one still to come."""
        return self.ended_at is None or self.ended_at > timezone.now()


class EntryQuerySet(models.QuerySet):
    def published(self):
        """Entries readers may see (their live blog's article must be live too: callers start from one)."""
        return self.filter(status=LiveBlogEntry.Status.PUBLISHED, published_at__isnull=False)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class LiveBlogEntry(models.Model):
    """One timestamped update of a live blog."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        DRAFT = "draft", "Draft"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="live_entries")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="“Published” shows the entry to readers as soon as you save; a draft waits until you publish it.",
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional short headline of the update. Key events are listed by it in the summary at the top "
        "(without one, by the entry's first words).",
    )
    body = RichTextField(help_text="The update. Pictures, quotes and links as in an article body.")
    author = models.ForeignKey(
        "articles.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_entries",
        help_text="Who filed this update (shown with it).",
    )
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="List this update in the key events summary at the top."
    )
    is_pinned = models.BooleanField(
        "pinned", default=False, help_text="Keep this update at the top of the stream (e.g. a standing summary)."
    )
    published_at = models.DateTimeField(
        "published", null=True, blank=True, editable=False, help_text="Set when the entry is first published."
    )
    updated_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when the text of a published entry changes; readers see “Updated hh:mm”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live blog entry"
        verbose_name_plural = "live blog entries"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["article", "status", "-published_at"], name="liveentry_stream_idx")]

    def __str__(self):
        return self.title or self.excerpt or "live blog entry"

    def save(self, *args, **kwargs):
        # The stream's timestamps are integrity, not a side effect: kept with the row.
        now = timezone.now()
        stored = getattr(self, "_stored", None)
        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                self.published_at = now
            elif stored and stored["status"] == self.Status.PUBLISHED:
                body = self._meta.get_field("body").sanitize(self.body or "")
                if stored["title"] != self.title or stored["body"] != body:
                    self.updated_at = now
        super().save(*args, **kwargs)
        self._stored = {"title": self.title, "body": self.body, "status": self.status}

    def get_absolute_url(self):
        article = self.article
        return reverse(
            "liveblog:entry", kwargs={"section": article.category.slug, "slug": article.slug, "entry": self.pk}
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What readers saw: an edit of a published entry's text shows "Updated hh:mm".
        instance._stored = {name: values[field_names.index(name)] for name in ("title", "body", "status")}
        return instance

    @property
    def anchor(self):
        """The id of the entry on the live blog's page (#entry-12)."""
        return f"entry-{self.pk}"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    @property
    def excerpt(self):
        """The entry's first words, for lists and titles when it has no title of its own."""
        words = strip_tags(self.body or "").split()
        text = " ".join(words[:14])
        return f"{text}…" if len(words) > 14 else text

    @property
    def label(self):
        return self.title or self.excerpt

    @property
    def show_updated(self):
        """Its text was edited after it was published: readers see "Updated hh:mm"."""
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)
