"""What finding articles needs stored: the search index and daily readership."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class HeadlineVector(models.Func):
    """The headline's words of a `head` vector (weight A): `ts_filter(head, '{a}')`."""

    function = "ts_filter"
    template = "%(function)s(%(expressions)s, '{a}')"
    output_field = SearchVectorField()


class SearchDocument(models.Model):
    """An article's weighted full-text vectors (PostgreSQL), one row per article.

    A table of its own, not a column on Article: every article query would
    otherwise carry a vector several kilobytes long. Written only by
    `articles.search.index` (the `update_search_index` command and the
    services it backs). On SQLite the table stays empty: search there
    matches the article's own columns (see `articles.search.fallback`).
    """

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    #: Everything searchable (headline, summary, tags, authors, body): decides what matches.
    vector = SearchVectorField(null=True)
    #: The same without the body: a few hundred bytes, so ranking every match
    #: stays cheap (ts_rank over the full vectors of 10,000 matches reads
    #: megabytes). A match found only in the body ranks below any other.
    head = SearchVectorField(null=True)
    #: The article's publish time, copied: search reads the newest matches a
    #: band of time at a time, combining this index with the GIN index.
    publish_at = models.DateTimeField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "search document"
        # Migration 0003 creates this index on PostgreSQL only (SQLite has no
        # GIN); it is declared here so the migration state knows about it.
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector_gin"),
            # The headline's words alone (weight A of `head`): search always ranks
            # the newest headline matches, however common the words (migration 0023).
            GinIndex(HeadlineVector("head"), name="search_document_headline_gin"),
            models.Index(fields=["-publish_at"], name="search_document_publish_idx"),
        ]

    def __str__(self):
        return f"Search document of article {self.article_id}"


class ArticleDailyViews(models.Model):
    """How often readers opened an article on one day (site time zone).

    Filled in bulk from the view counter buffered in the cache
    (`articles.readership.flush_view_counts`), never by the page request.
    """

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="daily_views")
    date = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "-views"]
        verbose_name = "daily article views"
        verbose_name_plural = "daily article views"
        constraints = [
            # Date first: it also serves "the last 7 days" for the trending list.
            models.UniqueConstraint(fields=["date", "article"], name="article_daily_views_unique"),
        ]

    def __str__(self):
        return f"{self.article_id} on {self.date}: {self.views}"
