"""Side effects of the newsroom: renditions, cache purges, bulk status changes."""

from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.images import make_renditions
from articles.models import Article, Category, Image

NAVIGATION_CACHE_KEY = "articles:navigation:v2"


class NavSection(NamedTuple):
    """A menu entry: enough to link a section and to query its stories."""

    id: int
    name: str
    slug: str
    url: str


def image_refresh_renditions(*, image: Image) -> Image:
    """Make the image's renditions and record them on the row."""
    image.renditions = make_renditions(image)
    Image.objects.filter(pk=image.pk).update(renditions=image.renditions)
    return image


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


def articles_publish(*, queryset) -> int:
    """Publish the given articles; those without a publish time go live now."""
    now = timezone.now()
    count = queryset.filter(publish_at__isnull=True).update(status=Article.Status.PUBLISHED, publish_at=now)
    return count + queryset.exclude(status=Article.Status.PUBLISHED).update(status=Article.Status.PUBLISHED)


def articles_unpublish(*, queryset) -> int:
    """Take the given articles off the site (back to draft)."""
    return queryset.exclude(status=Article.Status.DRAFT).update(status=Article.Status.DRAFT)
