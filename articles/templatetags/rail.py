"""The right rail of article and section pages ({% reader_rail %}): Most read, Latest, the newsletter, the magazine."""

from django import template

from articles import rail, readership
from articles.changes import articles_mentioned, articles_shown
from portal.web.pagecache import surrogate_keys_add

register = template.Library()

RAIL_TRENDING = 5
RAIL_LATEST = 5


@register.inclusion_tag("includes/rail.html", takes_context=True)
def reader_rail(context, article=None):
    """The rail's lists, leaving out the page's own story; each declares what it shows for the page cache.

    The article view already has `trending` (it leaves the story out); other pages get it here, from the cache.
    """
    request = context.get("request")
    exclude = getattr(article, "pk", None)
    trending = context.get("trending")
    if trending is None:
        trending = [a for a in readership.trending_articles() if a.pk != exclude][:RAIL_TRENDING]
        articles_shown(request, trending)
    latest = rail.latest_headlines(limit=RAIL_LATEST, exclude=exclude)
    articles_mentioned(request, latest)
    cover = rail.newest_cover()
    # The cover's own issue; a newer issue reaches the rail when the cached cover expires (TRENDING_CACHE_SECONDS).
    if cover is not None:
        surrogate_keys_add(request, f"magazine-{cover.pk}")
    return {"request": request, "trending": trending, "latest": latest, "cover": cover}
