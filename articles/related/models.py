"""Related stories an editor picked for an article."""

from django.db import models
from django.db.models import F, Q


class RelatedStory(models.Model):
    """One hand-picked story under “Related”; the picks come first, in their order, before the automatic ones."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="related_picks")
    related = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="story",
        help_text="A story readers of this one should see. Shown only while it is live.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"], name="related_story_once", violation_error_message="Picked twice."
            ),
            models.CheckConstraint(
                condition=~Q(related=F("article")),
                name="related_story_not_itself",
                violation_error_message="A story cannot be related to itself.",
            ),
        ]
        verbose_name = "related story"
        verbose_name_plural = "related stories (picked)"

    def __str__(self):
        return f"{self.position}. {self.related_id}"
