"""Which stories "Related" shows under an article: the editors' picks in their order, then the best automatic ones.

Automatic ones share the article's tags or its section, each shared tag
counting more than the section, and fade with age (halved every
RELATED_HALF_LIFE_DAYS), so a fresh story on the same subject beats an old
one that shares one more tag. The candidates (picks, the newest stories
sharing a tag, the section's newest) are scored in one query of a few
columns; the cards are read in a second. The article page keeps the
result as a piece named by the article's version and declares what it
depends on, so a warm page reads neither (`Related.stories`).
"""

from functools import cached_property

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article, RelatedStory, TaggedArticle
from portal.web.pagecache import surrogate_keys_add

#: How many of the newest stories sharing a tag, and of the section's newest, are scored.
TAGGED_CANDIDATES = 200
SECTION_CANDIDATES = 20
TAG_WEIGHT = 1.0
SECTION_WEIGHT = 0.5


def related_ids(article, *, limit=None, now=None, exclude=()):
    """The ids of `article`'s related stories, best first (one query); `exclude`: ids to leave out."""
    limit = settings.RELATED_STORIES if limit is None else limit
    now = now or timezone.now()
    live = Article.objects.published(now=now).exclude(pk=article.pk)
    tag_ids = TaggedArticle.objects.filter(content_object_id=article.pk).values("tag_id")
    picks = RelatedStory.objects.filter(article_id=article.pk)
    tagged = (
        TaggedArticle.objects.filter(tag_id__in=tag_ids, content_object__in=live.values("pk"))
        .order_by("-content_object__publish_at")
        .values("content_object_id")[:TAGGED_CANDIDATES]
    )
    section = live.filter(category_id=article.category_id).order_by("-publish_at").values("pk")[:SECTION_CANDIDATES]
    shared = (
        TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        live.filter(Q(pk__in=picks.values("related_id")) | Q(pk__in=tagged) | Q(pk__in=section))
        .exclude(pk__in=list(exclude))
        .annotate(
            shared=Coalesce(Subquery(shared, output_field=IntegerField()), 0),
            pick=Subquery(picks.filter(related_id=OuterRef("pk")).values("position")[:1]),
        )
        .order_by()
        .values_list("pk", "shared", "pick", "category_id", "publish_at")
    )
    picked, scored = [], []
    half_life = max(1, settings.RELATED_HALF_LIFE_DAYS) * 86400
    for pk, shared_tags, pick, category_id, published in rows:
        if pick is not None:
            picked.append((pick, pk))
            continue
        weight = shared_tags * TAG_WEIGHT + (SECTION_WEIGHT if category_id == article.category_id else 0)
        age = max(0.0, (now - published).total_seconds())
        scored.append((-weight * 0.5 ** (age / half_life), -published.timestamp(), pk))
    ordered = [pk for _position, pk in sorted(picked)] + [pk for *_rank, pk in sorted(scored)]
    return ordered[:limit]


def related_articles(ids):
    """The card rows of `ids`, in that order (one query)."""
    if not ids:
        return []
    found = Article.objects.published().for_cards().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class Related:
    """ "Related" under an article page: read only when its piece is rendered (not when it is kept)."""

    def __init__(self, article, request=None):
        self.article = article
        self.request = request

    @cached_property
    def stories(self):
        article = self.article
        stories = related_articles(related_ids(article))
        # What would change the list: its picks (article-<pk>), a story joining or leaving its section or one
        # of its tags; each story's own change is declared by its card.
        prefetched = getattr(article, "_prefetched_objects_cache", {}).get("tags")
        tags = [t.pk for t in prefetched] if prefetched is not None else self._tag_ids()
        surrogate_keys_add(
            self.request,
            f"article-{article.pk}",
            f"list-section-{article.category_id}",
            *(f"list-tag-{pk}" for pk in tags),
        )
        return stories

    def _tag_ids(self):
        return list(TaggedArticle.objects.filter(content_object_id=self.article.pk).values_list("tag_id", flat=True))
