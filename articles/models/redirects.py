"""Old article addresses that keep working."""

from django.db import models


class ArticleSlugRedirect(models.Model):
    """A slug an article used to have; its address redirects to the article."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return self.article.get_absolute_url()
