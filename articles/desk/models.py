"""Autosaved drafts (one per editor and article) and the article's optional SEO and social fields."""

from django.conf import settings
from django.db import models
from django.db.models import Q

SEO_TITLE_LENGTH = 60
META_DESCRIPTION_LENGTH = 160


class SeoFields(models.Model):
    """What search results and social cards show when it should differ from the headline and summary."""

    seo_title = models.CharField(
        "SEO title",
        max_length=120,
        blank=True,
        help_text=f"Optional: the title in search results and the browser tab, instead of the headline. "
        f"Search engines show about {SEO_TITLE_LENGTH} characters.",
    )
    seo_description = models.CharField(
        "meta description",
        max_length=300,
        blank=True,
        help_text=f"Optional: the text under the title in search results and on social cards, instead of "
        f"the summary. About {META_DESCRIPTION_LENGTH} characters are shown.",
    )
    social_headline = models.CharField(
        "title on social cards",
        max_length=200,
        blank=True,
        help_text="Optional: the title of the card when the story is shared (Facebook, X, LinkedIn…); "
        "blank uses the headline.",
    )
    social_image = models.ForeignKey(
        "articles.Image",
        verbose_name="picture on social cards",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: the picture of the shared card; blank uses the hero picture, cropped around "
        "its focal point.",
    )

    class Meta:
        abstract = True

    @property
    def page_title(self):
        return self.seo_title or self.headline

    @property
    def page_description(self):
        return self.seo_description or self.summary

    @property
    def share_title(self):
        return self.social_headline or self.headline


class ArticleDraft(models.Model):
    """The form as an editor left it, saved every few seconds of typing; never a revision.

    One row per editor and article, or per editor for the article they are
    writing and have not saved yet (`article` empty). It is only ever read
    back into that editor's own form, so it cannot overwrite anyone's save;
    a successful save of the form deletes it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="autosaved_drafts"
    )
    data = models.JSONField(help_text="The form's fields as {name: [values]}.")
    labels = models.JSONField(
        default=dict, blank=True, help_text="Shown text of chosen options: {name: {value: text}}."
    )
    base_version = models.CharField(
        max_length=64, blank=True, help_text="The article's version the form was opened at (its modified time)."
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = "autosaved draft"
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="articledraft_user_article_uniq"),
            # NULLs are distinct in a unique index: the unsaved article needs its own rule.
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="articledraft_user_new_uniq"
            ),
        ]

    def __str__(self):
        return f"Autosaved draft of {self.article or 'a new article'} by {self.user}"
