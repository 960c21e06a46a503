"""The newsroom's models, import them from here.

The core (sections, authors, images, articles, disclosures, corrections,
discovery) lives in this package; each feature package keeps its own
`models.py` (`publications/`, `video/`, `importing/`, `workflow/`, `api/`, `liveblog/`, `demo/`) and is
re-exported here, so every model keeps the "articles" app label and no
migration moves a table.
"""

from articles.alerts.models import Alert, AlertDelivery, PushSubscription
from articles.api.models import ApiKey
from articles.breaking.models import BreakingBanner
from articles.demo.models import DemoStory
from articles.desk.models import ArticleDraft
from articles.history.models import UpdateRevision
from articles.importing.models import ImportJob, ImportRecord, LegacyRedirect
from articles.liveblog.models import LiveBlog, LiveBlogEntry
from articles.models.articles import (
    Article,
    ArticleQuerySet,
    TaggedArticle,
    published_q,
    reading_minutes,
)
from articles.models.authors import Author
from articles.models.corrections import ArticleUpdate, Correction
from articles.models.disclosures import DISCLOSURE_LABEL_FIELDS, Disclosure, DisclosureChange
from articles.models.discovery import ArticleDailyViews, SearchDocument
from articles.models.images import Image
from articles.models.redirects import ArticleSlugRedirect
from articles.models.sections import Category
from articles.models.takeaways import FrequentlyAskedQuestion, KeyTakeaway
from articles.publications.models import MagazineContentsEntry, MagazineIssue, ResearchReport
from articles.related.models import RelatedStory
from articles.sources.models import SourceLink, SourcesNote
from articles.video.models import ArticleVideo
from articles.workflow.models import PreviewLink, ReviewLogEntry

__all__ = [
    "DISCLOSURE_LABEL_FIELDS",
    "Alert",
    "AlertDelivery",
    "ApiKey",
    "Article",
    "ArticleDailyViews",
    "ArticleDraft",
    "ArticleQuerySet",
    "ArticleSlugRedirect",
    "ArticleUpdate",
    "ArticleVideo",
    "Author",
    "BreakingBanner",
    "Category",
    "Correction",
    "DemoStory",
    "Disclosure",
    "DisclosureChange",
    "FrequentlyAskedQuestion",
    "Image",
    "ImportJob",
    "ImportRecord",
    "KeyTakeaway",
    "LegacyRedirect",
    "LiveBlog",
    "LiveBlogEntry",
    "MagazineContentsEntry",
    "MagazineIssue",
    "PreviewLink",
    "PushSubscription",
    "RelatedStory",
    "ResearchReport",
    "ReviewLogEntry",
    "SearchDocument",
    "SourceLink",
    "SourcesNote",
    "TaggedArticle",
    "UpdateRevision",
    "published_q",
    "reading_minutes",
]
