"""The short lists under an article: key takeaways and the reader FAQ."""

from django.db import models
from django.utils.text import format_lazy


class KeyTakeaway(models.Model):
    """One point in the article's “Key Takeaways” list."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="takeaways")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    text = models.CharField(max_length=300, help_text="One sentence a reader should remember.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class FrequentlyAskedQuestion(models.Model):
    """A reader question and its answer, shown under “Frequently Asked Questions”."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="faqs")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    question = models.CharField(max_length=300, help_text="Phrase it as a reader would ask it.")
    answer = models.TextField(max_length=2000, help_text="A short plain-text answer.")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ"

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return format_lazy("{}#faq", self.article.get_absolute_url())
