"""Article search: one page, two engines.

PostgreSQL: full-text search on the stored, weighted vectors of
`SearchDocument` (`postgres.py`, kept current by `index.py`). SQLite, the
development default: a plain substring match over the same fields
(`fallback.py`). Both take the reader's words through `query.py` and mark
matches through `highlight.py`, so the page and its tests are the same.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone
from django.utils.functional import cached_property

from articles.models import Article
from articles.search import fallback, postgres
from articles.search.query import clean_query, parse_terms

RELEVANCE, NEWEST = "relevance", "newest"
#: Results counted and paged through at most: 50 pages of 20. Nobody reads
#: further, and counting 70,000 matches exactly costs more than the search.
MAX_RESULTS = 1000


class SearchPaginator(Paginator):
    """Counts up to MAX_RESULTS matches (`capped` says there are more)."""

    @cached_property
    def count(self):
        found = self.object_list.order_by().values("pk")[: MAX_RESULTS + 1].count()
        self.capped = found > MAX_RESULTS
        return min(found, MAX_RESULTS)

    capped = False


@dataclass(frozen=True)
class SearchParams:
    """A reader's search, already validated (see `articles.search.forms.SearchForm`)."""

    text: str = ""
    section_ids: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    order: str = RELEVANCE

    @property
    def has_criteria(self):
        return bool(self.text or self.section_ids or self.start or self.end)


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def search_articles(params: SearchParams):
    """Published articles matching `params`, best first, as a lazy queryset.

    Each row carries `headline_html` and `snippet_html` once passed through
    `decorate()`. With no words, the filters alone list articles newest first.
    """
    queryset = Article.objects.published().select_related("category__default_disclosure", "hero_image")
    queryset = queryset.with_disclosures()
    if params.section_ids:
        queryset = queryset.filter(category_id__in=params.section_ids)
    # Whole days in the newsroom's time zone; plain datetimes keep the publish-time index usable.
    if params.start:
        queryset = queryset.filter(publish_at__gte=local_midnight(params.start))
    if params.end:
        queryset = queryset.filter(publish_at__lt=local_midnight(params.end + timedelta(days=1)))
    if not params.text:
        return queryset.defer("body").newest_first()
    engine = postgres if connection.vendor == "postgresql" else fallback
    return engine.search(queryset, params.text, by_relevance=params.order == RELEVANCE)


def refused_search(error) -> bool:
    """Whether the database refused the search itself (its text), rather than being down.

    PostgreSQL: data exceptions (22...), program limits (54...), a syntax
    error, or an internal error of the text-search parser ("tsquery stack
    too small" is XX000). SQLite: a LIKE pattern or expression too complex.
    """
    cause = error.__cause__
    state = getattr(cause, "sqlstate", None) or ""
    if state:
        return state[:2] in ("22", "54") or state == "42601" or (state == "XX000" and "tsquery" in str(cause))
    message = str(error).lower()
    return any(phrase in message for phrase in ("too complex", "too large", "too many", "too big", "stack overflow"))


def decorate(articles, text):
    """Give each article of a result page its highlighted headline and snippet (safe HTML)."""
    engine = postgres if connection.vendor == "postgresql" else fallback
    engine.decorate(articles, text)
    return articles


__all__ = [
    "MAX_RESULTS",
    "NEWEST",
    "RELEVANCE",
    "SearchPaginator",
    "SearchParams",
    "clean_query",
    "decorate",
    "parse_terms",
    "refused_search",
    "search_articles",
]
