"""The corrections feed (RSS 2.0 and Atom): every correction and clarification on live articles, newest first.

Built like the article feeds (`articles.feeds`): one `Feed` class, the
format chosen by the URL, public caching and the surrogate keys of what it
lists, so a new correction purges it.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from articles.changes import articles_mentioned
from articles.feeds import MediaAtomFeed, MediaRssFeed
from articles.models import Article, Correction
from portal.web import changes
from portal.web.cache import cache_public
from portal.web.pagecache import surrogate_keys_add


class CorrectionFeed(Feed):
    feed_type = MediaRssFeed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        if response.status_code == 200:
            cache_public(response)
        return response

    def title(self):
        return f"{settings.SITE_NAME}: corrections and clarifications"

    def link(self):
        return reverse("articles:corrections")

    def description(self):
        return escape(f"Every correction and clarification {settings.SITE_NAME} makes to its published stories.")

    def feed_copyright(self):
        return f"Copyright © {settings.PUBLISHER_NAME}"

    def items(self):
        live = Article.objects.published().values("pk")
        items = list(
            Correction.objects.filter(article__in=live)
            .select_related("article__category")
            .defer("article__body")
            .order_by("-published_at", "-pk")[: settings.FEED_ITEMS]
        )
        articles_mentioned(self.request, [item.article for item in items])
        surrogate_keys_add(self.request, changes.CORRECTIONS, changes.LISTINGS)
        return items

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item):
        # Feed readers treat the description as HTML: the plain text is escaped here, then as XML.
        return escape(item.text)

    def item_link(self, item):
        # The "What changed" page, at this correction: it links the version that was corrected.
        kwargs = {"section": item.article.category.slug, "slug": item.article.slug}
        return f"{reverse('articles:history', kwargs=kwargs)}#correction-{item.pk}"

    def item_guid(self, item):
        host = self.request.get_host().split(":")[0]
        return f"tag:{host},2010:correction:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_kind_display(), item.article.category.name]


class AtomCorrectionFeed(CorrectionFeed):
    feed_type = MediaAtomFeed


def correction_feed(request, fmt="rss"):
    """The feed in the format the URL names; a fresh instance per request (it keeps the request)."""
    return (AtomCorrectionFeed if fmt == "atom" else CorrectionFeed)()(request)
