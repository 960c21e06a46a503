"""Writers credited in bylines."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Author(models.Model):
    """A person credited in bylines; may be linked to an editor's login."""

    name = models.CharField(max_length=120, help_text="As printed in the byline.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The author page's address.")
    bio = models.TextField(blank=True, max_length=600, help_text="A short biography, plain text.")
    photo = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait; shown on the author page.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="Optional: the account this author logs in with.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})
