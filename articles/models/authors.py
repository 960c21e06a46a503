"""Writers credited in bylines."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
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
        help_text="A portrait; shown on the author page with the picture's alternative text (describe the person).",
    )
    # What readers need to judge a byline (the Trust Project's "author expertise").
    role = models.CharField(
        max_length=120,
        blank=True,
        help_text="Job title shown on the author page and in search data, e.g. “Banking correspondent”.",
    )
    expertise = models.CharField(
        "areas of expertise",
        max_length=300,
        blank=True,
        help_text="Comma-separated topics this author knows well, e.g. “Central banks, Bond markets”.",
    )
    credentials = models.TextField(
        blank=True,
        max_length=600,
        help_text="Qualifications and experience, one a line: “CFA charterholder”, “Ten years on a markets desk”.",
    )
    contact_email = models.EmailField(
        "contact email", blank=True, help_text="Where readers can write to this author; shown on the author page."
    )
    same_as = models.TextField(
        "other profiles",
        blank=True,
        max_length=2000,
        help_text="The author's profiles elsewhere (LinkedIn, Mastodon, a personal site): one web address a line.",
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

    def clean(self):
        check = URLValidator(schemes=["https", "http"])
        for line in filter(None, (line.strip() for line in self.same_as.splitlines())):
            try:
                check(line)
            except ValidationError:
                raise ValidationError({"same_as": f"“{line[:80]}” is not a web address (https://…)."}) from None

    @property
    def expertise_list(self):
        return [topic.strip() for topic in self.expertise.split(",") if topic.strip()]

    @property
    def credential_list(self):
        return [line.strip() for line in self.credentials.splitlines() if line.strip()]

    @property
    def profile_links(self):
        """The "other profiles" lines that are web addresses (anything else is left out)."""
        return [line.strip() for line in self.same_as.splitlines() if line.strip().startswith(("https://", "http://"))]
