"""Which revision each substantive update made: the version "What changed" shows for it."""

from django.db import models


class UpdateRevision(models.Model):
    """Links an update of "Last updated" to the django-reversion revision saved with it (a revision meta row)."""

    revision = models.OneToOneField("reversion.Revision", on_delete=models.CASCADE, related_name="article_update")
    update = models.OneToOneField("articles.ArticleUpdate", on_delete=models.CASCADE, related_name="revision_link")

    class Meta:
        verbose_name = "revision of an update"

    def __str__(self):
        return f"{self.update} (revision {self.revision_id})"
