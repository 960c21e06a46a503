"""Which stories the demo seeder wrote, so running it again fills gaps and never touches anyone else's."""

from django.db import models


class DemoStory(models.Model):
    """A demo story's number in the seeder's plan (its content is a function of it).

    Kept apart from the story so demo stories carry clean addresses, like a
    real portal's: a renamed demo story keeps its number, a deleted one is
    written again, an editor's own stories are never counted.
    """

    number = models.PositiveIntegerField(unique=True)
    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="demo_story")

    class Meta:
        verbose_name = "demo story"
        verbose_name_plural = "demo stories"
        ordering = ["number"]

    def __str__(self):
        return f"Demo story {self.number}"
