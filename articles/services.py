"""Side effects of the newsroom: renditions, cache purges, bulk status changes."""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.images import make_renditions
from articles.models import Article, ArticleUpdate, Category, DisclosureChange, Image
from articles.search import index as search_index

NAVIGATION_CACHE_KEY = "articles:navigation:v2"


class NavSection(NamedTuple):
    """A menu entry: enough to link a section and to query its stories."""

    id: int
    name: str
    slug: str
    url: str


def image_refresh_renditions(*, image: Image) -> Image:
    """Make the image's renditions and record them on the row."""
    renditions = make_renditions(image)
    image.width, image.height = renditions.pop("size")
    image.renditions = renditions
    Image.objects.filter(pk=image.pk).update(renditions=renditions, width=image.width, height=image.height)
    return image


def search_index_update(*, article_ids=None, stale_only=False, progress=None) -> int:
    """Recompute the search vectors of these articles (all when None); PostgreSQL only.

    Call it after changing an article, its tags or its byline outside the
    admin (the admin calls it itself); bulk writers call it once at the end.
    """
    return search_index.refresh(article_ids, stale_only=stale_only, progress=progress)


def navigation_sections():
    """The sections in the main menu, cached: the chrome of every page costs no query."""
    sections = cache.get(NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = [NavSection(c.pk, c.name, c.slug, c.get_absolute_url()) for c in Category.objects.in_navigation()]
        cache.set(NAVIGATION_CACHE_KEY, sections, settings.NAVIGATION_CACHE_SECONDS)
    return sections


def navigation_clear():
    """Forget the cached menu; run after an editor changes sections."""
    transaction.on_commit(lambda: cache.delete(NAVIGATION_CACHE_KEY))


def effective_disclosure_ids(*, explicit_ids, category, use_section_disclosure) -> set[int]:
    """The disclosure ids readers would see for these choices."""
    ids = set(explicit_ids)
    if use_section_disclosure and category is not None and category.default_disclosure_id:
        ids.add(category.default_disclosure_id)
    return ids


def article_disclosure_ids(article) -> set[int]:
    return effective_disclosure_ids(
        explicit_ids=article.disclosures.values_list("pk", flat=True),
        category=article.category,
        use_section_disclosure=article.use_section_disclosure,
    )


def article_disclosures_record(*, article, before, after, user=None, reason="") -> list[DisclosureChange]:
    """Write an audit row for each disclosure readers gain or lose on this article."""
    rows = [
        DisclosureChange(article=article, disclosure_id=pk, action=action, user=user, reason=reason)
        for action, ids in (
            (DisclosureChange.Action.ADDED, after - before),
            (DisclosureChange.Action.REMOVED, before - after),
        )
        for pk in sorted(ids)
    ]
    return DisclosureChange.objects.bulk_create(rows)


def article_record_update(*, article, user=None, note="", at=None) -> ArticleUpdate:
    """Move “Last updated” and keep the update in the article's history."""
    at = at or timezone.now()
    Article.objects.filter(pk=article.pk).update(updated_at=at)
    article.updated_at = at
    return ArticleUpdate.objects.create(article=article, updated_at=at, note=note[:300], user=user)
