"""Images uploaded by editors, with their pre-made renditions."""

from functools import lru_cache

from django.core.files.storage import default_storage
from django.db import models


@lru_cache(maxsize=8192)
def rendition_url(path):
    """Public URL of a stored rendition, computed once per process.

    A home page shows ~60 cards with ~12 renditions each; building every URL
    through the storage API each time was a third of the page's render time.
    Media on this site is public and its URLs do not expire, so caching is safe.
    """
    return default_storage.url(path)


class Image(models.Model):
    """An uploaded picture with its alt text, caption and credit.

    `renditions` records the resized copies made once after upload
    ({"webp": {"640": "path"}, "jpeg": {...}}), so pages can build a
    `srcset` without touching the disk or running another query.
    """

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG or WebP. Large photos are resized for readers automatically.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe what the picture shows for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the picture.")
    credit = models.CharField(max_length=120, blank=True, help_text="Photographer or agency, e.g. “Reuters/Jane Doe”.")
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.file.name

    def get_absolute_url(self):
        return self.file.url

    def sources(self, fmt):
        """(url, width) pairs of one format's renditions, narrowest first."""
        by_width = self.renditions.get(fmt) or {}
        return [(rendition_url(path), int(w)) for w, path in sorted(by_width.items(), key=lambda i: int(i[0]))]

    def srcset(self, fmt):
        return ", ".join(f"{url} {width}w" for url, width in self.sources(fmt))

    def fallback_url(self, max_width=None):
        """The JPEG rendition nearest `max_width`, or the original upload."""
        sources = self.sources("jpeg")
        if not sources:
            return self.file.url
        if max_width:
            fitting = [s for s in sources if s[1] <= max_width]
            return (fitting[-1] if fitting else sources[0])[0]
        return sources[-1][0]
