"""The newsroom's models, split by subject; import them from here."""

from articles.models.articles import (
    Article,
    ArticleQuerySet,
    ArticleSlugRedirect,
    FrequentlyAskedQuestion,
    KeyTakeaway,
    TaggedArticle,
    published_q,
    reading_minutes,
)
from articles.models.authors import Author
from articles.models.images import Image
from articles.models.sections import Category

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleSlugRedirect",
    "Author",
    "Category",
    "FrequentlyAskedQuestion",
    "Image",
    "KeyTakeaway",
    "TaggedArticle",
    "published_q",
    "reading_minutes",
]
