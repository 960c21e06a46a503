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
from articles.models.discovery import ArticleDailyViews, SearchDocument
from articles.models.images import Image
from articles.models.imports import ImportJob, ImportRecord, LegacyRedirect
from articles.models.publications import MagazineContentsEntry, MagazineIssue, ResearchReport
from articles.models.sections import Category
from articles.models.trust import (
    DISCLOSURE_LABEL_FIELDS,
    ArticleUpdate,
    Correction,
    Disclosure,
    DisclosureChange,
)
from articles.models.video import ArticleVideo
from articles.models.workflow import PreviewLink, ReviewLogEntry

__all__ = [
    "DISCLOSURE_LABEL_FIELDS",
    "Article",
    "ArticleDailyViews",
    "ArticleUpdate",
    "ArticleVideo",
    "Correction",
    "Disclosure",
    "DisclosureChange",
    "ArticleQuerySet",
    "ArticleSlugRedirect",
    "Author",
    "Category",
    "FrequentlyAskedQuestion",
    "Image",
    "ImportJob",
    "ImportRecord",
    "LegacyRedirect",
    "KeyTakeaway",
    "MagazineContentsEntry",
    "MagazineIssue",
    "ResearchReport",
    "TaggedArticle",
    "PreviewLink",
    "ReviewLogEntry",
    "published_q",
    "SearchDocument",
    "reading_minutes",
]
