"""The lists readers can subscribe to (Daily Headlines, Weekly Finance, ...)."""

from django.db import models
from django.urls import reverse


class NewsletterListQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class NewsletterList(models.Model):
    """A newsletter readers can pick; issues are sent to one list."""

    name = models.CharField(max_length=80, unique=True, help_text="Shown on the signup forms, e.g. “Daily Headlines”.")
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Used in form values and the List-Id header; changing it is harmless."
    )
    description = models.TextField(
        max_length=500, blank=True, help_text="One or two sentences on the newsletter page: what and how often."
    )
    is_default = models.BooleanField(
        "default list",
        default=False,
        help_text="The small signup boxes subscribe readers to the default list(s); "
        "the newsletter page ticks them in advance.",
    )
    is_active = models.BooleanField(
        "open for signups",
        default=True,
        help_text="Untick to hide the list from readers; current subscribers keep their subscription.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NewsletterListQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "newsletter list"
        indexes = [models.Index(fields=["is_active", "position"], name="nl_list_active_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('newsletter:index')}#list-{self.slug}"
