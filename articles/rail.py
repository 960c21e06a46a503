"""The right rail of article and section pages: the latest headlines and the newest magazine cover.

Both are small lists every page shows, so they are cached (one query each when cold, none when warm) and
forgotten when an article or a magazine issue changes (`articles.changes`), like the trending list.
"""

from django.conf import settings
from django.core.cache import cache

from articles.models import Article, MagazineIssue

LATEST_KEY = "articles:rail:latest:v1"
COVER_KEY = "articles:rail:cover:v1"
LATEST_KEPT = 8  # one more than shown, and room for the page's own story to be left out
NO_COVER = "none"  # cached too, so a site without magazines does not ask on every page


def latest_headlines(*, limit=5, exclude=None):
    """The newest published stories as headline lines (section, headline, time), leaving out `exclude`."""
    kept = cache.get(LATEST_KEY)
    if kept is None:
        kept = list(
            Article.objects.published()
            .select_related("category")
            .only("headline", "slug", "publish_at", "updated_at", "category__name", "category__slug")
            .newest_first()[:LATEST_KEPT]
        )
        cache.set(LATEST_KEY, kept, settings.TRENDING_CACHE_SECONDS)
    return [article for article in kept if article.pk != exclude][:limit]


def newest_cover():
    """The newest published magazine issue with its cover picture, or None."""
    kept = cache.get(COVER_KEY)
    if kept is None:
        kept = MagazineIssue.objects.published().select_related("cover").order_by("-number").first() or NO_COVER
        cache.set(COVER_KEY, kept, settings.TRENDING_CACHE_SECONDS)
    return None if isinstance(kept, str) else kept


def latest_forget():
    cache.delete(LATEST_KEY)


def cover_forget():
    cache.delete(COVER_KEY)
